/**
 * What a hybrid retriever needs from a vector store beyond the VectorStore port: the
 * stored passages' texts (without vectors), so BM25 can be rebuilt after a reload over
 * exactly the chunks that have vectors.
 */
export interface StoredChunk {
  id: string;
  documentId: string;
  index: number;
  text: string;
  modelId: string;
  tags?: string[];
}

/** The model id of chunks stored before they could be embedded (re-embedded later). */
export const PENDING_MODEL = '';

export interface ChunkSource {
  /** Every chunk of the namespace, whatever its model (pending ones included), without vectors. */
  listChunks(namespace: string): Promise<StoredChunk[]>;
  /**
   * Stores chunks without vectors (model id PENDING_MODEL), replacing any with the same id:
   * keyword search survives a reload even when the embedding model could not be loaded.
   */
  upsertText(namespace: string, chunks: Omit<StoredChunk, 'modelId'>[]): Promise<void>;
}
