/**
 * How much of a text its chunks cover, counted on the text itself. Chunks overlap (a sentence
 * is repeated at the start of the next), so their total length says nothing about loss: a
 * chunk dropped from the middle can hide behind the overlap of the others. This finds each
 * chunk in the text, in order, marks the characters it spans, and counts the marked ones.
 *
 * Chunking collapses whitespace and drops blank lines, so the text is compared in that form,
 * and only non-whitespace characters are counted (the space or newline between two chunks
 * that do not overlap belongs to neither).
 */
export interface TextCoverage {
  /** Non-whitespace characters of the text. */
  total: number;
  /** Of those, how many lie inside at least one chunk. */
  covered: number;
  /** Chunks that are not a piece of the text (changed or invented text). */
  foreign: string[];
  /** The first uncovered stretch, for a readable failure. */
  firstGap?: string;
}

/** The text as chunking sees it: each line's whitespace collapsed, blank lines dropped. */
export function normalizeForChunks(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

export function textCoverage(text: string, chunks: readonly string[]): TextCoverage {
  const source = normalizeForChunks(text);
  const marked = new Uint8Array(source.length);
  const foreign: string[] = [];
  // Chunks come in order and each starts at or after the previous one's start.
  let from = 0;
  for (const chunk of chunks) {
    const at = source.indexOf(chunk, from);
    if (at < 0 || chunk === '') {
      foreign.push(chunk);
      continue;
    }
    marked.fill(1, at, at + chunk.length);
    from = at;
  }
  let total = 0;
  let covered = 0;
  let gapStart = -1;
  for (let i = 0; i < source.length; i++) {
    if (/\s/.test(source[i]!)) continue;
    total++;
    if (marked[i]) covered++;
    else if (gapStart < 0) gapStart = i;
  }
  const firstGap = gapStart < 0 ? undefined : source.slice(gapStart, gapStart + 80);
  return { total, covered, foreign, ...(firstGap === undefined ? {} : { firstGap }) };
}
