/**
 * The only place `@mlc-ai/web-llm` runs: downloads, cache questions, GPU setup and token
 * generation, all off the main thread. The page talks to it through the app's own typed
 * protocol (llm-protocol.ts, via llm-client.ts) and never loads WebLLM itself.
 */
import { deleteModelAllInfoInCache, hasModelInCache, MLCEngine, prebuiltAppConfig } from '@mlc-ai/web-llm';
import { serveWorker } from '../../workers/protocol';
import { createLlmHandlers, type WorkerEngine } from './llm-worker-handlers';
import type { ModelRecordLike } from './webllm-catalog';

serveWorker(
  self,
  createLlmHandlers({
    prebuiltAppConfig: prebuiltAppConfig as unknown as { model_list: ModelRecordLike[] },
    hasModelInCache: (modelId) => hasModelInCache(modelId),
    deleteModelAllInfoInCache: (modelId) => deleteModelAllInfoInCache(modelId),
    createEngine: (config) => new MLCEngine(config) as unknown as WorkerEngine,
    cacheHas: async (cacheName, url) => (await (await caches.open(cacheName)).match(url)) !== undefined,
  }),
);
