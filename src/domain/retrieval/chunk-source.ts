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

export interface ChunkSource {
  /** Every chunk of the namespace, whatever its model, without vectors. */
  listChunks(namespace: string): Promise<StoredChunk[]>;
}
