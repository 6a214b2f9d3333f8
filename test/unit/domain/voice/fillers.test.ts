import { describe, expect, it } from 'vitest';
import { DEFAULT_FILLER_WORDS, formatFillerList, normalizeWord, parseFillerList } from '../../../../src/domain/voice/fillers';

describe('fillers', () => {
  it('normalises words from Whisper output', () => {
    expect(normalizeWord(' Like,')).toBe('like');
    expect(normalizeWord('“Um…”')).toBe('um');
    expect(normalizeWord('I’d')).toBe("i'd");
    expect(normalizeWord('...')).toBe('');
  });

  it('parses the settings box: commas or lines, no duplicates or blanks', () => {
    expect(parseFillerList('um, Uh\n you  know ,, um\n\nKIND OF')).toEqual(['um', 'uh', 'you know', 'kind of']);
    expect(parseFillerList('  ')).toEqual([]);
  });

  it('round-trips the default list through the settings text', () => {
    expect(parseFillerList(formatFillerList(DEFAULT_FILLER_WORDS))).toEqual([...DEFAULT_FILLER_WORDS]);
  });
});
