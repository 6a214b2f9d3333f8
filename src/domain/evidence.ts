/**
 * Evidence quotes in feedback must be the candidate's own words. Models paraphrase and
 * sometimes invent quotes; a made-up quote in a report is worse than none. A quote is kept
 * only when it occurs in the candidate's answers after normalising case, whitespace, quote
 * marks and dashes, and is returned as the verbatim span from the answer (so the report can
 * highlight it exactly).
 */

/** Shortest quote worth keeping; shorter strings match almost anything. */
export const MIN_EVIDENCE_CHARS = 4;

function normalizeChar(ch: string): string {
  if (/[\u2018\u2019\u201A\u201B\u2032`´]/.test(ch)) return "'";
  if (/[\u201C\u201D\u201E\u201F\u2033«»]/.test(ch)) return '"';
  if (/[\u2010-\u2015\u2212]/.test(ch)) return '-';
  if (/\s/.test(ch)) return ' ';
  return ch.toLowerCase();
}

/** Normalised text plus, for each normalised character, its index in the original. */
function normalizeWithMap(text: string): { norm: string; map: number[] } {
  // Characters are collected in an array and joined once: testing the end of a growing string
  // (`norm.endsWith`) flattens it on every character, quadratic on a 1 MB job description.
  const chars: string[] = [];
  const map: number[] = [];
  let previous = ' ';
  for (let i = 0; i < text.length; i++) {
    const ch = normalizeChar(text[i] as string);
    if (ch === ' ' && previous === ' ') continue;
    chars.push(ch);
    map.push(i);
    previous = ch;
  }
  if (previous === ' ' && chars.length > 0) {
    chars.pop();
    map.pop();
  }
  return { norm: chars.join(''), map };
}

/** Strips what models wrap quotes in: quote marks, ellipses, a trailing full stop. */
function cleanQuote(quote: string): string {
  return quote
    .trim()
    .replace(/^["'\u201C\u2018«]+|["'\u201D\u2019»]+$/g, '')
    .replace(/^(\.\.\.|…)\s*|\s*(\.\.\.|…)$/g, '')
    .replace(/[.,;:]$/, '')
    .trim();
}

/** The verbatim span of `answer` that `quote` matches, or undefined. */
export function findVerbatim(quote: string, answer: string): string | undefined {
  const cleaned = cleanQuote(quote);
  if (cleaned.length < MIN_EVIDENCE_CHARS) return undefined;
  const needle = normalizeWithMap(cleaned).norm;
  const { norm, map } = normalizeWithMap(answer);
  const at = norm.indexOf(needle);
  if (at < 0) return undefined;
  const start = map[at] as number;
  const end = (map[at + needle.length - 1] as number) + 1;
  return answer.slice(start, end);
}

/** Keeps the quotes found in any of the answers (as verbatim spans), without duplicates. */
export function verifyEvidence(quotes: readonly string[], answers: readonly string[]): string[] {
  const kept: string[] = [];
  for (const quote of quotes) {
    for (const answer of answers) {
      const span = findVerbatim(quote, answer);
      if (span !== undefined) {
        if (!kept.includes(span)) kept.push(span);
        break;
      }
    }
  }
  return kept;
}

/**
 * True when `quote` is a verbatim quote of `source` (a guideline requirement of the job
 * description or resume): the same words after normalising case, whitespace, quote marks and
 * dashes only, and whole words at both ends (so "Go" is not found inside "good"). Any other
 * difference makes it the model's wording, which the report shows as a paraphrase.
 */
export function isVerbatimQuote(quote: string, source: string): boolean {
  const cleaned = cleanQuote(quote);
  if (cleaned.length === 0) return false;
  const needle = normalizeWithMap(cleaned).norm;
  const { norm } = normalizeWithMap(source);
  const wordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
  for (let at = norm.indexOf(needle); at >= 0; at = norm.indexOf(needle, at + 1)) {
    const before = norm[at - 1];
    const after = norm[at + needle.length];
    const startsWord = !wordChar(needle[0]) || !wordChar(before);
    const endsWord = !wordChar(needle[needle.length - 1]) || !wordChar(after);
    if (startsWord && endsWord) return true;
  }
  return false;
}
