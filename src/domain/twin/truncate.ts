/**
 * Cutting text to a token budget without breaking a word: prefer the last sentence end
 * that fits, fall back to the last word end, and say visibly that something was left out.
 */
import type { CountTokens } from './types';

export const TRUNCATION_NOTE = '[…]';

export interface Truncated {
  text: string;
  truncated: boolean;
}

/** Offsets just after each sentence end ('.', '!', '?', '…' before whitespace) and each line break. */
function sentenceEnds(text: string): number[] {
  const ends: number[] = [];
  const pattern = /[.!?…]["')\]]*(?=\s)|\n/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) ends.push(m.index + m[0].length);
  return ends;
}

function wordEnds(text: string): number[] {
  const ends: number[] = [];
  const pattern = /\S(?=\s)/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) ends.push(m.index + 1);
  return ends;
}

/** Largest candidate cut whose prefix (plus the note) fits; binary search since counting is the cost. */
function bestCut(text: string, cuts: number[], fits: (prefix: string) => boolean): number | undefined {
  let lo = 0;
  let hi = cuts.length - 1;
  let best: number | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cut = cuts[mid] as number;
    if (fits(text.slice(0, cut))) {
      best = cut;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/**
 * Returns `text` when it fits in `maxTokens`; otherwise the longest prefix ending at a sentence
 * (or, failing that, a word) boundary, followed by the note "[…]". Empty when not even one word fits.
 */
export function truncateToTokens(text: string, maxTokens: number, countTokens: CountTokens): Truncated {
  const trimmed = text.trim();
  if (trimmed === '' || countTokens(trimmed) <= maxTokens) return { text: trimmed, truncated: false };
  const withNote = (prefix: string) => `${prefix.trimEnd()} ${TRUNCATION_NOTE}`;
  const fits = (prefix: string) => countTokens(withNote(prefix)) <= maxTokens;
  const cut = bestCut(trimmed, sentenceEnds(trimmed), fits) ?? bestCut(trimmed, wordEnds(trimmed), fits);
  if (cut === undefined) return { text: '', truncated: true };
  return { text: withNote(trimmed.slice(0, cut)), truncated: true };
}
