/**
 * Splits an interviewer reply into speakable pieces. Chrome's speechSynthesis silently
 * stops long utterances (about 15 s), so the speaker says one sentence at a time.
 * Markdown symbols are removed first so "**Great**" is not read as "star star Great".
 */

/** Abbreviations that end with a period but do not end a sentence. Lower-case, without the final period. */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'inc',
  'ltd',
  'co',
  'corp',
  'approx',
  'dept',
  'no',
  'fig',
  'cf',
  'a.m',
  'p.m',
  'u.s',
]);

/** Removes markdown syntax, keeping the words a listener needs. */
export function stripMarkdown(text: string): string {
  return (
    text
      // Fenced code blocks: the code itself is not worth reading aloud.
      .replace(/```[\s\S]*?```/g, ' ')
      // Images disappear; links keep their text.
      .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      // Headings, quotes and list markers at line starts.
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/^\s*>\s?/gm, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
      // Horizontal rules and table pipes.
      .replace(/^\s*(?:[-*_]\s*){3,}$/gm, ' ')
      .replace(/\|/g, ' ')
      // Emphasis and inline code markers (keep the words inside).
      .replace(/(\*{1,3}|_{1,3}|~~|`+)(\S(?:[\s\S]*?\S)?)\1/g, '$2')
      .replace(/[*`#~]/g, '')
      .replace(/<[^>]+>/g, ' ')
  );
}

function endsWithAbbreviation(segment: string): boolean {
  const match = /(?:^|[\s(])([\p{L}.]+)\.\s*$/u.exec(segment);
  if (!match?.[1]) return false;
  const word = match[1].toLowerCase();
  // Single letters ("J. Smith") are initials, not sentence ends.
  return ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word);
}

/** Splits one overlong sentence at clause boundaries so no piece exceeds `maxChars` where avoidable. */
function splitLong(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const clauses = sentence.split(/(?<=[,;:—])\s+/);
  const pieces: string[] = [];
  let current = '';
  for (const clause of clauses) {
    if (current && current.length + 1 + clause.length > maxChars) {
      pieces.push(current);
      current = clause;
    } else {
      current = current ? `${current} ${clause}` : clause;
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

export interface SplitOptions {
  /** BCP 47 locale for sentence rules, e.g. 'en'. */
  locale?: string;
  /** Pieces longer than this are split at commas/semicolons. */
  maxChars?: number;
}

/** Markdown-free sentences in reading order, never empty strings. */
export function splitSentences(text: string, options: SplitOptions = {}): string[] {
  const plain = stripMarkdown(text).replace(/\s+/g, ' ').trim();
  if (!plain) return [];
  const segmenter = new Intl.Segmenter(options.locale ?? 'en', { granularity: 'sentence' });
  const merged: string[] = [];
  let carry = '';
  for (const { segment } of segmenter.segment(plain)) {
    const joined = carry ? `${carry}${segment}` : segment;
    if (endsWithAbbreviation(joined)) {
      carry = joined;
      continue;
    }
    carry = '';
    merged.push(joined.trim());
  }
  if (carry.trim()) merged.push(carry.trim());
  const maxChars = options.maxChars ?? 220;
  return merged.filter((s) => /[\p{L}\p{N}]/u.test(s)).flatMap((s) => splitLong(s, maxChars));
}
