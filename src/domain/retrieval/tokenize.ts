/**
 * Turns text into search terms for BM25: Unicode-aware, lowercase, stop words out, light
 * stemming. The same function runs on chunks and on queries, so both sides agree.
 *
 * Han and kana runs have no spaces between words; we emit overlapping character bigrams
 * for them (the classic CJK indexing trick) so matching does not depend on a dictionary.
 */

const STOP_WORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our ours she so such than that the their them then there these they this those to too us was we ' +
    'were what when where which while who whom why will with would you your yours about above after again all also am any ' +
    'because before below between both during each few further here just more most nor only other own same should some ' +
    'under until up very ll re ve etc e g eg ie'
  ).split(' '),
);

/** Letters/numbers, keeping the `+`/`#` tails of names like C++, C#, F#. */
const WORD = /[\p{L}\p{N}\p{M}]+[+#]*/gu;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/u;
const CJK_SPLIT = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+)/u;

export function tokenize(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC').toLowerCase();
  for (const part of normalized.split(CJK_SPLIT)) {
    if (part === '') continue;
    if (CJK_RUN.test(part)) {
      pushCjkBigrams(part, out);
      continue;
    }
    for (const match of part.matchAll(WORD)) {
      const word = match[0];
      if (STOP_WORDS.has(word)) continue;
      out.push(stem(word));
    }
  }
  return out;
}

function pushCjkBigrams(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0] as string);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push((chars[i] as string) + (chars[i + 1] as string));
}

const VOWEL = /[aeiouy]/;
const DOUBLE_CONSONANT = /([b-df-hj-km-np-rtv-z])\1$/;

/**
 * A deliberately light English stemmer: plural and -ing/-ed endings, a trailing e, doubled
 * consonants. Aggressive stemmers (Porter) conflate too much for short technical terms
 * ("React" → "react", "reaction" → "react").
 */
export function stem(word: string): string {
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us)$/.test(w) && !(w.endsWith('is') && w.length > 4)) w = w.slice(0, -1);
  let strippedVerbEnding = false;
  for (const suffix of ['ing', 'ed']) {
    if (w.endsWith(suffix)) {
      const base = w.slice(0, -suffix.length);
      if (base.length >= 3 && VOWEL.test(base)) {
        w = base;
        strippedVerbEnding = true;
      }
      break;
    }
  }
  if (strippedVerbEnding && DOUBLE_CONSONANT.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}
