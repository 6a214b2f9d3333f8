/**
 * The main-thread face of the embedding model: an `Embedder` that sends texts to the
 * shared ML worker and gets back one L2-normalised vector per text. Also owns that worker:
 * `sharedMlWorker()` is the one instance the embedder and the transcriber both use.
 */
import type { Embedder, ProgressListener } from '../../ports/ml';
import { WorkerClient } from '../../workers/protocol';
import type { EmbeddingApi } from './embedding-handlers';
import { DEFAULT_EMBEDDING_DTYPE, DEFAULT_EMBEDDING_MODEL, KNOWN_EMBEDDING_DIMS } from './embedding-models';
import type { MlWorkerApi } from './ml-api';
import type { MlConfig } from './transformers-env';

export function createMlWorker(): Worker {
  return new Worker(new URL('./ml.worker.ts', import.meta.url), { type: 'module', name: 'rehearse-ml' });
}

let shared: WorkerClient<MlWorkerApi> | undefined;
let sharedConfig: MlConfig = {};

/** The app's one ML worker, started on first use; a crashed worker is replaced on the next call. */
export function sharedMlWorker(): WorkerClient<MlWorkerApi> {
  if (!shared) {
    const worker = createMlWorker();
    const client = new WorkerClient<MlWorkerApi>(worker);
    worker.addEventListener('error', () => {
      if (shared === client) shared = undefined;
      worker.terminate();
    });
    shared = client;
    // Configuration is re-sent to a replacement worker; messages are handled in order, so it precedes any load.
    void client.call('configure', sharedConfig).catch(() => undefined);
  }
  return shared;
}

/** Sets the model mirror for the shared worker (Settings); applies to models loaded afterwards. */
export async function configureMlWorker(config: MlConfig): Promise<{ remoteHost: string }> {
  sharedConfig = { ...config };
  return sharedMlWorker().call('configure', sharedConfig);
}

export interface WorkerEmbedderOptions {
  /** The embedding model (Settings.embeddingModel); read at each call so a change applies at once. */
  modelId?: string | (() => string);
  dtype?: string;
  batchSize?: number;
  /** The worker client; default: the shared ML worker. */
  client?: () => WorkerClient<EmbeddingApi>;
}

export class WorkerEmbedder implements Embedder {
  private readonly learnedDims = new Map<string, number>();

  constructor(private readonly options: WorkerEmbedderOptions = {}) {}

  get modelId(): string {
    const id = this.options.modelId;
    return (typeof id === 'function' ? id() : id) || DEFAULT_EMBEDDING_MODEL;
  }

  /** The vector width: learned from the model's output, else known for common models, else 0 until the first call. */
  get dims(): number {
    return this.learnedDims.get(this.modelId) ?? KNOWN_EMBEDDING_DIMS[this.modelId] ?? 0;
  }

  async embed(texts: string[], onProgress?: ProgressListener, signal?: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const modelId = this.modelId;
    const result = await this.client().call(
      'embed',
      {
        modelId,
        texts,
        dtype: this.options.dtype ?? DEFAULT_EMBEDDING_DTYPE,
        ...(this.options.batchSize ? { batchSize: this.options.batchSize } : {}),
      },
      { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) },
    );
    this.learnedDims.set(modelId, result.dims);
    // Copies, not views: a view would drag the whole batch buffer into every IndexedDB record.
    const out: Float32Array[] = [];
    for (let i = 0; i < result.count; i++) out.push(result.vectors.slice(i * result.dims, (i + 1) * result.dims));
    return out;
  }

  /** Downloads and warms the model ahead of time (Models screen: "prepare for offline"). */
  async prepare(onProgress?: ProgressListener, signal?: AbortSignal): Promise<{ dims: number; device: string }> {
    const modelId = this.modelId;
    const result = await this.client().call(
      'prepareEmbedder',
      { modelId, dtype: this.options.dtype ?? DEFAULT_EMBEDDING_DTYPE },
      { ...(onProgress ? { onProgress } : {}), ...(signal ? { signal } : {}) },
    );
    this.learnedDims.set(modelId, result.dims);
    return result;
  }

  private client(): WorkerClient<EmbeddingApi> {
    return (this.options.client ?? sharedMlWorker)() as unknown as WorkerClient<EmbeddingApi>;
  }
}
