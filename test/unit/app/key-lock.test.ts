import { describe, expect, it } from 'vitest';
import { KeyLock } from '../../../src/app/key-lock.svelte';
import { SettingsStore } from '../../../src/app/settings-store.svelte';
import { createMemoryRepositories } from '../../../src/adapters/storage/memory-repositories';
import { decryptApiKey, encryptApiKey } from '../../../src/adapters/crypto/key-vault';

const KEY = 'sk-or-v1-abcdef0123456789';
const PASS = 'a long enough passphrase';

async function setup(apiKey?: string) {
  const repos = createMemoryRepositories();
  const settings = new SettingsStore(repos.settings);
  await settings.load();
  if (apiKey) await settings.update((s) => void (s.remote.apiKey = apiKey));
  const lock = new KeyLock(settings, { encrypt: encryptApiKey, decrypt: decryptApiKey });
  return { repos, settings, lock };
}

describe('KeyLock', () => {
  it('reports no key, then a plain one', async () => {
    expect((await setup()).lock.status).toBe('none');
    expect((await setup(KEY)).lock.status).toBe('plain');
  });

  it('protect stores only the encrypted key, and the engine still gets the plain key in this tab', async () => {
    const { repos, settings, lock } = await setup(KEY);
    await lock.protect(PASS, PASS);
    const stored = await repos.settings.get();
    expect(stored.remote.apiKey).toBeUndefined();
    expect(stored.remote.encryptedApiKey).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(KEY);
    expect(lock.status).toBe('unlocked');
    expect(await lock.apiKey(settings.value.remote)).toBe(KEY);
  });

  it('after lock (or a reload) the engine is told to unlock; the right passphrase unlocks, a wrong one does not', async () => {
    const { settings, lock } = await setup(KEY);
    await lock.protect(PASS, PASS);
    lock.lock();
    expect(lock.status).toBe('locked');
    await expect(lock.apiKey(settings.value.remote)).rejects.toMatchObject({
      code: 'remote-auth',
      message: /Unlock it in Settings → Data/,
    });
    await expect(lock.unlock('not the passphrase')).rejects.toMatchObject({ code: 'invalid-input', message: /does not unlock/ });
    expect(lock.status).toBe('locked');
    await lock.unlock(PASS);
    expect(lock.status).toBe('unlocked');
    expect(await lock.apiKey(settings.value.remote)).toBe(KEY);
  });

  it('refuses mismatched passphrases and a missing key without touching settings', async () => {
    const { repos, lock } = await setup(KEY);
    await expect(lock.protect(PASS, `${PASS}!`)).rejects.toMatchObject({ code: 'invalid-input', message: /different/ });
    expect((await repos.settings.get()).remote.apiKey).toBe(KEY);
    await expect((await setup()).lock.protect(PASS, PASS)).rejects.toMatchObject({ message: /no API key to protect/ });
  });

  it('forget removes the key in both forms', async () => {
    const { repos, settings, lock } = await setup(KEY);
    await lock.protect(PASS, PASS);
    await lock.forget();
    expect(lock.status).toBe('none');
    const stored = await repos.settings.get();
    expect(stored.remote).not.toHaveProperty('apiKey');
    expect(stored.remote).not.toHaveProperty('encryptedApiKey');
    expect(await lock.apiKey(settings.value.remote)).toBeUndefined();
  });

  it('a key replaced elsewhere (new encrypted blob) is not treated as unlocked', async () => {
    const { settings, lock } = await setup(KEY);
    await lock.protect(PASS, PASS);
    const other = await encryptApiKey('another-key-entirely', PASS);
    await settings.update((s) => void (s.remote.encryptedApiKey = other));
    expect(lock.status).toBe('locked');
  });
});
