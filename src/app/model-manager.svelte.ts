/**
 * The local chat model, for the Models screen and for whoever needs an engine: what this
 * device can run, what is downloaded, the download itself (with speed and time left),
 * `getEngine()`, which loads the chosen model on demand, and `warmUp()`, which loads it from
 * the cache only while the user fills in the setup form. Helpers live in ./models/.
 *
 * Everything that touches WebLLM, the GPU or the browser's storage comes in through the
 * constructor, so tests run it with doubles and app/container.ts wires the real adapters.
 */
import type { ChatEngine } from '../ports/chat-engine';
import { AppError, toAppError } from '../domain/errors';
import type { ProgressEvent } from '../ports/progress';
import { assessFit, f32Variant, recommendModel, type CatalogModel, type DeviceProfile, type Recommendation } from '../domain/device-fit';
import { downloadHostsOf, featuredEntries } from './models/catalog-view';
import { DeviceCheck } from './models/device-check.svelte';
import { DeviceStorageState } from './models/device-storage-state.svelte';
import { CachedModels } from './models/cached-models.svelte';
import { EngineLoader } from './models/engine-loader.svelte';
import type { EngineState, ModelEntry, ModelManagerDeps, PromptApiStatus, TransferView } from './models/types';
import type { LoadedEngine } from '../ports/model-backends';

export type * from './models/types';
export { transferRate } from './models/transfer';

export class ModelManager {
  #device = $state<DeviceProfile | null>(null);
  #catalog = $state<CatalogModel[]>([]);
  /** The user's explicit choice; the recommendation applies until there is one. */
  #chosenId = $state<string | undefined>(undefined);
  #error = $state<AppError | null>(null);
  #promptApi = $state<PromptApiStatus>('absent');
  #initialized = $state(false);
  #initializing = $state(false);

  get device(): DeviceProfile | null {
    return this.#device;
  }
  get catalog(): CatalogModel[] {
    return this.#catalog;
  }
  get cached(): Record<string, boolean> {
    return this.#cached.map;
  }
  get chosenId(): string | undefined {
    return this.#chosenId;
  }
  get transfer(): TransferView | null {
    return this.#loader.transfer;
  }
  get error(): AppError | null {
    return this.#error;
  }
  get engineState(): EngineState {
    return this.#loader.state;
  }
  get loadedModelId(): string | undefined {
    return this.#loader.loadedModelId;
  }
  get storage(): { usage: number; quota: number } | null {
    return this.#space.estimate;
  }
  get persisted(): boolean | undefined {
    return this.#space.persisted;
  }
  get promptApi(): PromptApiStatus {
    return this.#promptApi;
  }
  get initialized(): boolean {
    return this.#initialized;
  }
  get initializing(): boolean {
    return this.#initializing;
  }
  get warming(): boolean {
    return this.#loader.warming;
  }

  readonly recommendation: Recommendation | undefined = $derived(this.#device ? recommendModel(this.#catalog, this.#device) : undefined);
  readonly selectedId: string | undefined = $derived(this.#chosenId ?? this.recommendation?.modelId);
  readonly chatModels: ModelEntry[] = $derived(
    this.#device
      ? this.#catalog
          .filter((m) => m.kind === 'chat')
          .map((model) => ({ model, fit: assessFit(model, this.#device!), cached: this.#cached.map[model.id] }))
      : [],
  );
  readonly downloadHosts: string[] = $derived(downloadHostsOf(this.#catalog));
  readonly featuredModels: ModelEntry[] = $derived(featuredEntries(this.chatModels, this.#device?.shaderF16 === true, this.selectedId));
  readonly selectedModel: ModelEntry | undefined = $derived(this.chatModels.find((e) => e.model.id === this.selectedId));
  /** A download or load is running (a transfer that is not done). */
  get busy(): boolean {
    const transfer = this.#loader.transfer;
    return transfer !== null && transfer.phase !== 'done';
  }

  private initPromise: Promise<void> | undefined;
  private readonly now: () => number;

  /** The Models screen's speed check of a downloaded model; it loads that model. */
  readonly deviceCheck: DeviceCheck;
  readonly #space: DeviceStorageState;
  readonly #cached: CachedModels;
  readonly #loader: EngineLoader;

  constructor(private readonly deps: ModelManagerDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.#chosenId = deps.selection?.get();
    this.#space = new DeviceStorageState(deps.storage);
    this.#cached = new CachedModels((id) => this.deps.backend.hasModelInCache(id));
    this.#loader = new EngineLoader(
      deps.backend,
      {
        started: () => (this.#error = null),
        beforeDownload: async (modelId) => {
          if (!this.#cached.has(modelId))
            await this.#space.checkRoomFor(
              modelId,
              this.#catalog.find((m) => m.id === modelId),
              this.#cached.any,
            );
        },
        loaded: (modelId) => {
          this.#cached.mark(modelId, true);
          void this.#space.refresh();
        },
        failed: (error, modelId, cacheOnly) => {
          // A cancel is the user's own choice, and a warm-up speaks only through Start: no error box.
          this.#error = error.code === 'aborted' || cacheOnly ? null : error;
          if (error.code !== 'aborted') void this.refreshCached([modelId]);
        },
      },
      this.now,
    );
    this.deviceCheck = new DeviceCheck({ engineFor: (id) => this.load(id), device: () => this.#device, store: deps.deviceChecks });
  }

  /** Detects the device, reads the catalog and what is downloaded. Safe to call again (refresh). */
  init(): Promise<void> {
    // Concurrent callers (the screen and getEngine) share one detection.
    this.initPromise ??= this.runInit().finally(() => (this.initPromise = undefined));
    return this.initPromise;
  }

  private async runInit(): Promise<void> {
    this.#initializing = true;
    try {
      this.#device = await this.deps.backend.detectDevice();
      // Without WebGPU no local model can run: the LLM worker (WebLLM, 2 MB gzip) is never started.
      if (this.#device.webgpu) this.#catalog = await this.deps.backend.loadCatalog();
      await Promise.all([this.refreshCached(), this.#space.refresh(), this.refreshPromptApi()]);
    } catch (e) {
      this.#error = toAppError(e, 'The list of local models could not be read. Reload the page to try again.');
    } finally {
      this.#initializing = false;
      this.#initialized = true;
    }
  }

  async select(modelId: string): Promise<void> {
    this.#chosenId = modelId;
    this.#error = null;
    try {
      await this.deps.selection?.set(modelId);
    } catch (e) {
      this.#error = toAppError(e);
    }
  }

  /** Downloads (first time) and loads a model ("prepare for offline"), checking storage first. */
  async download(modelId: string | undefined = this.selectedId): Promise<void> {
    if (!modelId) return;
    try {
      await this.load(modelId);
    } catch {
      // The error is on this.#error for the screen; nothing else to do here.
    }
  }

  /** The user closed the error box: the error is no longer shown. */
  dismissError(): void {
    this.#error = null;
  }

  /** Stops a download or load in progress. */
  cancel(): void {
    this.#loader.cancel();
  }

  /** After a failed download: clear the half-downloaded files, then try again. */
  async retry(): Promise<void> {
    const modelId = (this.#error?.details?.modelId as string | undefined) ?? this.selectedId;
    if (!modelId) return;
    await this.deps.backend.deleteModel(modelId).catch(() => undefined); // nothing cached to clear is fine
    await this.download(modelId);
  }

  /** Picks the q4f32_1 twin named by a shader-f16 error and downloads it. */
  async useAlternative(): Promise<void> {
    const alternative =
      (this.#error?.details?.alternativeModelId as string | undefined) ?? (this.selectedId ? f32Variant(this.selectedId) : undefined);
    if (!alternative) return;
    await this.select(alternative);
    await this.download(alternative);
  }

  /** Deletes a model's files; unloads it first when it is the one in use. */
  async remove(modelId: string): Promise<void> {
    this.#error = null;
    try {
      if (this.#loader.loadedModelId === modelId) await this.unload();
      await this.deps.backend.deleteModel(modelId);
      this.#cached.mark(modelId, false);
      await this.#space.refresh();
    } catch (e) {
      this.#error = toAppError(e, `${modelId} could not be deleted. Reload the page and try again.`);
    }
  }

  /** Frees the GPU memory of the loaded model. */
  async unload(): Promise<void> {
    await this.#loader.unload();
  }

  /**
   * The engine for the chosen model, loading (and if needed downloading) it first. Throws
   * AppError. `onProgress` hears this load, or the one already running (the warm-up).
   */
  async getEngine(onProgress?: (progress: ProgressEvent) => void): Promise<ChatEngine> {
    if (!this.#initialized) await this.init();
    const modelId = this.selectedId;
    if (!modelId) {
      throw new AppError(
        'webgpu-unavailable',
        this.#device?.reason ?? 'No local model can run in this browser. Use a remote model instead (Settings → Engine).',
      );
    }
    const stop = onProgress ? this.#loader.listen(modelId, onProgress) : undefined;
    try {
      return await this.load(modelId);
    } finally {
      stop?.();
    }
  }

  /**
   * Loads the chosen model into the GPU while the user is still busy (the setup form), but
   * only from the browser cache: a model that is not fully downloaded is left alone, since a
   * download is the user's decision. Failures are quiet; Start loads again and says what to do.
   */
  async warmUp(): Promise<void> {
    if (!this.#initialized) await this.init();
    const modelId = this.selectedId;
    if (!modelId || this.#loader.loading || this.#loader.isReady(modelId)) return;
    // Asked afresh: the Models screen's view may be stale (a model deleted in another tab).
    if (!(await this.deps.backend.hasModelInCache(modelId).catch(() => false))) return;
    if (this.#loader.loading || this.selectedId !== modelId) return;
    await this.load(modelId, { cacheOnly: true }).catch(() => undefined);
  }

  requestPersistence(): Promise<void> {
    return this.#space.requestPersistence();
  }

  private load(modelId: string, options: { cacheOnly?: boolean } = {}): Promise<LoadedEngine> {
    return this.#loader.load(modelId, options);
  }

  private refreshCached(ids?: string[]): Promise<void> {
    return this.#cached.refresh(ids ?? this.#catalog.filter((m) => m.kind === 'chat').map((m) => m.id));
  }

  private async refreshPromptApi(): Promise<void> {
    this.#promptApi = (await this.deps.promptApiAvailability?.().catch(() => 'unavailable' as const)) ?? 'absent';
  }
}
