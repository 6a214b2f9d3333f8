/**
 * What transformers.js has downloaded into Cache Storage (embedding and speech models,
 * the ONNX runtime wasm), for the Models screen: list with sizes, check readiness for
 * offline use, delete. Runs on the main thread; it reads the cache, never transformers.js.
 */
export const TRANSFORMERS_CACHE = 'transformers-cache';

export interface CachedFile {
  url: string;
  /** Path inside the model repository, e.g. "onnx/model_quantized.onnx". */
  file: string;
  bytes: number;
}

export interface CachedModel {
  modelId: string;
  /** The host (mirror) it came from. */
  origin: string;
  files: CachedFile[];
  bytes: number;
}

export interface CacheSummary {
  models: CachedModel[];
  /** The ONNX runtime (.wasm/.mjs) and other non-model entries. */
  runtime: CachedFile[];
  totalBytes: number;
}

/** Files a feature-extraction model needs offline (quantized weights by default). */
export function embeddingModelFiles(dtype = 'q8'): string[] {
  const weights = dtype === 'q8' ? 'onnx/model_quantized.onnx' : dtype === 'fp32' ? 'onnx/model.onnx' : `onnx/model_${dtype}.onnx`;
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', weights];
}

const MODEL_PATH = /(?:^|\/)([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/;

export function parseModelUrl(url: string): { modelId: string; file: string; origin: string } | undefined {
  const parsed = new URL(url);
  const match = MODEL_PATH.exec(decodeURIComponent(parsed.pathname));
  if (!match) return undefined;
  return { modelId: match[1] as string, file: match[2] as string, origin: parsed.origin };
}

export class TransformersModelCache {
  constructor(
    private readonly storage: CacheStorage | undefined = typeof caches === 'undefined' ? undefined : caches,
    private readonly cacheName = TRANSFORMERS_CACHE,
  ) {}

  async summary(): Promise<CacheSummary> {
    const cache = await this.open();
    if (!cache) return { models: [], runtime: [], totalBytes: 0 };
    const models = new Map<string, CachedModel>();
    const runtime: CachedFile[] = [];
    for (const request of await cache.keys()) {
      const bytes = await sizeOf(await cache.match(request));
      const where = parseModelUrl(request.url);
      if (!where) {
        runtime.push({ url: request.url, file: new URL(request.url).pathname.split('/').pop() ?? request.url, bytes });
        continue;
      }
      let model = models.get(where.modelId);
      if (!model) models.set(where.modelId, (model = { modelId: where.modelId, origin: where.origin, files: [], bytes: 0 }));
      model.files.push({ url: request.url, file: where.file, bytes });
      model.bytes += bytes;
    }
    const list = [...models.values()].sort((a, b) => a.modelId.localeCompare(b.modelId));
    for (const m of list) m.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    const totalBytes = list.reduce((s, m) => s + m.bytes, 0) + runtime.reduce((s, f) => s + f.bytes, 0);
    return { models: list, runtime, totalBytes };
  }

  /** True when every required file of the model is cached (ready offline). */
  async has(modelId: string, requiredFiles: string[] = embeddingModelFiles()): Promise<boolean> {
    const model = (await this.summary()).models.find((m) => m.modelId === modelId);
    if (!model) return false;
    const present = new Set(model.files.map((f) => f.file));
    return requiredFiles.every((f) => present.has(f));
  }

  /** Deletes every cached file of a model; returns the bytes freed. */
  async delete(modelId: string): Promise<number> {
    const cache = await this.open();
    if (!cache) return 0;
    let freed = 0;
    for (const request of await cache.keys()) {
      if (parseModelUrl(request.url)?.modelId !== modelId) continue;
      freed += await sizeOf(await cache.match(request));
      await cache.delete(request);
    }
    return freed;
  }

  private async open(): Promise<Cache | undefined> {
    if (!this.storage) return undefined;
    // `has` first: `open` would create an empty bucket just by looking.
    if (!(await this.storage.has(this.cacheName))) return undefined;
    return this.storage.open(this.cacheName);
  }
}

async function sizeOf(response: Response | undefined): Promise<number> {
  if (!response) return 0;
  const header = Number(response.headers.get('content-length'));
  if (Number.isFinite(header) && header > 0) return header;
  return (await response.clone().blob()).size;
}
