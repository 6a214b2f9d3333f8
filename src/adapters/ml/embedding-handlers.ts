/**
 * The ML worker's embedding methods: transformers.js `feature-extraction` (mean pooling,
 * L2-normalised), one model instance per worker, loaded lazily and warmed once. Texts
 * are embedded in batches with "Indexed 40 of 120 passages" progress; downloads report
 * bytes per file. A model that cannot be downloaded or parsed becomes an AppError
 * 'model-download-failed', its cached files are removed, and the next call tries again.
 */
import { AppError, isQuotaError, toAppError } from '../../domain/errors';
import type { HandlerContext, Handlers } from '../../workers/protocol';
import type { ProgressEvent } from '../../ports/progress';
import { DEFAULT_EMBEDDING_DTYPE } from './embedding-models';
import { loadProgressEvent, type LoadProgress } from './load-progress';
import { detectDevice, ensureConfigured, TRANSFORMERS_CACHE, type ComputeDevice } from './transformers-env';

export { DEFAULT_EMBEDDING_DTYPE, DEFAULT_EMBEDDING_MODEL } from './embedding-models';

export interface EmbedParams {
  modelId: string;
  texts: string[];
  /** transformers.js dtype, default 'q8'. */
  dtype?: string;
  /** Texts per model call (default 16). */
  batchSize?: number;
}

export interface EmbedResult {
  /** `count` rows of `dims` floats, row-major, each row L2-normalised. Transferred, not copied. */
  vectors: Float32Array;
  dims: number;
  count: number;
  device: ComputeDevice;
}

export interface PrepareEmbedderParams {
  modelId: string;
  dtype?: string;
}

export type EmbeddingApi = {
  embed: (params: EmbedParams) => EmbedResult;
  /** Downloads, compiles and warms the model (Models screen: "prepare for offline"). */
  prepareEmbedder: (params: PrepareEmbedderParams) => { dims: number; device: ComputeDevice };
};

/** What a transformers.js feature-extraction pipeline returns: a Tensor-like [n, dims]. */
export interface FeatureTensor {
  dims: number[];
  data: ArrayLike<number>;
}

export interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<FeatureTensor>;
  dispose?: () => Promise<unknown>;
}

export type { LoadProgress };

export interface EmbeddingDeps {
  loadPipeline(modelId: string, device: ComputeDevice, dtype: string, onProgress: (p: LoadProgress) => void): Promise<FeatureExtractor>;
  detectDevice(): Promise<ComputeDevice>;
  /** Removes a model's cached files after a failed load so a retry downloads them afresh. */
  forgetModel(modelId: string): Promise<void>;
  /** Runs before the first load (worker: configure transformers.js env). */
  beforeFirstLoad?(): Promise<unknown>;
}

interface Loaded {
  extractor: FeatureExtractor;
  device: ComputeDevice;
  dims: number;
}

interface LoadEntry {
  key: string;
  promise: Promise<Loaded>;
  /** Every request waiting on this load hears its download progress. */
  listeners: Set<(event: ProgressEvent) => void>;
}

export function toLoadProgressEvent(p: LoadProgress): ProgressEvent | undefined {
  return loadProgressEvent(p, 'embedding model', { label: 'Loading embedding model', phase: 'load' });
}

function loadFailed(modelId: string, cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  if (isQuotaError(cause)) return toAppError(cause);
  return new AppError(
    'model-download-failed',
    `Couldn’t download the search model (${modelId}). Check your connection or the model mirror in Settings, then try again — once downloaded it works offline. Keyword search keeps working meanwhile.`,
    { cause },
  );
}

function aborted(): AppError {
  return new AppError('aborted', 'Stopped.');
}

export function createEmbeddingHandlers(deps: EmbeddingDeps): Handlers<EmbeddingApi> {
  let current: LoadEntry | undefined;
  let prepared: Promise<unknown> | undefined;

  async function loadFresh(modelId: string, dtype: string, entry: LoadEntry): Promise<Loaded> {
    prepared ??= deps.beforeFirstLoad?.() ?? Promise.resolve();
    await prepared;
    const onProgress = (p: LoadProgress): void => {
      const event = toLoadProgressEvent(p);
      if (event) for (const listener of entry.listeners) listener(event);
    };
    let device = await deps.detectDevice();
    let extractor: FeatureExtractor;
    try {
      extractor = await deps.loadPipeline(modelId, device, dtype, onProgress);
    } catch (cause) {
      if (device !== 'webgpu') throw cause;
      // A GPU that cannot compile the graph still has a CPU: fall back to WASM.
      device = 'wasm';
      extractor = await deps.loadPipeline(modelId, device, dtype, onProgress);
    }
    // Warm once: the first run compiles kernels; read the width from the output, never assume it.
    const warm = await extractor(['warm up'], { pooling: 'mean', normalize: true });
    const dims = warm.dims.at(-1) ?? 0;
    if (dims <= 0) throw new TypeError(`The model ${modelId} returned no embedding dimensions.`);
    return { extractor, device, dims };
  }

  async function load(modelId: string, dtype: string, context: HandlerContext): Promise<Loaded> {
    const key = `${modelId}|${dtype}`;
    if (current?.key !== key) {
      const previous = current;
      const entry: LoadEntry = { key, listeners: new Set(), promise: Promise.resolve() as unknown as Promise<Loaded> };
      entry.promise = (async () => {
        // One model per worker: release the previous one first (memory on small devices).
        await previous?.promise.then((p) => p.extractor.dispose?.()).catch(() => undefined);
        try {
          return await loadFresh(modelId, dtype, entry);
        } catch (cause) {
          if (current === entry) current = undefined;
          await deps.forgetModel(modelId).catch(() => undefined);
          throw loadFailed(modelId, cause);
        }
      })();
      current = entry;
    }
    const entry = current;
    entry.listeners.add(context.progress);
    try {
      const loaded = await entry.promise;
      context.progress({ label: 'Search model ready', phase: 'load', fraction: 1 });
      return loaded;
    } finally {
      entry.listeners.delete(context.progress);
    }
  }

  return {
    async prepareEmbedder(params, context) {
      const loaded = await load(params.modelId, params.dtype ?? DEFAULT_EMBEDDING_DTYPE, context);
      return { dims: loaded.dims, device: loaded.device };
    },

    async embed(params, context) {
      const { extractor, device, dims } = await load(params.modelId, params.dtype ?? DEFAULT_EMBEDDING_DTYPE, context);
      const total = params.texts.length;
      const vectors = new Float32Array(total * dims);
      const batchSize = Math.max(1, Math.floor(params.batchSize ?? 16));
      for (let start = 0; start < total; start += batchSize) {
        if (context.signal.aborted) throw aborted();
        const batch = params.texts.slice(start, start + batchSize).map((t) => (t.trim() === '' ? ' ' : t));
        let output: FeatureTensor;
        try {
          output = await extractor(batch, { pooling: 'mean', normalize: true });
        } catch (cause) {
          if (current?.promise) current = undefined; // a failed run may mean a lost GPU: reload next time
          throw new AppError('model-load-failed', 'The search model stopped working. Try again; if it keeps failing, reload the page.', {
            cause,
          });
        }
        if (output.dims.at(-1) !== dims || output.data.length !== batch.length * dims) {
          throw new AppError('invalid-model-output', `The search model returned vectors of an unexpected size (${output.dims.join('×')}).`);
        }
        vectors.set(output.data, start * dims);
        const done = Math.min(start + batchSize, total);
        context.progress({ label: `Indexed ${done} of ${total} passages`, phase: 'work', loaded: done, total, fraction: done / total });
      }
      return { vectors, dims, count: total, device };
    },
  };
}

/** Deletes every cached file of a model from transformers.js's Cache Storage bucket. */
export async function forgetCachedModel(modelId: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(TRANSFORMERS_CACHE);
  const marker = `/${modelId}/`;
  for (const request of await cache.keys()) if (new URL(request.url).pathname.includes(marker)) await cache.delete(request);
}

/** Real dependencies: transformers.js behind a dynamic import (only ever loaded in the worker). */
export const defaultEmbeddingDeps: EmbeddingDeps = {
  async loadPipeline(modelId, device, dtype, onProgress) {
    const { pipeline } = await import('@huggingface/transformers');
    const pipe = await pipeline('feature-extraction', modelId, { device, dtype: dtype as never, progress_callback: onProgress as never });
    return pipe as unknown as FeatureExtractor;
  },
  detectDevice,
  forgetModel: forgetCachedModel,
  beforeFirstLoad: () => ensureConfigured(),
};

export const embeddingHandlers: Handlers<EmbeddingApi> = createEmbeddingHandlers(defaultEmbeddingDeps);
