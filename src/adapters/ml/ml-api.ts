/**
 * The typed API of the one ML worker (transformers.js): configuration, embeddings, and
 * (added by the voice area) transcription. Main-thread clients import only these types.
 */
import type { EmbeddingApi } from './embedding-handlers';
import type { MlConfigApi } from './transformers-env';
import type { TranscriptionApi } from './transcription-handlers';

export type MlWorkerApi = MlConfigApi & EmbeddingApi & TranscriptionApi;
