/**
 * Picks the chat engine the user chose in Settings (local WebLLM model, Chrome's built-in
 * model, or a remote OpenAI-compatible endpoint), loads it on demand and remembers it, so
 * services can ask for "the engine now" synchronously once it is ready.
 */
import type { ChatEngine } from '../ports/chat-engine';
import { AppError } from '../ports/errors';
import type { RemoteSettings, Settings } from '../domain/records';
import { hostOf } from '../domain/remote-presets';
import type { ProgressEvent } from '../workers/protocol';

export interface EngineProviderDeps {
  settings: () => Settings;
  /** Loads (or returns the loaded) local WebLLM model chosen on the Models screen. */
  loadLocal: (onProgress?: (p: ProgressEvent) => void) => Promise<ChatEngine>;
  loadPromptApi: (language?: string) => Promise<ChatEngine>;
  createRemote: (remote: RemoteSettings, apiKey: string | undefined) => ChatEngine;
  /** The plain API key (decrypting a passphrase-protected one if the user unlocked it). */
  apiKey: (remote: RemoteSettings) => Promise<string | undefined>;
  acknowledgeHost: (host: string) => Promise<void>;
}

export class EngineProvider {
  /** The engine the last `ready()` produced. */
  engine = $state<ChatEngine | null>(null);
  loading = $state(false);
  progress = $state<ProgressEvent | null>(null);

  private builtFor = '';

  constructor(private readonly deps: EngineProviderDeps) {}

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
    if (this.engine && this.builtFor === signature && !(this.engine as { lost?: boolean }).lost) return this.engine;
    this.loading = true;
    try {
      let engine: ChatEngine;
      if (wanted === 'remote') {
        if (!s.remote.baseUrl || !s.remote.model) {
          throw new AppError('remote-not-configured', 'Choose a remote provider and model in Settings → Engine first.');
        }
        engine = this.deps.createRemote(s.remote, await this.deps.apiKey(s.remote));
      } else if (wanted === 'prompt-api') {
        engine = await this.deps.loadPromptApi(options.language);
      } else {
        engine = await this.deps.loadLocal((p) => (this.progress = p));
      }
      this.engine = engine;
      this.builtFor = signature;
      return engine;
    } finally {
      this.loading = false;
      this.progress = null;
    }
  }

  /** The engine now; throws when none was made ready (a programming error, not a user one). */
  current(): ChatEngine {
    if (!this.engine)
      throw new AppError(
        'model-load-failed',
        'No engine is ready yet. Choose a model on the Models screen or a remote engine in Settings.',
      );
    return this.engine;
  }

  /** Forget the engine (settings changed or the GPU was lost) so the next ready() rebuilds it. */
  reset(): void {
    this.engine = null;
  }

  /** What the built engine depends on; any change (engine, model, URL, key) rebuilds it. */
  private signature(s: Settings): string {
    if (s.engine === 'remote')
      return JSON.stringify(['remote', s.remote.baseUrl, s.remote.model, s.remote.apiKey ?? '', s.remote.encryptedApiKey?.data ?? '']);
    if (s.engine === 'prompt-api') return 'prompt-api';
    return JSON.stringify(['local', s.localModelId ?? '']);
  }
}
