import { describe, expect, it } from 'vitest';
import { highlightSegments } from '../../../src/domain/highlight';

describe('highlightSegments', () => {
  it('marks quoted evidence inside the answer', () => {
    const segments = highlightSegments('I led the migration to Postgres and cut costs by 30%.', ['cut costs by 30%']);
    expect(segments).toEqual([
      { text: 'I led the migration to Postgres and ', mark: false },
      { text: 'cut costs by 30%', mark: true },
      { text: '.', mark: false },
    ]);
  });

  it('ignores case, extra whitespace and curly quotes', () => {
    const segments = highlightSegments('We   said “ship it”\nand shipped.', ['we said "ship it" and']);
    expect(segments.filter((s) => s.mark).map((s) => s.text)).toEqual(['We   said “ship it”\nand']);
  });

  it('merges overlapping quotes and skips quotes that are not there', () => {
    const segments = highlightSegments('alpha beta gamma delta', ['alpha beta', 'beta gamma', 'omega']);
    expect(segments).toEqual([
      { text: 'alpha beta gamma', mark: true },
      { text: ' delta', mark: false },
    ]);
  });

  it('treats regex characters in quotes literally', () => {
    expect(highlightSegments('cost (USD) was $5+', ['(USD) was $5+']).some((s) => s.mark)).toBe(true);
    expect(highlightSegments('aaaa', ['.*']).some((s) => s.mark)).toBe(false);
  });
});
