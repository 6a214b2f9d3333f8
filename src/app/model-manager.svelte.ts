/**
 * The local chat model, for the Models screen and for whoever needs an engine: what this
 * device can run, what is downloaded, the download itself (with speed and time left), and
 * `getEngine()`, which loads the chosen model on demand.
 *
 * Everything that touches WebLLM, the GPU or the browser's storage comes in through the
 * constructor, so tests run it with doubles and app/container.ts wires the real adapters.
 */
import type { ChatEngine } from '../ports/chat-engine';
import type { DeviceStoragePort } from '../ports/device-storage';
import { AppError, toAppError } from '../ports/errors';
import type { ProgressEvent } from '../workers/protocol';
import {
  assessFit,
  f32Variant,
  formatMB,
  recommendModel,
  INTERVIEW_LADDER,
  type CatalogModel,
  type DeviceProfile,
  type ModelFit,
  type Recommendation,
} from '../domain/device-fit';

/** A loaded model; WebLLMEngine satisfies it. */
export interface LoadedEngine extends ChatEngine {
  unload(): Promise<void>;
  /** Set once the GPU was lost: the engine must be loaded again. */
  readonly lost?: boolean;
}

/** The WebLLM-facing functions (webgpu-detect, webllm-catalog, webllm-engine in the real app). */
export interface LocalModelBackend {
  detectDevice(): Promise<DeviceProfile>;
  loadCatalog(): Promise<CatalogModel[]>;
  hasModelInCache(modelId: string): Promise<boolean>;
  /** `deleteModelAllInfoInCache`: weights, config and wasm of one model. */
  deleteModel(modelId: string): Promise<void>;
  loadEngine(modelId: string, options: { onProgress: (progress: ProgressEvent) => void; signal: AbortSignal }): Promise<LoadedEngine>;
}

/** Where the chosen model id is remembered (the settings record in the real app). */
export interface ModelSelectionStore {
  get(): string | undefined;
  set(modelId: string): Promise<void>;
}

export type PromptApiStatus = 'absent' | 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface ModelManagerDeps {
  backend: LocalModelBackend;
  storage?: Pick<DeviceStoragePort, 'estimate' | 'persisted' | 'persist'>;
  selection?: ModelSelectionStore;
  /** Chrome's built-in model, shown as a further local option when present. */
  promptApiAvailability?: () => Promise<PromptApiStatus>;
  now?: () => number;
}

export interface ModelEntry {
  model: CatalogModel;
  fit: ModelFit;
  /** undefined while not yet checked. */
  cached: boolean | undefined;
}

export interface TransferView {
  modelId: string;
  phase: ProgressEvent['phase'];
  label: string;
  fraction?: number;
  loadedBytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  secondsLeft?: number;
}

export type EngineState = 'none' | 'loading' | 'ready';

const MiB = 1024 * 1024;
/** Shown by default: the interview ladder and a few stronger models for bigger GPUs. */
const FEATURED = [...INTERVIEW_LADDER, 'Qwen3-1.7B', 'Phi-3.5-mini-instruct', 'Llama-3.1-8B-Instruct'];
/** Speed is measured over the last few seconds so it follows the connection, not the average. */
const SPEED_WINDOW_MS = 5000;

/** Bytes per second and seconds left from recent (time, bytes) samples; pure, exported for tests. */
export function transferRate(
  samples: { at: number; loaded: number }[],
  total: number | undefined,
): { bytesPerSecond?: number; secondsLeft?: number } {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at - first.at < 500 || last.loaded <= first.loaded) return {};
  const bytesPerSecond = ((last.loaded - first.loaded) * 1000) / (last.at - first.at);
  return total !== undefined && total >= last.loaded
    ? { bytesPerSecond, secondsLeft: Math.ceil((total - last.loaded) / bytesPerSecond) }
    : { bytesPerSecond };
}

export class ModelManager {
  device = $state<DeviceProfile | null>(null);
  catalog = $state<CatalogModel[]>([]);
  cached = $state<Record<string, boolean>>({});
  /** The user's explicit choice; the recommendation applies until there is one. */
  chosenId = $state<string | undefined>(undefined);
  transfer = $state<TransferView | null>(null);
  error = $state<AppError | null>(null);
  engineState = $state<EngineState>('none');
  loadedModelId = $state<string | undefined>(undefined);
  storage = $state<{ usage: number; quota: number } | null>(null);
  persisted = $state<boolean | undefined>(undefined);
  promptApi = $state<PromptApiStatus>('absent');
  initialized = $state(false);
  initializing = $state(false);

  readonly recommendation: Recommendation | undefined = $derived(this.device ? recommendModel(this.catalog, this.device) : undefined);
  readonly selectedId: string | undefined = $derived(this.chosenId ?? this.recommendation?.modelId);
  readonly chatModels: ModelEntry[] = $derived(
    this.device
      ? this.catalog
          .filter((m) => m.kind === 'chat')
          .map((model) => ({ model, fit: assessFit(model, this.device!), cached: this.cached[model.id] }))
      : [],
  );
  /** Every host chat-model downloads come from (from WebLLM's catalog), named on the Models screen. */
  readonly downloadHosts: string[] = $derived([
    ...new Set(this.catalog.filter((m) => m.kind === 'chat').flatMap((m) => m.downloadHosts ?? [])),
  ]);
  /** The short list: featured models in the quantization this GPU runs, plus anything chosen or downloaded. */
  readonly featuredModels: ModelEntry[] = $derived.by(() => {
    const quant = this.device?.shaderF16 ? 'q4f16_1' : 'q4f32_1';
    const featured = FEATURED.map((base) => `${base}-${quant}-MLC`);
    // Ladder order first (best interview model on top), then anything else chosen or downloaded.
    const rank = (id: string) => (featured.includes(id) ? featured.indexOf(id) : featured.length);
    return this.chatModels
      .filter((e) => featured.includes(e.model.id) || e.model.id === this.selectedId || e.cached === true)
      .sort((a, b) => rank(a.model.id) - rank(b.model.id));
  });
  readonly selectedModel: ModelEntry | undefined = $derived(this.chatModels.find((e) => e.model.id === this.selectedId));
  readonly busy: boolean = $derived(this.transfer !== null && this.transfer.phase !== 'done');

  private engine: LoadedEngine | undefined;
  private initPromise: Promise<void> | undefined;
  private loading: { modelId: string; promise: Promise<LoadedEngine>; controller: AbortController } | undefined;
  private samples: { at: number; loaded: number }[] = [];
  private readonly now: () => number;

  constructor(private readonly deps: ModelManagerDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.chosenId = deps.selection?.get();
  }

  /** Detects the device, reads the catalog and what is downloaded. Safe to call again (refresh). */
  init(): Promise<void> {
    // Concurrent callers (the screen and getEngine) share one detection.
    this.initPromise ??= this.runInit().finally(() => (this.initPromise = undefined));
    return this.initPromise;
  }

  private async runInit(): Promise<void> {
    this.initializing = true;
    try {
      const [device, catalog] = await Promise.all([this.deps.backend.detectDevice(), this.deps.backend.loadCatalog()]);
      this.device = device;
      this.catalog = catalog;
      await Promise.all([this.refreshCached(), this.refreshStorage(), this.refreshPromptApi()]);
    } catch (e) {
      this.error = toAppError(e, 'The list of local models could not be read. Reload the page to try again.');
    } finally {
      this.initializing = false;
      this.initialized = true;
    }
  }

  async select(modelId: string): Promise<void> {
    this.chosenId = modelId;
    this.error = null;
    try {
      await this.deps.selection?.set(modelId);
    } catch (e) {
      this.error = toAppError(e);
    }
  }

  /**
   * Downloads (first time) and loads a model so it is ready, also offline ("prepare for
   * offline"). Checks the storage quota first and asks the browser to keep the files.
   */
  async download(modelId: string | undefined = this.selectedId): Promise<void> {
    if (!modelId) return;
    try {
      await this.load(modelId);
    } catch {
      // The error is on this.error for the screen; nothing else to do here.
    }
  }

  /** Stops a download or load in progress. */
  cancel(): void {
    this.loading?.controller.abort();
  }

  /** After a failed download: clear the half-downloaded files, then try again. */
  async retry(): Promise<void> {
    const modelId = (this.error?.details?.modelId as string | undefined) ?? this.selectedId;
    if (!modelId) return;
    try {
      await this.deps.backend.deleteModel(modelId);
    } catch {
      // Nothing cached to clear is fine.
    }
    await this.download(modelId);
  }

  /** Picks the q4f32_1 twin named by a shader-f16 error and downloads it. */
  async useAlternative(): Promise<void> {
    const alternative =
      (this.error?.details?.alternativeModelId as string | undefined) ?? (this.selectedId ? f32Variant(this.selectedId) : undefined);
    if (!alternative) return;
    await this.select(alternative);
    await this.download(alternative);
  }

  /** Deletes a model's files; unloads it first when it is the one in use. */
  async remove(modelId: string): Promise<void> {
    this.error = null;
    try {
      if (this.loadedModelId === modelId) await this.unload();
      await this.deps.backend.deleteModel(modelId);
      this.cached = { ...this.cached, [modelId]: false };
      await this.refreshStorage();
    } catch (e) {
      this.error = toAppError(e, `${modelId} could not be deleted. Reload the page and try again.`);
    }
  }

  /** Frees the GPU memory of the loaded model. */
  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    this.loadedModelId = undefined;
    this.engineState = 'none';
    await engine?.unload();
  }

  /** The engine for the chosen model, loading (and if needed downloading) it first. Throws AppError. */
  async getEngine(): Promise<ChatEngine> {
    if (!this.initialized) await this.init();
    const modelId = this.selectedId;
    if (!modelId) {
      throw new AppError(
        'webgpu-unavailable',
        this.device?.reason ?? 'No local model can run in this browser. Use a remote model instead (Settings → Engine).',
      );
    }
    return this.load(modelId);
  }

  async requestPersistence(): Promise<void> {
    this.persisted = (await this.deps.storage?.persist()) ?? this.persisted;
  }

  private async load(modelId: string): Promise<LoadedEngine> {
    if (this.engine && this.loadedModelId === modelId && !this.engine.lost) return this.engine;
    if (this.loading?.modelId === modelId) return this.loading.promise;
    this.loading?.controller.abort();
    const controller = new AbortController();
    const promise = this.runLoad(modelId, controller);
    this.loading = { modelId, promise, controller };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = undefined;
    }
  }

  private async runLoad(modelId: string, controller: AbortController): Promise<LoadedEngine> {
    this.error = null;
    this.samples = [];
    this.transfer = { modelId, phase: 'load', label: 'Checking storage space' };
    try {
      if (this.engine) await this.unload();
      this.engineState = 'loading';
      if (!this.cached[modelId]) await this.prepareStorage(modelId);
      const engine = await this.deps.backend.loadEngine(modelId, {
        signal: controller.signal,
        onProgress: (p) => this.onProgress(modelId, p),
      });
      if (controller.signal.aborted) {
        await engine.unload();
        throw new AppError('aborted', 'Download cancelled.');
      }
      this.engine = engine;
      this.loadedModelId = modelId;
      this.engineState = 'ready';
      this.cached = { ...this.cached, [modelId]: true };
      this.transfer = null;
      void this.refreshStorage();
      return engine;
    } catch (e) {
      const error = toAppError(e);
      this.transfer = null;
      this.engineState = 'none';
      // A cancel is the user's own choice: no error box for it.
      this.error = error.code === 'aborted' ? null : error;
      if (error.code !== 'aborted') void this.refreshCached([modelId]);
      throw error;
    }
  }

  /** Refuses a download that cannot fit, and asks the browser not to evict it (before the first one). */
  private async prepareStorage(modelId: string): Promise<void> {
    const model = this.catalog.find((m) => m.id === modelId);
    const storage = this.deps.storage;
    if (!storage) return;
    const estimate = await storage.estimate().catch(() => undefined);
    if (estimate) this.storage = estimate;
    // WebLLM publishes only the GPU memory a model needs; its download is smaller, so this is an upper bound.
    const neededBytes = (model?.vramMB ?? 0) * MiB;
    if (estimate && neededBytes > 0 && estimate.quota - estimate.usage < neededBytes) {
      const free = Math.max(0, estimate.quota - estimate.usage);
      throw new AppError(
        'quota-exceeded',
        `${modelId} needs up to ${formatMB(neededBytes / MiB)} of storage, but the browser allows only ${formatMB(free / MiB)} more for Rehearse. Delete models you no longer use below, or free disk space, then try again.`,
        { details: { modelId, neededBytes, freeBytes: free } },
      );
    }
    const anyCached = Object.values(this.cached).some(Boolean);
    if (!anyCached && this.persisted !== true) {
      // Without persistence the browser may evict gigabytes of weights under storage pressure.
      this.persisted = (await storage.persisted().catch(() => undefined)) ?? this.persisted;
      if (this.persisted !== true) this.persisted = (await storage.persist().catch(() => undefined)) ?? this.persisted;
    }
  }

  private onProgress(modelId: string, progress: ProgressEvent): void {
    const view: TransferView = { modelId, phase: progress.phase, label: progress.label };
    if (progress.fraction !== undefined) view.fraction = progress.fraction;
    if (progress.phase === 'download' && progress.loaded !== undefined) {
      const at = this.now();
      this.samples.push({ at, loaded: progress.loaded });
      while (this.samples.length > 2 && at - this.samples[0]!.at > SPEED_WINDOW_MS) this.samples.shift();
      view.loadedBytes = progress.loaded;
      if (progress.total !== undefined) view.totalBytes = progress.total;
      Object.assign(view, transferRate(this.samples, progress.total));
    }
    this.transfer = view;
  }

  private async refreshCached(ids?: string[]): Promise<void> {
    const check = ids ?? this.catalog.filter((m) => m.kind === 'chat').map((m) => m.id);
    const results = await Promise.all(
      check.map(async (id) => [id, await this.deps.backend.hasModelInCache(id).catch(() => false)] as const),
    );
    this.cached = { ...this.cached, ...Object.fromEntries(results) };
  }

  private async refreshStorage(): Promise<void> {
    const storage = this.deps.storage;
    if (!storage) return;
    const [estimate, persisted] = await Promise.all([
      storage.estimate().catch(() => undefined),
      storage.persisted().catch(() => undefined),
    ]);
    if (estimate) this.storage = estimate;
    if (persisted !== undefined) this.persisted = persisted;
  }

  private async refreshPromptApi(): Promise<void> {
    this.promptApi = (await this.deps.promptApiAvailability?.().catch(() => 'unavailable' as const)) ?? 'absent';
  }
}
