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
import { prepareStorage } from './models/storage-check';
import { TransferTracker } from './models/transfer';
import type { EngineState, ModelEntry, ModelManagerDeps, PromptApiStatus, TransferView } from './models/types';
import type { LoadedEngine } from '../ports/model-backends';

export type * from './models/types';
export { transferRate } from './models/transfer';

export class ModelManager {
  #device = $state<DeviceProfile | null>(null);
  #catalog = $state<CatalogModel[]>([]);
  #cached = $state<Record<string, boolean>>({});
  /** The user's explicit choice; the recommendation applies until there is one. */
  #chosenId = $state<string | undefined>(undefined);
  #transfer = $state<TransferView | null>(null);
  #error = $state<AppError | null>(null);
  #engineState = $state<EngineState>('none');
  #loadedModelId = $state<string | undefined>(undefined);
  #storage = $state<{ usage: number; quota: number } | null>(null);
  #persisted = $state<boolean | undefined>(undefined);
  #promptApi = $state<PromptApiStatus>('absent');
  #initialized = $state(false);
  #initializing = $state(false);
  /** True while the warm-up loads the model from the cache (the setup screen shows its percent). */
  #warming = $state(false);

  get device(): DeviceProfile | null {
    return this.#device;
  }
  get catalog(): CatalogModel[] {
    return this.#catalog;
  }
  get cached(): Record<string, boolean> {
    return this.#cached;
  }
  get chosenId(): string | undefined {
    return this.#chosenId;
  }
  get transfer(): TransferView | null {
    return this.#transfer;
  }
  get error(): AppError | null {
    return this.#error;
  }
  get engineState(): EngineState {
    return this.#engineState;
  }
  get loadedModelId(): string | undefined {
    return this.#loadedModelId;
  }
  get storage(): { usage: number; quota: number } | null {
    return this.#storage;
  }
  get persisted(): boolean | undefined {
    return this.#persisted;
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
    return this.#warming;
  }

  readonly recommendation: Recommendation | undefined = $derived(this.#device ? recommendModel(this.#catalog, this.#device) : undefined);
  readonly selectedId: string | undefined = $derived(this.#chosenId ?? this.recommendation?.modelId);
  readonly chatModels: ModelEntry[] = $derived(
    this.#device
      ? this.#catalog
          .filter((m) => m.kind === 'chat')
          .map((model) => ({ model, fit: assessFit(model, this.#device!), cached: this.#cached[model.id] }))
      : [],
  );
  readonly downloadHosts: string[] = $derived(downloadHostsOf(this.#catalog));
  readonly featuredModels: ModelEntry[] = $derived(featuredEntries(this.chatModels, this.#device?.shaderF16 === true, this.selectedId));
  readonly selectedModel: ModelEntry | undefined = $derived(this.chatModels.find((e) => e.model.id === this.selectedId));
  readonly busy: boolean = $derived(this.#transfer !== null && this.#transfer.phase !== 'done');

  private engine: LoadedEngine | undefined;
  private initPromise: Promise<void> | undefined;
  private loading: { modelId: string; promise: Promise<LoadedEngine>; controller: AbortController; cacheOnly: boolean } | undefined;
  private lastProgress: ProgressEvent | undefined;
  private readonly listeners = new Set<(progress: ProgressEvent) => void>();
  private readonly now: () => number;

  /** The Models screen's speed check of a downloaded model; it loads that model. */
  readonly deviceCheck: DeviceCheck;

  constructor(private readonly deps: ModelManagerDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.#chosenId = deps.selection?.get();
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
      await Promise.all([this.refreshCached(), this.refreshStorage(), this.refreshPromptApi()]);
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

  /** Stops a download or load in progress. */
  /** The user closed the error box: the error is no longer shown. */
  dismissError(): void {
    this.#error = null;
  }

  cancel(): void {
    this.loading?.controller.abort();
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
      if (this.#loadedModelId === modelId) await this.unload();
      await this.deps.backend.deleteModel(modelId);
      this.#cached = { ...this.#cached, [modelId]: false };
      await this.refreshStorage();
    } catch (e) {
      this.#error = toAppError(e, `${modelId} could not be deleted. Reload the page and try again.`);
    }
  }

  /** Frees the GPU memory of the loaded model. */
  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    this.#loadedModelId = undefined;
    this.#engineState = 'none';
    await engine?.unload();
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
    if (onProgress) this.listeners.add(onProgress);
    if (onProgress && this.loading?.modelId === modelId && this.lastProgress) onProgress(this.lastProgress);
    try {
      return await this.load(modelId);
    } finally {
      if (onProgress) this.listeners.delete(onProgress);
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
    if (!modelId || this.loading || (this.engine && this.#loadedModelId === modelId && !this.engine.lost)) return;
    // Asked afresh: the Models screen's view may be stale (a model deleted in another tab).
    if (!(await this.deps.backend.hasModelInCache(modelId).catch(() => false))) return;
    if (this.loading || this.selectedId !== modelId) return;
    await this.load(modelId, { cacheOnly: true }).catch(() => undefined);
  }

  async requestPersistence(): Promise<void> {
    this.#persisted = (await this.deps.storage?.persist()) ?? this.#persisted;
  }

  private async load(modelId: string, options: { cacheOnly?: boolean } = {}): Promise<LoadedEngine> {
    if (this.engine && this.#loadedModelId === modelId && !this.engine.lost) return this.engine;
    const running = this.loading;
    if (running?.modelId === modelId) {
      // A warm-up that fails is no answer for a caller who may download: load again normally.
      if (!running.cacheOnly || options.cacheOnly) return running.promise;
      const engine = await running.promise.catch(() => undefined);
      if (engine) return engine;
    }
    this.loading?.controller.abort();
    const controller = new AbortController();
    const promise = this.runLoad(modelId, controller, options.cacheOnly === true);
    this.loading = { modelId, promise, controller, cacheOnly: options.cacheOnly === true };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }

  private async runLoad(modelId: string, controller: AbortController, cacheOnly: boolean): Promise<LoadedEngine> {
    this.#error = null;
    this.lastProgress = undefined;
    const tracker = new TransferTracker(modelId, this.now);
    this.#warming = cacheOnly;
    this.#transfer = { modelId, phase: 'load', label: cacheOnly ? 'Loading the model' : 'Checking storage space' };
    try {
      if (this.engine) await this.unload();
      this.#engineState = 'loading';
      if (!cacheOnly && !this.#cached[modelId]) await this.checkStorage(modelId);
      const engine = await this.deps.backend.loadEngine(modelId, {
        signal: controller.signal,
        onProgress: (p) => {
          this.lastProgress = p;
          this.#transfer = tracker.view(p);
          for (const listener of this.listeners) listener(p);
        },
        ...(cacheOnly ? { cacheOnly: true } : {}),
      });
      if (controller.signal.aborted) {
        await engine.unload();
        throw new AppError('aborted', 'Download cancelled.');
      }
      this.engine = engine;
      this.#loadedModelId = modelId;
      this.#engineState = 'ready';
      this.#cached = { ...this.#cached, [modelId]: true };
      this.#transfer = null;
      void this.refreshStorage();
      return engine;
    } catch (e) {
      const error = toAppError(e);
      this.#transfer = null;
      this.#engineState = 'none';
      // A cancel is the user's own choice, and a warm-up speaks only through Start: no error box.
      this.#error = error.code === 'aborted' || cacheOnly ? null : error;
      if (error.code !== 'aborted') void this.refreshCached([modelId]);
      throw error;
    } finally {
      this.#warming = false;
    }
  }

  private async checkStorage(modelId: string): Promise<void> {
    if (!this.deps.storage) return;
    const facts = await prepareStorage(
      modelId,
      this.#catalog.find((m) => m.id === modelId),
      this.deps.storage,
      {
        anyCached: Object.values(this.#cached).some(Boolean),
        persisted: this.#persisted,
        onEstimate: (estimate) => (this.#storage = estimate),
      },
    );
    if (facts.persisted !== undefined) this.#persisted = facts.persisted;
  }

  private async refreshCached(ids?: string[]): Promise<void> {
    const check = ids ?? this.#catalog.filter((m) => m.kind === 'chat').map((m) => m.id);
    const results = await Promise.all(
      check.map(async (id) => [id, await this.deps.backend.hasModelInCache(id).catch(() => false)] as const),
    );
    this.#cached = { ...this.#cached, ...Object.fromEntries(results) };
  }

  private async refreshStorage(): Promise<void> {
    const storage = this.deps.storage;
    if (!storage) return;
    const [estimate, persisted] = await Promise.all([
      storage.estimate().catch(() => undefined),
      storage.persisted().catch(() => undefined),
    ]);
    if (estimate) this.#storage = estimate;
    if (persisted !== undefined) this.#persisted = persisted;
  }

  private async refreshPromptApi(): Promise<void> {
    this.#promptApi = (await this.deps.promptApiAvailability?.().catch(() => 'unavailable' as const)) ?? 'absent';
  }
}
