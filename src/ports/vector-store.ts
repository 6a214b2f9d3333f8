export interface VectorItem {
  id: string;
  documentId: string;
  text: string;
  vector: Float32Array;
  /** Position of the chunk in its document. */
  index: number;
  tags?: string[];
}

export interface VectorHit {
  id: string;
  documentId: string;
  text: string;
  index: number;
  score: number;
  tags?: string[];
}

export interface VectorStore {
  /** Stores items under a namespace, tagged with the embedding model that made the vectors. */
  upsert(namespace: string, modelId: string, items: VectorItem[]): Promise<void>;
  /** Top-k by cosine similarity (vectors are normalised, so a dot product). Only items of `modelId`. */
  query(namespace: string, modelId: string, vector: Float32Array, k: number): Promise<VectorHit[]>;
  deleteNamespace(namespace: string): Promise<void>;
  deleteDocument(documentId: string): Promise<void>;
  /** Model ids that have vectors in this namespace (to detect a needed re-index). */
  modelIds(namespace: string): Promise<string[]>;
}

/** A retrieved passage, whatever ranked it (BM25 alone, or hybrid). */
export interface RetrievedChunk {
  id: string;
  documentId: string;
  text: string;
  score: number;
  tags?: string[];
}

export interface RetrievalQuery {
  query: string;
  k: number;
  /** Words that, when present in a chunk's tags, boost it. */
  boostTags?: string[];
}

export interface Retriever {
  /** Indexes the given texts (already chunked) under a namespace. */
  index(
    namespace: string,
    chunks: { id: string; documentId: string; text: string; tags?: string[] }[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<void>;
  search(namespaces: string[], query: RetrievalQuery): Promise<RetrievedChunk[]>;
  drop(namespace: string): Promise<void>;
}
