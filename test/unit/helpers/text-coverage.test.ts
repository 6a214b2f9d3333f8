import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { textCoverage } from './text-coverage';

const TEXT = Array.from({ length: 60 }, (_, i) => `Sentence number ${i} about distributed systems.`).join(' ');

describe('textCoverage (the measure the 1 MB job description row relies on)', () => {
  it('counts every character covered when the chunks hold the whole text', () => {
    const chunks = chunkText(TEXT, { maxChars: 200 });
    const result = textCoverage(TEXT, chunks);
    expect(result.foreign).toEqual([]);
    expect(result.covered).toBe(result.total);
  });

  it('can fail: a chunk dropped from the middle leaves a gap, though the chunk total barely moves', () => {
    const chunks = chunkText(TEXT, { maxChars: 200 });
    const dropped = chunks.filter((_, i) => i !== Math.floor(chunks.length / 2));
    const result = textCoverage(TEXT, dropped);
    expect(result.covered).toBeLessThan(result.total);
    expect(result.firstGap).toBeDefined();
    // The old check (chunk total ≥ 95 % of the text) passes with the chunk missing: overlap hides it.
    expect(dropped.join('').length).toBeGreaterThanOrEqual(TEXT.length * 0.95);
  });

  it('can fail: a chunk that is not in the text is reported, not counted', () => {
    const chunks = [...chunkText(TEXT, { maxChars: 200 })];
    chunks[1] = chunks[1]!.replace('distributed', 'distrib');
    const result = textCoverage(TEXT, chunks);
    expect(result.foreign).toHaveLength(1);
  });
});
