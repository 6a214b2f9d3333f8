import { describe, expect, it } from 'vitest';
import { truncateToTokens, TRUNCATION_NOTE } from '../../../../src/domain/twin/truncate';

const wordCount = (t: string) => t.split(/\s+/).filter(Boolean).length;

describe('truncateToTokens', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateToTokens('One two. Three.', 10, wordCount)).toEqual({ text: 'One two. Three.', truncated: false });
  });

  it('cuts at the last sentence end that fits and adds the note', () => {
    const text = 'First sentence here. Second one is longer than that. Third.';
    const out = truncateToTokens(text, 9, wordCount);
    expect(out).toEqual({ text: `First sentence here. ${TRUNCATION_NOTE}`, truncated: true });
  });

  it('falls back to a word boundary, never cutting a word', () => {
    const out = truncateToTokens('Supercalifragilistic expialidocious words without any sentence end', 4, wordCount);
    expect(out.text).toBe(`Supercalifragilistic expialidocious words ${TRUNCATION_NOTE}`);
    expect(wordCount(out.text)).toBeLessThanOrEqual(4);
  });

  it('gives nothing when not even one word fits', () => {
    expect(truncateToTokens('alpha beta', 1, wordCount)).toEqual({ text: '', truncated: true });
  });
});
