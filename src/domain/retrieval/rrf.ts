/**
 * Reciprocal rank fusion: each ranker contributes weight / (k + rank) for every item it
 * ranks; scores of different scales (BM25, cosine) never have to be calibrated against
 * each other. Exact-phrase and tag matches enter as extra "virtual rankers" that put a
 * matching item at rank 1, so a boost is worth the same as a first place in one list.
 */
import { normalizeForPhrase, phraseHits, queryPhrases, tagHits } from './boosts';

export interface FusionOptions {
  /** The RRF damping constant (default 60, from Cormack et al. 2009). */
  k?: number;
  /** One weight per ranking (default 1 each). */
  weights?: number[];
  /** Weight of the exact-phrase virtual ranker, per phrase found (default 1). */
  phraseBoost?: number;
  /** Weight of the tag virtual ranker, per matching tag (default 0.5). */
  tagBoost?: number;
}

export interface FusionCandidate {
  id: string;
  text: string;
  tags?: string[];
}

export interface FusedHit {
  id: string;
  score: number;
}

/** Plain RRF over ranked id lists (best first). */
export function reciprocalRankFusion(
  rankings: readonly (readonly string[])[],
  options: Pick<FusionOptions, 'k' | 'weights'> = {},
): Map<string, number> {
  const k = options.k ?? 60;
  const scores = new Map<string, number>();
  rankings.forEach((ranking, r) => {
    const weight = options.weights?.[r] ?? 1;
    const seen = new Set<string>();
    ranking.forEach((id, position) => {
      if (seen.has(id)) return; // a duplicate in one list counts once, at its best rank
      seen.add(id);
      scores.set(id, (scores.get(id) ?? 0) + weight / (k + position + 1));
    });
  });
  return scores;
}

/**
 * Fuses rankings and applies the phrase and tag boosts to every candidate that any
 * ranker returned. Returns the best `limit` hits, best first; ties keep first-seen order.
 */
export function fuseWithBoosts(
  rankings: readonly (readonly string[])[],
  candidates: ReadonlyMap<string, FusionCandidate>,
  query: { query: string; boostTags?: string[] },
  limit: number,
  options: FusionOptions = {},
): FusedHit[] {
  const k = options.k ?? 60;
  const firstPlace = 1 / (k + 1);
  const phraseWeight = options.phraseBoost ?? 1;
  const tagWeight = options.tagBoost ?? 0.5;
  const scores = reciprocalRankFusion(rankings, options);
  const phrases = phraseWeight > 0 ? queryPhrases(query.query) : [];
  for (const [id, score] of scores) {
    const candidate = candidates.get(id);
    if (!candidate) continue;
    const phrase = phrases.length > 0 ? phraseHits(normalizeForPhrase(candidate.text), phrases) : 0;
    const tags = tagWeight > 0 ? tagHits(candidate.tags, query.boostTags) : 0;
    scores.set(id, score + firstPlace * (phraseWeight * phrase + tagWeight * tags));
  }
  const order = [...scores.keys()];
  return order
    .map((id, i) => ({ id, score: scores.get(id) as number, i }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, Math.max(0, limit))
    .map(({ id, score }) => ({ id, score }));
}
