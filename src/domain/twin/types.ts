/** Shapes shared by the twin modules. Pure types. */
import type { ProfileRecord } from '../records';

/** Counts tokens of a text; injected so the domain stays free of a tokenizer choice. */
export type CountTokens = (text: string) => number;

/** An item with the similarity a retriever gave it for the current question. */
export interface Scored<T> {
  item: T;
  score: number;
}

/** Model-proposed questions, asked once per profile and cached on it. */
export interface SuggestionCache {
  questions: string[];
  /** Which engine proposed them (shown in the UI, and a reason to ask again after a change). */
  engineId: string;
  createdAt: number;
}

/**
 * A stored profile plus the twin-only fields that `ProfileRecord` does not name yet.
 * IndexedDB stores the extra field as it is; the twin pack schema validates it.
 */
export interface TwinProfile extends ProfileRecord {
  suggestedQuestions?: SuggestionCache;
}
