import type { ProgressEvent } from './progress';
import type { RetrievalQuery, RetrievedChunk } from '../domain/retrieval/types';

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

/**
 * Indexing progress: chunks done of total, and while the embedding model is still downloading
 * (first use only) that download's own progress, so a screen can say why nothing moves yet.
 */
export type IndexProgress = (done: number, total: number, download?: ProgressEvent) => void;

export interface Retriever {
  /** Indexes the given texts (already chunked) under a namespace. */
  index(
    namespace: string,
    chunks: { id: string; documentId: string; text: string; tags?: string[] }[],
    onProgress?: IndexProgress,
  ): Promise<void>;
  search(namespaces: string[], query: RetrievalQuery): Promise<RetrievedChunk[]>;
  drop(namespace: string): Promise<void>;
  /**
   * True when a persistent index already holds exactly these chunks (ids, texts, tags), so
   * indexing them again would only repeat the embedding work (e.g. after a page reload).
   * Retrievers that keep nothing across reloads leave it out.
   */
  holds?(namespace: string, chunks: { id: string; documentId: string; text: string; tags?: string[] }[]): Promise<boolean>;
  /**
   * Optional capability: forget what was loaded into memory (of one namespace, or all), so the
   * next search reads the store again — after an import, or a change of search model.
   * Retrievers that keep nothing in memory leave it out.
   */
  invalidate?(namespace?: string): void;
}
