/**
 * Splits a document (job description, resume, project notes) into passages small enough
 * to embed and to quote in a prompt. Sentence-aware (Intl.Segmenter), line-aware (JD
 * bullets rarely end with a full stop), and lossless: every character of content lands
 * in at least one chunk — an over-long sentence or a space-less CJK run is split, never cut.
 */

export interface ChunkOptions {
  /** Upper bound on a chunk's length in characters (default 600 ≈ 130 MiniLM tokens). */
  maxChars?: number;
  /** How many trailing sentences of a chunk are repeated at the start of the next (default 1). */
  overlapSentences?: number;
  /** Locale for sentence and word boundaries (default: the runtime's). */
  locale?: string;
}

interface Unit {
  text: string;
  /** True when the unit starts a new line in the source (joined with "\n", else with " "). */
  newLine: boolean;
}

const DEFAULT_MAX_CHARS = 600;
const MIN_MAX_CHARS = 20;

export function chunkText(text: string, options: ChunkOptions = {}): string[] {
  const maxChars = Math.max(MIN_MAX_CHARS, Math.floor(options.maxChars ?? DEFAULT_MAX_CHARS));
  const overlap = Math.max(0, Math.floor(options.overlapSentences ?? 1));
  const units = toUnits(text, maxChars, options.locale);
  return pack(units, maxChars, overlap);
}

function toUnits(text: string, maxChars: number, locale: string | undefined): Unit[] {
  const sentences = new Intl.Segmenter(locale, { granularity: 'sentence' });
  const units: Unit[] = [];
  const lines = text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .split('\n');
  for (const line of lines) {
    const trimmed = line.replace(/\s+/g, ' ').trim();
    if (trimmed === '') continue;
    let first = true;
    for (const { segment } of sentences.segment(trimmed)) {
      const sentence = segment.trim();
      if (sentence === '') continue;
      for (const piece of splitLong(sentence, maxChars, locale)) {
        units.push({ text: piece, newLine: first });
        first = false;
      }
    }
  }
  return units;
}

/** Splits a sentence longer than maxChars at word boundaries (graphemes as a last resort). */
function splitLong(sentence: string, maxChars: number, locale: string | undefined): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const words = new Intl.Segmenter(locale, { granularity: 'word' });
  const pieces: string[] = [];
  let current = '';
  const flush = (): void => {
    const t = current.trim();
    if (t !== '') pieces.push(t);
    current = '';
  };
  for (const { segment } of words.segment(sentence)) {
    if (segment.length > maxChars) {
      flush();
      pieces.push(...splitGraphemes(segment, maxChars));
      continue;
    }
    if (current.length + segment.length > maxChars) flush();
    current += current === '' ? segment.trimStart() : segment;
  }
  flush();
  return pieces;
}

function splitGraphemes(word: string, maxChars: number): string[] {
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(word)) {
    if (current.length + segment.length > maxChars && current !== '') {
      pieces.push(current);
      current = '';
    }
    current += segment;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

function joined(units: Unit[]): string {
  let out = '';
  for (const unit of units) out += out === '' ? unit.text : (unit.newLine ? '\n' : ' ') + unit.text;
  return out;
}

function lengthWith(units: Unit[], next: Unit): number {
  return joined(units).length + (units.length === 0 ? 0 : 1) + next.text.length;
}

function pack(units: Unit[], maxChars: number, overlap: number): string[] {
  const chunks: string[] = [];
  let current: Unit[] = [];
  // Invariant: `current` always ends with a unit not yet emitted, so each flush makes progress.
  for (const unit of units) {
    if (current.length > 0 && lengthWith(current, unit) > maxChars) {
      chunks.push(joined(current));
      // Carry the last sentences over for context, as many as fit beside the new one.
      let carry = overlap > 0 ? current.slice(-overlap) : [];
      while (carry.length > 0 && lengthWith(carry, unit) > maxChars) carry = carry.slice(1);
      current = carry;
    }
    current.push(unit);
  }
  if (current.length > 0) chunks.push(joined(current));
  return chunks;
}
