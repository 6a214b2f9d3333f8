/**
 * Is a model reply clearly NOT in the interview language? Small local models drift into
 * English (or into the language of the job description) despite the prompt; this says so,
 * conservatively: a false alarm would make the app regenerate good replies, a miss only
 * leaves things as they were. So it judges only text with enough letters, after removing
 * what legitimately stays in another language (code, URLs, quotations, technical tokens such
 * as `PostgreSQL` or `CI/CD`), and it flags only a clear case:
 *
 * - the wrong writing system: almost no words in the interview language's script (a Japanese
 *   interview answered in Latin letters, or the reverse), Chinese where Japanese was expected
 *   (Japanese sentences always have kana) or Japanese where Chinese was;
 * - among Latin-script languages, franc (trigram statistics) must rank another of our
 *   languages first with the expected one well behind, AND the interview language's own small
 *   words ("und", "the", "się"; see function-words.ts) must be nearly absent while another's
 *   are there. Borrowed English terms in a Polish or German reply are nouns: the Polish or
 *   German small words around them keep the reply from being flagged.
 */
import { francAll } from 'franc-min';
import { functionWordCounts } from './function-words';

type Script = 'latin' | 'han' | 'kana' | 'hangul' | 'devanagari' | 'arabic';

/** Our interview languages (ISO 639-1) → franc's ISO 639-3 codes and their writing systems. */
const LANGUAGES: Record<string, { iso3: string; scripts: readonly Script[] }> = {
  en: { iso3: 'eng', scripts: ['latin'] },
  es: { iso3: 'spa', scripts: ['latin'] },
  fr: { iso3: 'fra', scripts: ['latin'] },
  de: { iso3: 'deu', scripts: ['latin'] },
  pt: { iso3: 'por', scripts: ['latin'] },
  it: { iso3: 'ita', scripts: ['latin'] },
  nl: { iso3: 'nld', scripts: ['latin'] },
  pl: { iso3: 'pol', scripts: ['latin'] },
  tr: { iso3: 'tur', scripts: ['latin'] },
  zh: { iso3: 'cmn', scripts: ['han'] },
  // Japanese mixes kanji with kana.
  ja: { iso3: 'jpn', scripts: ['han', 'kana'] },
  ko: { iso3: 'kor', scripts: ['hangul'] },
  hi: { iso3: 'hin', scripts: ['devanagari'] },
  ar: { iso3: 'arb', scripts: ['arabic'] },
};

const SCRIPTS: readonly [Script, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['han', /\p{Script=Han}/u],
  ['kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['arabic', /\p{Script=Arabic}/u],
];
/** The language a text written mostly in this script is in, where the script says it. */
const LANGUAGE_OF_SCRIPT: Partial<Record<Script, string>> = { han: 'zh', hangul: 'ko', devanagari: 'hi', arabic: 'ar' };

/** Fewer letters than this (after cleaning) are not judged: "Thank you." says nothing. */
const MIN_LETTERS = 40;
/**
 * Telling Latin-script languages apart needs more: on two short English questions (~55
 * letters) franc ranks French first. Below this, only the writing system is judged.
 */
const MIN_LATIN_LETTERS = 100;
/**
 * Below this share of words in the expected script, the reply is in another writing system.
 * Low on purpose: a Korean question naming five English tools still has its Korean words.
 */
const MIN_SCRIPT_SHARE = 0.15;
/** Kana this many and this share of the CJK characters: the text is Japanese, not Chinese. */
const MIN_KANA = 5;
const MIN_KANA_SHARE = 0.2;
/** Chinese characters without any kana, at least this many: Chinese, not Japanese. */
const MIN_HAN_WITHOUT_KANA = 10;
/**
 * Where the expected language may sit at most between our least likely Latin-script language
 * (0) and the most likely one (1) for a flag. franc's scores bunch together on short text, so
 * they are spread over that range first.
 */
const MAX_EXPECTED_POSITION = 0.8;
/** Another language's small words must number at least this many… */
const MIN_FUNCTION_WORDS = 4;
/** …and at least this many times the expected language's. */
const FUNCTION_WORD_RATIO = 4;

export interface LanguageMismatch {
  /** ISO 639-1 of the interview language. */
  expected: string;
  /** ISO 639-1 of the language the reply seems to be in, when it is one of ours and clear. */
  detected?: string;
}

/** Removes what stays in its own language in any reply: code, links, quotations, technical tokens. */
export function stripForeignParts(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/```[\s\S]*?```/g, ' ')
      .replace(/`[^`\n]*`/g, ' ')
      .replace(/\bhttps?:\/\/\S+/g, ' ')
      // Quotations (of the candidate, of the job description) and Markdown block quotes.
      .replace(/“[^”]*”|„[^“”]*[“”]|«[^»]*»|‘[^’]*’|‚[^‘’]*[‘’]|「[^」]*」|『[^』]*』|"[^"\n]*"/g, ' ')
      .replace(/(^|[\s(])'[^'\n]+'(?=[\s.,;:!?)]|$)/g, '$1 ')
      .replace(/^[ \t]*>.*$/gm, ' ')
      // Technical tokens: file.ts, CI/CD, std::vector, EC2, TypeScript, AWS.
      .replace(/[\p{L}\p{N}]+(?:(?:[._/\\]|::)[\p{L}\p{N}]+)+/gu, ' ')
      .replace(/[\p{L}\p{N}]*(?:\p{L}\p{N}|\p{N}\p{L}|\p{Ll}\p{Lu})[\p{L}\p{N}]*/gu, ' ')
      .replace(/(?<![\p{L}\p{N}])\p{Lu}{2,}(?![\p{L}\p{N}])/gu, ' ')
  );
}

/**
 * How much of the text each writing system holds, in words: a run of letters of one script is
 * a word, and so is every Chinese character or kana (CJK writes no spaces; a character carries
 * about what a short word does).
 */
interface Profile {
  letters: number;
  latinLetters: number;
  words: Record<Script | 'other', number>;
  totalWords: number;
}

function scriptOf(ch: string): Script | 'other' | 'mark' | undefined {
  for (const [script, pattern] of SCRIPTS) if (pattern.test(ch)) return script;
  if (/\p{L}/u.test(ch)) return 'other';
  return /\p{M}/u.test(ch) ? 'mark' : undefined;
}

function profile(text: string): Profile {
  const words: Profile['words'] = { latin: 0, han: 0, kana: 0, hangul: 0, devanagari: 0, arabic: 0, other: 0 };
  let letters = 0;
  let latinLetters = 0;
  let previous: Script | 'other' | undefined;
  for (const ch of text) {
    const script = scriptOf(ch);
    // A combining mark (an Arabic vowel sign, say) belongs to the word it sits on.
    if (script === 'mark') continue;
    if (script === undefined) {
      previous = undefined;
      continue;
    }
    if (/\p{L}/u.test(ch)) letters++;
    if (script === 'latin') latinLetters++;
    if (script === 'han' || script === 'kana' || script !== previous) words[script]++;
    previous = script;
  }
  const totalWords = Object.values(words).reduce((a, b) => a + b, 0);
  return { letters, latinLetters, words, totalWords };
}

function isJapanese(p: Profile): boolean {
  return p.words.kana >= MIN_KANA && p.words.kana >= MIN_KANA_SHARE * (p.words.kana + p.words.han);
}

const LATIN_CODES = Object.entries(LANGUAGES).filter(([, l]) => l.scripts.includes('latin'));

/** franc's order of our Latin-script languages, best first, each placed between the worst (0) and the best (1). */
function francRanking(text: string): { code: string; position: number }[] {
  const scores = francAll(text, { only: LATIN_CODES.map(([, l]) => l.iso3), minLength: MIN_LATIN_LETTERS }).filter(
    ([iso3]) => iso3 !== 'und',
  );
  const worst = Math.min(...scores.map(([, score]) => score));
  return scores.flatMap(([iso3, score]) => {
    const code = LATIN_CODES.find(([, l]) => l.iso3 === iso3)?.[0];
    return code ? [{ code, position: worst >= 1 ? 1 : (score - worst) / (1 - worst) }] : [];
  });
}

/** The language whose small words the text holds most of, and how many. */
function functionWordLeader(text: string): { code?: string; count: number } {
  let leader: { code?: string; count: number } = { count: 0 };
  for (const [code, count] of functionWordCounts(text)) if (count > leader.count) leader = { code, count };
  return leader;
}

/** The Latin-script language of the text when franc and the small words agree on it. */
function latinLanguage(text: string): string | undefined {
  const best = francRanking(text)[0]?.code;
  const leader = functionWordLeader(text);
  return best && best === leader.code && leader.count >= 2 ? best : undefined;
}

/** Which of our languages the text is in, when that is clear enough to name. */
function detect(text: string, p: Profile): string | undefined {
  if (isJapanese(p)) return 'ja';
  for (const [script, code] of Object.entries(LANGUAGE_OF_SCRIPT)) if (p.words[script as Script] > p.totalWords / 2) return code;
  return p.words.latin > p.totalWords / 2 ? latinLanguage(text) : undefined;
}

/** Another Latin-script language clearly leads, by franc's statistics and by the small words. */
function anotherLatinLanguage(text: string, expected: string): boolean {
  const ranking = francRanking(text);
  if (ranking.length === 0 || ranking[0]!.code === expected) return false;
  if ((ranking.find((r) => r.code === expected)?.position ?? 0) > MAX_EXPECTED_POSITION) return false;
  const ours = functionWordCounts(text).get(expected) ?? 0;
  const leader = functionWordLeader(text);
  return leader.code !== expected && leader.count >= MIN_FUNCTION_WORDS && ours * FUNCTION_WORD_RATIO <= leader.count;
}

/** Undefined when the reply is (or may be) in the expected language, or cannot be judged. */
export function languageMismatch(text: string, expected: string): LanguageMismatch | undefined {
  const language = LANGUAGES[expected];
  if (!language) return undefined;
  const cleaned = stripForeignParts(text);
  const p = profile(cleaned);
  if (p.letters < MIN_LETTERS) return undefined;
  const mismatch = (): LanguageMismatch => {
    const detected = detect(cleaned, p);
    return detected && detected !== expected ? { expected, detected } : { expected };
  };

  const ours = language.scripts.reduce((sum, script) => sum + p.words[script], 0);
  if (ours < MIN_SCRIPT_SHARE * p.totalWords) return mismatch();
  // Japanese and Chinese share characters; kana tell them apart.
  if (expected === 'ja' && p.words.kana === 0 && p.words.han >= MIN_HAN_WITHOUT_KANA) return mismatch();
  if (expected === 'zh' && isJapanese(p)) return mismatch();
  if (!language.scripts.includes('latin') || p.latinLetters < MIN_LATIN_LETTERS) return undefined;
  return anotherLatinLanguage(cleaned, expected) ? mismatch() : undefined;
}
