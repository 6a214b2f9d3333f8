import { describe, expect, it } from 'vitest';
import { fuseWithBoosts, reciprocalRankFusion, type FusionCandidate } from '../../../../src/domain/retrieval/rrf';

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) across lists', () => {
    const s = reciprocalRankFusion(
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      { k: 10 },
    );
    expect(s.get('a')).toBeCloseTo(1 / 11, 12);
    expect(s.get('b')).toBeCloseTo(1 / 12 + 1 / 11, 12);
    expect(s.get('c')).toBeCloseTo(1 / 12, 12);
  });

  it('applies per-list weights and counts a duplicate once at its best rank', () => {
    const s = reciprocalRankFusion([['a', 'a'], ['a']], { k: 0, weights: [2, 0.5] });
    expect(s.get('a')).toBeCloseTo(2 / 1 + 0.5 / 1, 12);
  });
});

describe('fuseWithBoosts', () => {
  const candidates = new Map<string, FusionCandidate>([
    ['x', { id: 'x', text: 'Led a team of engineers.' }],
    ['y', { id: 'y', text: 'Experience with distributed systems at scale.', tags: ['backend'] }],
    ['z', { id: 'z', text: 'Systems that are distributed.', tags: ['Backend'] }],
  ]);

  it('an item both rankers like beats one that only a single ranker ranks first', () => {
    const hits = fuseWithBoosts(
      [
        ['x', 'y'],
        ['z', 'y'],
      ],
      candidates,
      { query: 'q' },
      3,
    );
    expect(hits[0]?.id).toBe('y');
  });

  it('an exact phrase is worth one first place', () => {
    const plain = fuseWithBoosts([['x', 'z', 'y']], candidates, { query: 'distributed systems' }, 3, { phraseBoost: 0 });
    const boosted = fuseWithBoosts([['x', 'z', 'y']], candidates, { query: 'distributed systems' }, 3, { phraseBoost: 1 });
    expect(plain.map((h) => h.id)).toEqual(['x', 'z', 'y']);
    expect(boosted[0]?.id).toBe('y');
    expect(boosted[0]?.score).toBeCloseTo(1 / 63 + 1 / 61, 12);
  });

  it('tag matches are case-insensitive and weighted', () => {
    const hits = fuseWithBoosts([['x', 'y', 'z']], candidates, { query: 'anything', boostTags: ['BACKEND'] }, 3, { tagBoost: 0.5 });
    expect(hits.map((h) => h.id)).toEqual(['y', 'z', 'x']);
    expect(hits[0]?.score).toBeCloseTo(1 / 62 + 0.5 / 61, 12);
  });

  it('respects the limit', () => {
    expect(fuseWithBoosts([['x', 'y', 'z']], candidates, { query: 'q' }, 1)).toHaveLength(1);
    expect(fuseWithBoosts([['x']], candidates, { query: 'q' }, 0)).toEqual([]);
  });
});
