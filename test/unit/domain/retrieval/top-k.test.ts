import { describe, expect, it } from 'vitest';
import { cosineTopK, TopK, topEntries } from '../../../../src/domain/retrieval/top-k';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

describe('TopK', () => {
  it('returns the same as a full sort, best first, for random scores', () => {
    const rand = seeded(7);
    const scores = Array.from({ length: 1000 }, () => Math.round(rand() * 100) / 100);
    const top = new TopK(10);
    scores.forEach((s, i) => top.push(i, s));
    const expected = scores
      .map((score, index) => ({ index, score }))
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 10);
    expect(top.result()).toEqual(expected);
  });

  it('handles k larger than n, k = 0 and NaN scores', () => {
    const top = new TopK(5);
    top.push(0, 1);
    top.push(1, NaN);
    top.push(2, 3);
    expect(top.result()).toEqual([
      { index: 2, score: 3 },
      { index: 0, score: 1 },
    ]);
    const none = new TopK(0);
    none.push(0, 1);
    expect(none.result()).toEqual([]);
  });
});

describe('cosineTopK', () => {
  it('ranks rows of a contiguous matrix by dot product', () => {
    const dims = 3;
    const m = new Float32Array([1, 0, 0, 0, 1, 0, 0.6, 0.8, 0, 0, 0, 1]);
    const hits = cosineTopK(m, dims, 4, new Float32Array([0, 1, 0]), 2);
    expect(hits.map((h) => h.index)).toEqual([1, 2]);
    expect(hits[1]?.score).toBeCloseTo(0.8, 6);
  });

  it.each([
    [1, 384],
    [7, 5],
    [64, 384],
    [101, 7],
  ])('agrees with a full sort for %i rows of %i dims (odd last row and dims not divisible by 4 included)', (count, dims) => {
    let seed = count * 31 + dims;
    const random = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    const matrix = Float32Array.from({ length: count * dims }, random);
    const query = Float32Array.from({ length: dims }, random);
    const expected = Array.from({ length: count }, (_, row) => {
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += matrix[row * dims + d]! * query[d]!;
      return { index: row, score: dot };
    }).sort((a, b) => b.score - a.score);
    const hits = cosineTopK(matrix, dims, count, query, 5);
    expect(hits.map((h) => h.index)).toEqual(expected.slice(0, 5).map((h) => h.index));
    hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i]!.score, 5));
  });

  it('rejects a query of the wrong size', () => {
    expect(() => cosineTopK(new Float32Array(6), 3, 2, new Float32Array(4), 1)).toThrow(RangeError);
  });
});

describe('topEntries', () => {
  it('selects the best ids of a score map', () => {
    const m = new Map([
      ['a', 1],
      ['b', 5],
      ['c', 3],
    ]);
    expect(topEntries(m, 2)).toEqual([
      { id: 'b', score: 5 },
      { id: 'c', score: 3 },
    ]);
  });
});
