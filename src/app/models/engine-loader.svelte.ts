/**
 * Loading the local chat model into the GPU: one load at a time (a new one aborts the old;
 * a second caller for the same model joins it), the transfer's progress for the screen and for
 * every caller who waits, and the loaded engine until it is unloaded or lost.
 */
import { AppError, toAppError } from '../../domain/errors';
import type { ProgressEvent } from '../../ports/progress';
import type { LoadedEngine, LocalModelBackend } from '../../ports/model-backends';
import { TransferTracker } from './transfer';
import type { EngineState, TransferView } from './types';

export interface LoadHooks {
  /** A run starts (the manager clears its error). */
  started(): void;
  /** Before a download (not from the cache only): refuses one that cannot fit. */
  beforeDownload(modelId: string): Promise<void>;
  loaded(modelId: string): void;
  failed(error: AppError, modelId: string, cacheOnly: boolean): void;
}

interface Running {
  modelId: string;
  promise: Promise<LoadedEngine>;
  controller: AbortController;
  cacheOnly: boolean;
}

export class EngineLoader {
  #transfer = $state<TransferView | null>(null);
  #warming = $state(false);
  #state = $state<EngineState>('none');
  #loadedModelId = $state<string | undefined>(undefined);
  #engine: LoadedEngine | undefined;
  #running: Running | undefined;
  #lastProgress: ProgressEvent | undefined;
  readonly #listeners = new Set<(progress: ProgressEvent) => void>();

  constructor(
    private readonly backend: Pick<LocalModelBackend, 'loadEngine'>,
    private readonly hooks: LoadHooks,
    private readonly now: () => number,
  ) {}

  get transfer(): TransferView | null {
    return this.#transfer;
  }
  /** A load from the cache only (the warm-up) is running. */
  get warming(): boolean {
    return this.#warming;
  }
  get state(): EngineState {
    return this.#state;
  }
  get loadedModelId(): string | undefined {
    return this.#loadedModelId;
  }
  get loading(): boolean {
    return this.#running !== undefined;
  }

  /** This model is loaded and its GPU device was not lost. */
  isReady(modelId: string): boolean {
    return this.#engine !== undefined && this.#loadedModelId === modelId && !this.#engine.lost;
  }

  cancel(): void {
    this.#running?.controller.abort();
  }

  /** Frees the GPU memory of the loaded model. */
  async unload(): Promise<void> {
    const engine = this.#engine;
    this.#engine = undefined;
    this.#loadedModelId = undefined;
    this.#state = 'none';
    await engine?.unload();
  }

  /** `onProgress` hears the load of `modelId` (the one running now included) until the returned remover is called. */
  listen(modelId: string, onProgress: (progress: ProgressEvent) => void): () => void {
    this.#listeners.add(onProgress);
    if (this.#running?.modelId === modelId && this.#lastProgress) onProgress(this.#lastProgress);
    return () => this.#listeners.delete(onProgress);
  }

  async load(modelId: string, options: { cacheOnly?: boolean } = {}): Promise<LoadedEngine> {
    if (this.isReady(modelId)) return this.#engine as LoadedEngine;
    const cacheOnly = options.cacheOnly === true;
    const running = this.#running;
    if (running?.modelId === modelId) {
      // A warm-up that fails is no answer for a caller who may download: load again normally.
      if (!running.cacheOnly || cacheOnly) return running.promise;
      const engine = await running.promise.catch(() => undefined);
      if (engine) return engine;
    }
    this.#running?.controller.abort();
    const controller = new AbortController();
    const promise = this.run(modelId, controller, cacheOnly);
    this.#running = { modelId, promise, controller, cacheOnly };
    try {
      return await promise;
    } finally {
      if (this.#running?.promise === promise) this.#running = undefined;
    }
  }

  private async run(modelId: string, controller: AbortController, cacheOnly: boolean): Promise<LoadedEngine> {
    this.hooks.started();
    this.#lastProgress = undefined;
    const tracker = new TransferTracker(modelId, this.now);
    this.#warming = cacheOnly;
    this.#transfer = { modelId, phase: 'load', label: cacheOnly ? 'Loading the model' : 'Checking storage space' };
    try {
      if (this.#engine) await this.unload();
      this.#state = 'loading';
      if (!cacheOnly) await this.hooks.beforeDownload(modelId);
      const engine = await this.backend.loadEngine(modelId, {
        signal: controller.signal,
        onProgress: (p) => {
          this.#lastProgress = p;
          this.#transfer = tracker.view(p);
          for (const listener of this.#listeners) listener(p);
        },
        ...(cacheOnly ? { cacheOnly: true } : {}),
      });
      if (controller.signal.aborted) {
        await engine.unload();
        throw new AppError('aborted', 'Download cancelled.');
      }
      this.#engine = engine;
      this.#loadedModelId = modelId;
      this.#state = 'ready';
      this.#transfer = null;
      this.hooks.loaded(modelId);
      return engine;
    } catch (e) {
      const error = toAppError(e);
      this.#transfer = null;
      this.#state = 'none';
      this.hooks.failed(error, modelId, cacheOnly);
      throw error;
    } finally {
      this.#warming = false;
    }
  }
}
