import { describe, expect, it, vi } from 'vitest';
import { EngineProvider, type EngineProviderDeps } from '../../../src/app/engine-provider.svelte';
import { KeyLock } from '../../../src/app/key-lock.svelte';
import { ModelManager } from '../../../src/app/model-manager.svelte';
import { SettingsStore } from '../../../src/app/settings-store.svelte';
import { createMemoryRepositories } from '../../../src/adapters/storage/memory-repositories';
import type { KeyCipher } from '../../../src/ports/key-cipher';
import type { ChatEngine } from '../../../src/ports/chat-engine';
import { AppError } from '../../../src/domain/errors';
import { FakeLoadedEngine, FakeLocalModelBackend } from '../../doubles/local-model-backend';
import { ScriptedChatEngine } from '../../doubles/scripted-chat-engine';

const KEY = 'sk-test-SECRET-0123456789';
const PASS = 'a long enough passphrase';

/** A reversible stand-in for the PBKDF2/AES vault: the lock's behaviour, not its crypto, is under test. */
const cipher: KeyCipher = {
  encrypt: async (apiKey, passphrase) => ({ salt: 's', iv: 'i', data: btoa(`${passphrase}|${apiKey}`) }),
  decrypt: async (encrypted, passphrase) => {
    const [pass, key] = atob(encrypted.data).split('|');
    if (pass !== passphrase) throw new AppError('invalid-input', 'wrong passphrase');
    return key!;
  },
};

async function remoteSetup() {
  const settings = new SettingsStore(createMemoryRepositories().settings);
  await settings.load();
  await settings.update((s) => {
    s.engine = 'remote';
    s.remote.baseUrl = 'https://api.example.test/v1';
    s.remote.model = 'm';
    s.remote.apiKey = KEY;
  });
  let erase: (() => void) | undefined;
  const keyLock = new KeyLock(settings, cipher, { erasedElsewhere: (listener) => ((erase = listener), () => undefined) });
  const builtWith: (string | undefined)[] = [];
  const engines = new EngineProvider({
    settings: () => settings.value,
    local: { getEngine: () => Promise.reject(new Error('not used')), transfer: null },
    loadPromptApi: () => Promise.reject(new Error('not used')),
    createRemote: (_remote, apiKey) => {
      builtWith.push(apiKey);
      return new ScriptedChatEngine(['ok']);
    },
    keys: keyLock,
    acknowledgeHost: async () => undefined,
  });
  return { settings, keyLock, engines, builtWith, eraseElsewhere: () => erase?.() };
}

describe('EngineProvider: the local model load shows its progress (issue 13 item 7)', () => {
  it('reports "Loading the model: N %" from the model manager while the local model loads', async () => {
    const backend = new FakeLocalModelBackend();
    const models = new ModelManager({ backend, selection: { get: () => 'Llama-3.2-1B-Instruct-q4f32_1-MLC', set: async () => undefined } });
    const settings = new SettingsStore(createMemoryRepositories().settings);
    await settings.load();
    // Wired exactly as app/container.ts wires it.
    const engines = new EngineProvider({
      settings: () => settings.value,
      local: models,
      loadPromptApi: () => Promise.reject(new Error('not used')),
      createRemote: () => new ScriptedChatEngine([]),
      keys: { apiKey: async () => undefined, onKeyDropped: () => () => undefined },
      acknowledgeHost: async () => undefined,
    });
    const ready = engines.ready();
    await vi.waitFor(() => expect(backend.loads).toHaveLength(1));
    expect(engines.loading).toBe(true);
    backend.loads[0]!.onProgress({ label: 'Loading the model onto the graphics card', phase: 'load', fraction: 0.4 });
    expect(engines.progress?.fraction).toBe(0.4);
    expect(engines.progress?.label).toBe('Loading the model onto the graphics card');
    backend.loads[0]!.resolve();
    await ready;
    expect(engines.loading).toBe(false);
    expect(engines.progress).toBeNull();
  });

  it("passes Chrome's built-in model download progress through", async () => {
    const settings = new SettingsStore(createMemoryRepositories().settings);
    await settings.load();
    await settings.update((s) => void (s.engine = 'prompt-api'));
    let report: ((p: { label: string; phase: 'download'; fraction: number }) => void) | undefined;
    let finish: ((engine: ChatEngine) => void) | undefined;
    const engines = new EngineProvider({
      settings: () => settings.value,
      local: { getEngine: () => Promise.reject(new Error('not used')), transfer: null },
      loadPromptApi: (_language, onProgress) => ((report = onProgress), new Promise((resolve) => (finish = resolve))),
      createRemote: () => new ScriptedChatEngine([]),
      keys: { apiKey: async () => undefined, onKeyDropped: () => () => undefined },
      acknowledgeHost: async () => undefined,
    });
    const ready = engines.ready();
    report?.({ label: "Downloading Chrome's built-in model", phase: 'download', fraction: 0.25 });
    expect(engines.progress?.fraction).toBe(0.25);
    finish?.(new ScriptedChatEngine([]));
    await ready;
    expect(engines.progress).toBeNull();
  });
});

describe('EngineProvider: the lost capability', () => {
  it('rebuilds an engine that reports it was lost, without knowing its class', async () => {
    const settings = new SettingsStore(createMemoryRepositories().settings);
    await settings.load();
    const first = Object.assign(new ScriptedChatEngine([]), { lost: false });
    const second = new ScriptedChatEngine([]);
    const queue: ChatEngine[] = [first, second];
    const local: EngineProviderDeps['local'] = { getEngine: async () => queue.shift()!, transfer: null };
    const engines = new EngineProvider({
      settings: () => settings.value,
      local,
      loadPromptApi: () => Promise.reject(new Error('not used')),
      createRemote: () => new ScriptedChatEngine([]),
      keys: { apiKey: async () => undefined, onKeyDropped: () => () => undefined },
      acknowledgeHost: async () => undefined,
    });
    expect(await engines.ready()).toBe(first);
    expect(await engines.ready()).toBe(first);
    first.lost = true;
    expect(await engines.ready()).toBe(second);
  });
});

describe('EngineProvider: "Lock now" locks (issue 15 hole 4)', () => {
  it('after unlock, one answer, and lock, the next request asks for the passphrase instead of sending the key', async () => {
    const { keyLock, engines, builtWith } = await remoteSetup();
    await keyLock.protect(PASS, PASS);
    keyLock.lock();
    await keyLock.unlock(PASS);
    await engines.ready(); // "answer once" with the unlocked key
    expect(builtWith).toEqual([KEY]);

    keyLock.lock();
    expect(engines.engine).toBeNull();
    expect(() => engines.current()).toThrow(/locked with a passphrase/);
    const error = (await engines.ready().catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('remote-auth');
    expect(error.message).toMatch(/Unlock it in Settings → Data/);
    expect(builtWith).toEqual([KEY]);

    await keyLock.unlock(PASS);
    await engines.ready();
    expect(builtWith).toEqual([KEY, KEY]);
  });

  it('does not keep a remote engine built while the key was being locked', async () => {
    const { keyLock, engines, settings } = await remoteSetup();
    await keyLock.protect(PASS, PASS);
    // The key is read, then the user locks before the engine is kept.
    const realApiKey = keyLock.apiKey.bind(keyLock);
    vi.spyOn(keyLock, 'apiKey').mockImplementation(async (remote) => {
      const key = await realApiKey(remote);
      keyLock.lock();
      return key;
    });
    await expect(engines.ready()).rejects.toThrow(/locked with a passphrase/);
    expect(engines.engine).toBeNull();
    expect(settings.value.remote.encryptedApiKey).toBeDefined();
  });

  it('keeps a local engine when the remote key is locked', async () => {
    const settings = new SettingsStore(createMemoryRepositories().settings);
    await settings.load();
    const keyLock = new KeyLock(settings, cipher);
    const local = new FakeLoadedEngine('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    const engines = new EngineProvider({
      settings: () => settings.value,
      local: { getEngine: async () => local, transfer: null },
      loadPromptApi: () => Promise.reject(new Error('not used')),
      createRemote: () => new ScriptedChatEngine([]),
      keys: keyLock,
      acknowledgeHost: async () => undefined,
    });
    await engines.ready();
    keyLock.lock();
    expect(engines.current()).toBe(local);
  });

  it('Forget key drops the engine holding the plain key', async () => {
    const { keyLock, engines, builtWith } = await remoteSetup();
    await engines.ready();
    await keyLock.forget();
    expect(engines.engine).toBeNull();
    await engines.ready();
    expect(builtWith).toEqual([KEY, undefined]);
  });

  it('an erase in another tab removes the key from this tab: the unlocked copy, the settings in memory, the engine', async () => {
    const { keyLock, engines, settings, eraseElsewhere } = await remoteSetup();
    await keyLock.protect(PASS, PASS);
    await engines.ready();
    eraseElsewhere();
    expect(keyLock.status).toBe('none');
    expect(JSON.stringify(settings.value)).not.toContain(KEY);
    expect(settings.value.remote.encryptedApiKey).toBeUndefined();
    expect(engines.engine).toBeNull();
    expect(() => engines.current()).toThrow(/erased in another tab/);
  });
});
