/**
 * Picks the chat engine the user chose in Settings (local WebLLM model, Chrome's built-in
 * model, or a remote OpenAI-compatible endpoint), loads it on demand and remembers it, so
 * services can ask for "the engine now" synchronously once it is ready.
 *
 * A remote engine holds the plain API key, so it is dropped the moment the key must leave
 * memory (Lock now, Forget key, an erase in another tab): the next request asks again.
 */
import type { ChatEngine } from '../ports/chat-engine';
import { AppError } from '../domain/errors';
import type { RemoteSettings, Settings } from '../domain/records';
import { hostOf } from '../domain/remote-presets';
import type { ProgressEvent } from '../ports/progress';

/** The local model's owner (ModelManager): loads on demand and reports its own load, as the Models screen shows it. */
export interface LocalEngineSource {
  getEngine(): Promise<ChatEngine>;
  /** The download or load under way; null when none. */
  readonly transfer: { label: string; phase: ProgressEvent['phase']; fraction?: number } | null;
}

/** Where the remote API key comes from (KeyLock). */
export interface RemoteKeySource {
  /** The plain API key (decrypting a passphrase-protected one if the user unlocked it). */
  apiKey(remote: RemoteSettings): Promise<string | undefined>;
  /** Calls `listener` whenever the plain key must leave memory, with what to tell the user; returns an unsubscribe. */
  onKeyDropped(listener: (reason: AppError) => void): () => void;
}

export interface EngineProviderDeps {
  settings: () => Settings;
  local: LocalEngineSource;
  loadPromptApi: (language: string | undefined, onProgress: (p: ProgressEvent) => void) => Promise<ChatEngine>;
  createRemote: (remote: RemoteSettings, apiKey: string | undefined) => ChatEngine;
  keys: RemoteKeySource;
  acknowledgeHost: (host: string) => Promise<void>;
}

export class EngineProvider {
  #engine = $state<ChatEngine | null>(null);
  #loading = $state<'local' | 'other' | null>(null);
  #progress = $state<ProgressEvent | null>(null);
  #builtFor = '';
  /** Why the remote engine was dropped (the key was locked or removed), until one is built again. */
  #dropped: AppError | null = null;
  /** Counts key drops, so a remote engine built while the key was being dropped is not kept. */
  #keyEpoch = 0;

  constructor(private readonly deps: EngineProviderDeps) {
    deps.keys.onKeyDropped((reason) => this.dropKeyHolders(reason));
  }

  /** The engine the last `ready()` produced. */
  get engine(): ChatEngine | null {
    return this.#engine;
  }

  get loading(): boolean {
    return this.#loading !== null;
  }

  /** How far loading the engine has come ("Loading the model: 40 %"); null when nothing is loading. */
  get progress(): ProgressEvent | null {
    if (this.#loading === 'local') {
      // The model manager owns the local load and its progress (the Models screen shows the same).
      const transfer = this.deps.local.transfer;
      if (!transfer) return null;
      return { label: transfer.label, phase: transfer.phase, ...(transfer.fraction !== undefined ? { fraction: transfer.fraction } : {}) };
    }
    return this.#loading ? this.#progress : null;
  }

  /** The host that will receive text in remote mode, or null for on-device engines. */
  remoteHost(): string | null {
    const s = this.deps.settings();
    return s.engine === 'remote' ? hostOf(s.remote.baseUrl) : null;
  }

  /** True when the user has not yet been told that text goes to this remote host. */
  needsRemoteNotice(): boolean {
    const host = this.remoteHost();
    return host !== null && !this.deps.settings().remote.acknowledgedHosts.includes(host);
  }

  async acknowledgeRemote(): Promise<void> {
    const host = this.remoteHost();
    if (host) await this.deps.acknowledgeHost(host);
  }

  /** Loads the chosen engine if needed and returns it. */
  async ready(options: { language?: string } = {}): Promise<ChatEngine> {
    const s = this.deps.settings();
    const wanted = s.engine;
    const signature = this.signature(s);
    if (this.#engine && this.#builtFor === signature && !this.#engine.lost) return this.#engine;
    this.#loading = wanted === 'remote' || wanted === 'prompt-api' ? 'other' : 'local';
    try {
      let engine: ChatEngine;
      if (wanted === 'remote') {
        if (!s.remote.baseUrl || !s.remote.model) {
          throw new AppError('remote-not-configured', 'Choose a remote provider and model in Settings → Engine first.');
        }
        const epoch = this.#keyEpoch;
        const apiKey = await this.deps.keys.apiKey(s.remote);
        // The key was locked or removed while it was being read: do not keep an engine holding it.
        if (epoch !== this.#keyEpoch && this.#dropped) throw this.#dropped;
        engine = this.deps.createRemote(s.remote, apiKey);
      } else if (wanted === 'prompt-api') {
        engine = await this.deps.loadPromptApi(options.language, (p) => (this.#progress = p));
      } else {
        engine = await this.deps.local.getEngine();
      }
      this.#engine = engine;
      this.#builtFor = signature;
      this.#dropped = null;
      return engine;
    } finally {
      this.#loading = null;
      this.#progress = null;
    }
  }

  /** The engine now; throws when none was made ready (a programming error, not a user one) or the key was locked since. */
  current(): ChatEngine {
    if (this.#engine) return this.#engine;
    if (this.#dropped) throw this.#dropped;
    throw new AppError('model-load-failed', 'No engine is ready yet. Choose a model on the Models screen or a remote engine in Settings.');
  }

  /** Forget the engine (settings changed or the GPU was lost) so the next ready() rebuilds it. */
  reset(): void {
    this.#engine = null;
    this.#builtFor = '';
  }

  /** The key left memory: drop every engine that holds it (the remote one). */
  private dropKeyHolders(reason: AppError): void {
    this.#keyEpoch++;
    this.#dropped = reason;
    if (this.#engine?.info.kind === 'remote') this.reset();
  }

  /** What the built engine depends on; any change (engine, model, URL, key) rebuilds it. */
  private signature(s: Settings): string {
    if (s.engine === 'remote')
      return JSON.stringify(['remote', s.remote.baseUrl, s.remote.model, s.remote.apiKey ?? '', s.remote.encryptedApiKey?.data ?? '']);
    if (s.engine === 'prompt-api') return 'prompt-api';
    return JSON.stringify(['local', s.localModelId ?? '']);
  }
}
