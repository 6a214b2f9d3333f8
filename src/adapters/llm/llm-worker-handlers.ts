/**
 * What the LLM worker does for each message of llm-protocol.ts, written against the few parts
 * of `@mlc-ai/web-llm` it uses (passed in, so unit tests run it with a scripted library).
 * One engine per worker; the page terminates the worker to cancel a download.
 */
import type { Handlers } from '../../workers/protocol';
import type { ChunkLike, InitProgressReport, LlmWorkerApi } from './llm-protocol';
import { NOT_CACHED } from './llm-protocol';
import type { ModelRecordLike } from './webllm-catalog';

/** The engine WebLLM's MLCEngine is, as far as this worker uses it. */
export interface WorkerEngine {
  reload(modelId: string): Promise<void>;
  chat: { completions: { create(request: Record<string, unknown>): Promise<AsyncIterable<ChunkLike>> } };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

/** The parts of `@mlc-ai/web-llm` the worker uses. */
export interface WorkerWebLLM {
  prebuiltAppConfig: { model_list: ModelRecordLike[] };
  hasModelInCache(modelId: string): Promise<boolean>;
  deleteModelAllInfoInCache(modelId: string): Promise<void>;
  createEngine(config: { initProgressCallback: (report: InitProgressReport) => void }): WorkerEngine;
  /** Whether Cache Storage `cacheName` holds `url` (WebLLM keeps config and wasm in their own caches). */
  cacheHas(cacheName: string, url: string): Promise<boolean>;
}

/** The fields of a record the page reads: keeps the catalog message small. */
function trim(record: ModelRecordLike): ModelRecordLike {
  const out: ModelRecordLike = { model_id: record.model_id };
  for (const key of [
    'vram_required_MB',
    'low_resource_required',
    'buffer_size_required_bytes',
    'model_type',
    'model',
    'model_lib',
  ] as const) {
    if (record[key] !== undefined) (out as unknown as Record<string, unknown>)[key] = record[key];
  }
  if (record.required_features) out.required_features = [...record.required_features];
  if (record.overrides?.context_window_size !== undefined) out.overrides = { context_window_size: record.overrides.context_window_size };
  return out;
}

/** WebLLM's cleanModelUrl: "https://huggingface.co/USER/MODEL" → ".../resolve/main/". */
function modelBaseUrl(model: string): string {
  const url = model.endsWith('/') ? model : `${model}/`;
  return /.+\/resolve\/.+\//.test(url) ? url : `${url}resolve/main/`;
}

export function createLlmHandlers(lib: WorkerWebLLM): Handlers<LlmWorkerApi> {
  let engine: WorkerEngine | undefined;
  const record = (modelId: string) => lib.prebuiltAppConfig.model_list.find((r) => r.model_id === modelId);

  /** Every file WebLLM loads is cached: weights (its own check), chat config and GPU library. */
  async function fullyCached(modelId: string): Promise<boolean> {
    const found = record(modelId);
    if (!found?.model || !(await lib.hasModelInCache(modelId))) return false;
    const config = new URL('mlc-chat-config.json', modelBaseUrl(found.model)).href;
    const [hasConfig, hasWasm] = await Promise.all([
      lib.cacheHas('webllm/config', config),
      found.model_lib ? lib.cacheHas('webllm/wasm', found.model_lib) : Promise.resolve(false),
    ]);
    return hasConfig && hasWasm;
  }

  return {
    catalog: () => lib.prebuiltAppConfig.model_list.map(trim),
    isCached: ({ modelId }) => fullyCached(modelId),
    deleteModel: async ({ modelId }) => {
      await lib.deleteModelAllInfoInCache(modelId);
      return null;
    },
    load: async ({ modelId, cacheOnly }, context) => {
      // Checked here, next to the cache, so a warm-up can never turn into a download.
      if (cacheOnly && !(await fullyCached(modelId))) {
        const error = new Error(`${modelId} is not fully downloaded; a cache-only load fetches nothing.`);
        error.name = NOT_CACHED;
        throw error;
      }
      if (engine) await engine.unload();
      engine = lib.createEngine({ initProgressCallback: (report) => context.emit({ ...report }) });
      await engine.reload(modelId);
      return null;
    },
    chat: async ({ request }, context) => {
      if (!engine) throw new Error('No model is loaded in the LLM worker.');
      const chunks = await engine.chat.completions.create(request);
      for await (const chunk of chunks) context.emit(chunk);
      return null;
    },
    interrupt: () => {
      engine?.interruptGenerate();
      return null;
    },
    unload: async () => {
      const current = engine;
      engine = undefined;
      await current?.unload();
      return null;
    },
  };
}
