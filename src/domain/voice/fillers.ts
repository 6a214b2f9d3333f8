/**
 * Filler words and how we recognise them in a transcript.
 *
 * Whisper tends to leave out "um" and "uh" (it was trained on cleaned-up captions), so
 * filler counts are a lower bound: they catch the verbal tics Whisper does write down
 * ("like", "you know", "basically").
 */

export const DEFAULT_FILLER_WORDS: readonly string[] = [
  'um',
  'uh',
  'er',
  'erm',
  'ah',
  'hmm',
  'like',
  'you know',
  'i mean',
  'kind of',
  'sort of',
  'basically',
  'actually',
  'literally',
];

/** Lower-case, curly quotes straightened, punctuation around the word removed ("Like," → "like"). */
export function normalizeWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '')
    .replace(/^'+|'+$/g, '');
}

/** Normalises a filler phrase into its words: " You  Know " → ["you", "know"]. */
export function fillerTokens(phrase: string): string[] {
  return phrase.split(/\s+/).map(normalizeWord).filter(Boolean);
}

/** Parses the settings text box: commas or new lines separate entries; duplicates and blanks go. */
export function parseFillerList(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[,\n]/)) {
    const phrase = fillerTokens(raw).join(' ');
    if (phrase && !seen.has(phrase)) {
      seen.add(phrase);
      out.push(phrase);
    }
  }
  return out;
}

/** The settings text box shows the list back as one comma-separated line. */
export function formatFillerList(list: readonly string[]): string {
  return list.join(', ');
}
