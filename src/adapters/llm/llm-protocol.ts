/**
 * The typed messages between the page and the LLM worker (llm.worker.ts), on the app's own
 * worker envelope (src/workers/protocol.ts). WebLLM lives only in that worker; the page asks
 * it everything: the model list, "is this model downloaded?", delete, load, and chat.
 *
 * Streams ride on the envelope's `event` messages: `load` emits WebLLM's raw init reports,
 * `chat` emits WebLLM's OpenAI-style chunks; each call then settles with one result.
 */
import type { ModelRecordLike } from './webllm-catalog';

/** WebLLM's InitProgressReport, as the worker forwards it. */
export interface InitProgressReport {
  progress: number;
  timeElapsed: number;
  text: string;
}

/** One streamed chunk of a chat completion (the fields the page reads). */
export interface ChunkLike {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | null;
}

export interface LoadParams {
  modelId: string;
  /**
   * Load only what is already in the browser cache: the warm-up on the setup screen uses this
   * so a model the user never downloaded is never downloaded behind their back.
   */
  cacheOnly?: boolean;
}

export type LlmWorkerApi = {
  /** WebLLM's `prebuiltAppConfig.model_list`, trimmed to the fields the page reads. */
  catalog: (params: null) => ModelRecordLike[];
  /** Weights, config and GPU library all in Cache Storage: the model works offline. */
  isCached: (params: { modelId: string }) => boolean;
  /** `deleteModelAllInfoInCache`: weights, config and wasm of one model. */
  deleteModel: (params: { modelId: string }) => null;
  /** Downloads (unless cacheOnly) and loads a model; emits InitProgressReport events. */
  load: (params: LoadParams) => null;
  /** Streams one chat completion of the loaded model; emits ChunkLike events. */
  chat: (params: { request: Record<string, unknown> }) => null;
  /** Stops the reply being generated; its stream ends with finish_reason "abort". */
  interrupt: (params: null) => null;
  /** Frees the GPU memory of the loaded model. */
  unload: (params: null) => null;
};

/** Thrown by a cache-only load when any file of the model is missing (the page then downloads nothing). */
export const NOT_CACHED = 'ModelNotCachedError';
