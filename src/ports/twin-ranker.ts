/** Ranks a twin profile's saved answers and projects against a question (app/twin/twin-ranker.ts implements it). */
import type { Project, QAPair } from '../domain/records';
import type { Scored, TwinProfile } from '../domain/twin/types';
import type { IndexProgress } from './vector-store';

export interface TwinRanking {
  /** Best Q&A pairs for few-shot examples, with retriever scores. */
  qa: Scored<QAPair>[];
  /** Best projects, with retriever scores (tag boost is applied by the system-message builder). */
  projects: Scored<Project>[];
  /** Cosine 0..1 of the question to the best candidates' questions (saved-answer check). */
  similarity: Scored<QAPair>[];
  /** How `similarity` was measured: embeddings, or word vectors when no embedder could run. */
  similarityMethod: 'embeddings' | 'words';
  /** Ids of the pairs and projects the search did not find, added in file order (at score 0) to reach the minimum. */
  filled: string[];
}

export interface TwinRanker {
  rank(profile: TwinProfile, question: string, onProgress?: IndexProgress): Promise<TwinRanking>;
  /** Frees what was indexed for a deleted profile. */
  forget?(profileId: string): Promise<void>;
}
