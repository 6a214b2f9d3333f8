/**
 * Saved answers: when the question is (almost) one the candidate already answered in their
 * CSV, the twin shows that answer at once, without inference.
 *
 * Similarity is a cosine in 0..1 either way: of the two questions' embeddings when an embedder
 * is available, or of their word-count vectors otherwise (see lexical.ts). BM25 scores are not
 * used here because they are unbounded and depend on the collection, so no fixed threshold
 * would mean the same thing from one profile to the next.
 */
import type { QAPair } from '../records';
import { lexicalCosine, normalizeQuestion } from './lexical';
import type { Scored } from './types';

export const DEFAULT_SAVED_ANSWER_THRESHOLD = 0.85;

export interface SavedAnswerMatch {
  pair: QAPair;
  similarity: number;
}

/** The best pair at or above the threshold; an exact (normalized) match always wins. */
export function pickSavedAnswer(question: string, candidates: Scored<QAPair>[], threshold: number): SavedAnswerMatch | undefined {
  const wanted = normalizeQuestion(question);
  if (wanted === '') return undefined;
  const exact = candidates.find((c) => normalizeQuestion(c.item.question) === wanted);
  if (exact) return { pair: exact.item, similarity: 1 };
  let best: Scored<QAPair> | undefined;
  for (const c of candidates) if (!best || c.score > best.score) best = c;
  if (!best || best.score < threshold) return undefined;
  return { pair: best.item, similarity: best.score };
}

/** Lexical similarity of the question to every pair's question (no embedder case). */
export function lexicalQuestionScores(question: string, pairs: QAPair[]): Scored<QAPair>[] {
  return pairs.map((item) => ({ item, score: lexicalCosine(question, item.question) }));
}

/** Clamps a user-entered threshold to something that can match but is not trivially loose. */
export function clampThreshold(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_SAVED_ANSWER_THRESHOLD;
  return Math.min(1, Math.max(0.5, value));
}
