/// <reference lib="webworker" />
/**
 * The single worker that runs transformers.js. A dispatcher only: each area registers its
 * handler module here (embeddings, transcription); the protocol keeps the worker alive
 * when a handler throws.
 */
import { serveWorker } from '../../workers/protocol';
import { embeddingHandlers } from './embedding-handlers';
import type { MlWorkerApi } from './ml-api';
import { configHandlers } from './transformers-env';
import { transferablesOf } from './transferables';
import { transcriptionHandlers } from './transcription-handlers';

serveWorker<MlWorkerApi>(
  self as unknown as DedicatedWorkerGlobalScope,
  { ...configHandlers, ...embeddingHandlers, ...transcriptionHandlers },
  transferablesOf,
);
