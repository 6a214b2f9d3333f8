/**
 * Is a model reply clearly NOT in the interview language? Small local models drift into
 * English (or into the language of the job description) despite the prompt; this says so,
 * conservatively: a false alarm would make the app regenerate good replies, a miss only
 * leaves things as they were. So it judges only text with enough letters, after removing
 * what legitimately stays in another language (code, URLs, quotations of the candidate), and
 * it flags only a clear case:
 *
 * - the wrong writing system (a Japanese interview answered in Latin letters, or the reverse);
 * - within Latin-script languages, franc (trigram statistics) must rank another of our
 *   languages first and the expected one well behind it; a near tie is not flagged.
 */
import { francAll } from 'franc-min';

/** Our interview languages (ISO 639-1) → franc's ISO 639-3 codes and writing systems. */
const LANGUAGES: Record<string, { iso3: string; script: Script }> = {
  en: { iso3: 'eng', script: 'latin' },
  es: { iso3: 'spa', script: 'latin' },
  fr: { iso3: 'fra', script: 'latin' },
  de: { iso3: 'deu', script: 'latin' },
  pt: { iso3: 'por', script: 'latin' },
  it: { iso3: 'ita', script: 'latin' },
  nl: { iso3: 'nld', script: 'latin' },
  pl: { iso3: 'pol', script: 'latin' },
  tr: { iso3: 'tur', script: 'latin' },
  zh: { iso3: 'cmn', script: 'han' },
  ja: { iso3: 'jpn', script: 'japanese' },
  ko: { iso3: 'kor', script: 'hangul' },
  hi: { iso3: 'hin', script: 'devanagari' },
  ar: { iso3: 'arb', script: 'arabic' },
};

type Script = 'latin' | 'han' | 'japanese' | 'hangul' | 'devanagari' | 'arabic';

const SCRIPT_LETTERS: Record<Script, RegExp> = {
  latin: /\p{Script=Latin}/u,
  han: /\p{Script=Han}/u,
  // Japanese mixes kanji with kana.
  japanese: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u,
  hangul: /\p{Script=Hangul}/u,
  devanagari: /\p{Script=Devanagari}/u,
  arabic: /\p{Script=Arabic}/u,
};

/** Fewer letters than this (after cleaning) are not judged: "Thank you." says nothing. */
const MIN_LETTERS = 40;
/**
 * Telling Latin-script languages apart needs more: on two short English questions (~55
 * letters) franc ranks French first. Below this, only the writing system is judged.
 */
const MIN_LATIN_LETTERS = 100;
/** Below this share of the expected script's letters, the reply is in another writing system. */
const MIN_SCRIPT_SHARE = 0.2;
/**
 * Where the expected language may sit at most between our least likely Latin-script language
 * (0) and the most likely one (1) for a flag. franc's scores bunch together on short text, so
 * they are spread over that range first; in-language replies score 1, other languages ≤ 0.76
 * on the replies in the tests.
 */
const MAX_EXPECTED_POSITION = 0.8;

export interface LanguageMismatch {
  /** ISO 639-1 of the interview language. */
  expected: string;
  /** ISO 639-1 of the language the reply seems to be in, when it is one of ours. */
  detected?: string;
}

/** Removes what stays in its own language in any reply: code, links, quotations. */
export function stripForeignParts(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/“[^”]*”|„[^“”]*[“”]|«[^»]*»|「[^」]*」|『[^』]*』|"[^"\n]*"/g, ' ');
}

function letters(text: string): string[] {
  return [...text].filter((ch) => /\p{L}/u.test(ch));
}

function share(all: string[], pattern: RegExp): number {
  return all.filter((ch) => pattern.test(ch)).length / all.length;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LATIN_CODES = Object.values(LANGUAGES)
  .filter((l) => l.script === 'latin')
  .map((l) => l.iso3);

/** Franc's scores (best first, best = 1) among our Latin-script languages. */
function latinScores(text: string): Map<string, number> {
  return new Map(francAll(text, { only: LATIN_CODES, minLength: MIN_LATIN_LETTERS }).filter(([code]) => code !== 'und'));
}

/** Which of our languages the text is in, when that is clear enough to name. */
function detect(text: string, all: string[]): string | undefined {
  if (all.some((ch) => KANA.test(ch))) return 'ja';
  for (const [code, language] of Object.entries(LANGUAGES)) {
    if (language.script !== 'latin' && language.script !== 'japanese' && share(all, SCRIPT_LETTERS[language.script]) > 0.5) return code;
  }
  if (share(all, SCRIPT_LETTERS.latin) <= 0.5) return undefined;
  const [best] = latinScores(text).keys();
  return Object.entries(LANGUAGES).find(([, l]) => l.iso3 === best)?.[0];
}

/** Undefined when the reply is (or may be) in the expected language, or cannot be judged. */
export function languageMismatch(text: string, expected: string): LanguageMismatch | undefined {
  const language = LANGUAGES[expected];
  if (!language) return undefined;
  const cleaned = stripForeignParts(text);
  const all = letters(cleaned);
  if (all.length < MIN_LETTERS) return undefined;
  const mismatch = (): LanguageMismatch => {
    const detected = detect(cleaned, all);
    return detected && detected !== expected ? { expected, detected } : { expected };
  };

  // The wrong writing system is decisive (Japanese is also told from Chinese by its kana).
  if (share(all, SCRIPT_LETTERS[language.script]) < MIN_SCRIPT_SHARE) return mismatch();
  if (expected === 'ja' && !all.some((ch) => KANA.test(ch))) return mismatch();
  if (language.script !== 'latin' || all.length < MIN_LATIN_LETTERS) return undefined;

  // Latin-script languages share letters: another must clearly lead and ours trail well behind.
  const scores = latinScores(cleaned);
  const [best] = scores.keys();
  if (best === undefined || best === language.iso3) return undefined;
  const worst = Math.min(...scores.values());
  if (worst >= 1) return undefined;
  const position = ((scores.get(language.iso3) ?? worst) - worst) / (1 - worst);
  if (position > MAX_EXPECTED_POSITION) return undefined;
  return mismatch();
}
