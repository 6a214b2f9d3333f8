/**
 * Signals beyond the two rankers: a chunk that contains the query's exact phrase, or whose
 * tags name what the caller cares about (twin projects tagged "react" for a React
 * question), should rise. Shared by the BM25-only retriever and the hybrid fusion.
 */
import { tokenize } from './tokenize';

/** Lowercase, NFKC, punctuation and whitespace runs collapsed to one space. */
export function normalizeForPhrase(text: string): string {
  return ` ${text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}+#]+/gu, ' ')
    .trim()} `;
}

/**
 * Phrases worth an exact-match boost: quoted parts of the query when there are any
 * ("… "distributed systems" …"), otherwise the whole query when it has two words or more.
 */
export function queryPhrases(query: string): string[] {
  const quoted = [...query.matchAll(/["“”„«»]([^"“”„«»]+)["“”„«»]/g)]
    .map((m) => normalizeForPhrase(m[1] as string))
    .filter((p) => p.trim() !== '');
  if (quoted.length > 0) return quoted;
  const whole = normalizeForPhrase(query);
  return whole.trim().split(' ').length >= 2 ? [whole] : [];
}

/** How many phrases the text contains (texts pre-normalised with normalizeForPhrase). */
export function phraseHits(normalizedText: string, phrases: string[]): number {
  let hits = 0;
  for (const phrase of phrases) if (normalizedText.includes(phrase)) hits++;
  return hits;
}

/** Tags matching the boost words, compared as stemmed terms so "APIs" matches "api". */
export function tagHits(tags: readonly string[] | undefined, boostTags: readonly string[] | undefined): number {
  if (!tags || tags.length === 0 || !boostTags || boostTags.length === 0) return 0;
  const wanted = new Set(boostTags.map((t) => tokenize(t).join(' ')).filter((t) => t !== ''));
  let hits = 0;
  for (const tag of new Set(tags.map((t) => tokenize(t).join(' ')))) if (tag !== '' && wanted.has(tag)) hits++;
  return hits;
}
