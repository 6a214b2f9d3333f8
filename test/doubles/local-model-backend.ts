/**
 * A LocalModelBackend double for ModelManager tests: a small catalog, a scriptable device,
 * an in-memory "cache", and loads whose progress and outcome the test controls.
 */
import type { ChatRequest, EngineInfo } from '../../src/ports/chat-engine';
import type { ChatDelta } from '../../src/domain/chat';
import { AppError } from '../../src/domain/errors';
import type { CatalogModel, DeviceProfile } from '../../src/domain/device-fit';
import type { LoadedEngine, LoadEngineOptions, LocalModelBackend } from '../../src/ports/model-backends';
import type { ProgressEvent } from '../../src/ports/progress';

export const GiB = 1024 ** 3;

export function catalogModel(id: string, vramMB: number, extra: Partial<CatalogModel> = {}): CatalogModel {
  return { id, vramMB, lowResource: true, contextWindow: 4096, quantization: /-(q\d+f\d+_\d+)-/.exec(id)?.[1], kind: 'chat', ...extra };
}

export const smallCatalog: CatalogModel[] = [
  catalogModel('Llama-3.2-3B-Instruct-q4f16_1-MLC', 2263.69),
  catalogModel('Llama-3.2-3B-Instruct-q4f32_1-MLC', 2951.51),
  catalogModel('Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 1629.75),
  catalogModel('Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 1888.97),
  catalogModel('Llama-3.2-1B-Instruct-q4f16_1-MLC', 879.04),
  catalogModel('Llama-3.2-1B-Instruct-q4f32_1-MLC', 1128.82),
  catalogModel('gemma-2b-it-q4f32_1-MLC', 1750),
  catalogModel('snowflake-arctic-embed-s-q0f32-MLC-b4', 200, { kind: 'embedding' }),
];

export const softwareAdapter: DeviceProfile = {
  webgpu: true,
  gpuClass: 'software',
  shaderF16: false,
  maxBufferSize: 2 * GiB,
  maxStorageBufferBindingSize: GiB,
  deviceMemoryGB: 8,
};
export const discreteGpu: DeviceProfile = {
  webgpu: true,
  gpuClass: 'discrete',
  shaderF16: true,
  maxBufferSize: 4 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  deviceMemoryGB: 8,
};

export class FakeLoadedEngine implements LoadedEngine {
  readonly info: EngineInfo;
  readonly contextWindow = 4096;
  lost = false;
  unloaded = false;
  constructor(readonly modelId: string) {
    this.info = { id: `webllm:${modelId}`, kind: 'webllm', label: `${modelId} on this device`, model: modelId };
  }
  async *stream(_request: ChatRequest): AsyncIterable<ChatDelta> {
    yield { text: 'ok' };
    yield { finishReason: 'stop' };
  }
  async unload(): Promise<void> {
    this.unloaded = true;
  }
}

export interface PendingLoad {
  modelId: string;
  onProgress: (p: ProgressEvent) => void;
  signal: AbortSignal;
  cacheOnly: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class FakeLocalModelBackend implements LocalModelBackend {
  device: DeviceProfile = softwareAdapter;
  catalog: CatalogModel[] = smallCatalog;
  readonly cache = new Set<string>();
  readonly deleted: string[] = [];
  readonly loads: PendingLoad[] = [];
  readonly engines: FakeLoadedEngine[] = [];
  /** Loads that had to fetch a model that was not in the cache. */
  downloads = 0;
  /** When set, loads settle at once with this outcome instead of waiting for the test. */
  autoLoad: 'succeed' | Error | undefined = undefined;

  async detectDevice(): Promise<DeviceProfile> {
    return this.device;
  }
  /** How often the catalog was asked for (in the app: a question that starts the LLM worker). */
  catalogCalls = 0;
  async loadCatalog(): Promise<CatalogModel[]> {
    this.catalogCalls++;
    return this.catalog;
  }
  async hasModelInCache(modelId: string): Promise<boolean> {
    return this.cache.has(modelId);
  }
  async deleteModel(modelId: string): Promise<void> {
    this.deleted.push(modelId);
    this.cache.delete(modelId);
  }
  loadEngine(modelId: string, options: LoadEngineOptions): Promise<LoadedEngine> {
    const cacheOnly = options.cacheOnly === true;
    return new Promise<LoadedEngine>((resolve, reject) => {
      // The real worker refuses a cache-only load of a model that is not fully downloaded.
      if (cacheOnly && !this.cache.has(modelId)) return reject(new Error(`ModelNotCachedError: ${modelId}`));
      const succeed = () => {
        // Only a load that may download fetches files into the cache.
        if (!cacheOnly && !this.cache.has(modelId)) this.downloads++;
        if (!cacheOnly) this.cache.add(modelId);
        const engine = new FakeLoadedEngine(modelId);
        this.engines.push(engine);
        resolve(engine);
      };
      options.signal.addEventListener('abort', () => reject(new AppError('aborted', 'Download cancelled.')), { once: true });
      if (this.autoLoad === 'succeed') return succeed();
      if (this.autoLoad instanceof Error) return reject(this.autoLoad);
      this.loads.push({ modelId, onProgress: options.onProgress, signal: options.signal, cacheOnly, resolve: succeed, reject });
    });
  }
}
