/**
 * Cheap lexical similarity for "is this the same question again?" checks (guideline
 * de-duplication, an interviewer reply that repeats an earlier question). Word-set Jaccard
 * over content words: robust to rephrased filler ("Can you tell me…" vs "Tell me…"), and
 * needs no model, so it works the same for every engine.
 */

const STOPWORDS = new Set(
  'a an the and or but of to in on at for with about from by as is are was were be been being do does did you your yours me my i we our us it its this that these those there here can could would should will shall may might please tell describe give share explain what how why when where which who whom time times'.split(
    ' ',
  ),
);

/** Lower-case, unify quotes and dashes, drop punctuation, collapse whitespace. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function contentWords(text: string): Set<string> {
  const words = normalizeText(text)
    .split(' ')
    .map((w) => w.replace(/'s$/, '').replace(/(?<=\w{3})s$/, ''))
    .filter((w) => w.length > 0 && !STOPWORDS.has(w));
  return new Set(words);
}

/** Jaccard similarity of content words, 0..1. Two texts without content words are 1 when equal. */
export function textSimilarity(a: string, b: string): number {
  const wa = contentWords(a);
  const wb = contentWords(b);
  if (wa.size === 0 || wb.size === 0) return normalizeText(a) === normalizeText(b) ? 1 : 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared);
}

/** Above this, two questions are treated as the same question. */
export const SAME_QUESTION_THRESHOLD = 0.7;

export function isSameQuestion(a: string, b: string): boolean {
  return normalizeText(a) === normalizeText(b) || textSimilarity(a, b) >= SAME_QUESTION_THRESHOLD;
}

/** The sentences of a reply that end in a question mark (what the interviewer actually asks). */
export function questionSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?？])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /[?？]$/.test(s));
}
