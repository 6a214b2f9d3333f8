/**
 * Delivery metrics for a spoken answer, from Whisper's word timestamps: pace, fillers
 * and pauses, plus plain-language coaching against common targets.
 *
 * Decisions (documented in docs/voice.md):
 * - Duration is the *speaking span* (first word start → last word end), so the seconds
 *   before the candidate starts and the silence that ends the recording don't lower the pace.
 * - "like" counts as a filler only when the transcript sets it off as parenthetical: it
 *   carries a comma ("like,"), follows punctuation or another filler, or opens the answer.
 *   "I'd like to", "it looks like" and "something like that" are not fillers. Whisper
 *   punctuates parenthetical "like" with commas reliably enough for this to work.
 * - "kind of" / "sort of" do not count after a determiner ("what kind of tool", "a sort of").
 * - Only gaps *between* words are pauses; a pause is long when it exceeds 2 seconds.
 */
import type { DeliveryMetrics } from '../records';
import type { TimedWord } from './speech-types';
import { DEFAULT_FILLER_WORDS, fillerTokens, normalizeWord } from './fillers';

/**
 * The targets every delivery judgement uses (answer view, report, export), in one place.
 * Coaching ranges, not rules; why each is defensible:
 * - Pace 120–160 words per minute: the band usually quoted for clear conversational and
 *   presentation speech; below it listeners drift, above it points blur together.
 * - Fillers at most 3 per minute: some fillers are normal in unscripted speech and go
 *   unnoticed; a few per minute still reads as fluent, while more starts to be heard.
 *   Whisper drops many "um"/"uh", so measured counts are a lower bound.
 * - A pause is long above 2 s (a beat to think is shorter); up to 2 such pauses per
 *   answer is an ordinary moment to think, more suggests the answer was not outlined.
 * - Longest pause under 5 s: a few seconds of thought reads as considered; beyond about
 *   5 s a listener starts to wonder whether the thread was lost ("let me think for a
 *   moment" bridges it).
 * - Answer length 30 s – 2 min: the usual advice for a full interview answer is 1–2
 *   minutes; the floor is 30 s because follow-up answers are rightly shorter.
 * - Below 15 words or 8 s, rates (pace, fillers per minute) are too noisy to judge.
 */
export const DELIVERY_TARGETS = {
  wordsPerMinute: { min: 120, max: 160 },
  fillersPerMinute: 3,
  longPauseSeconds: 2,
  longPausesPerAnswer: 2,
  longestPauseSeconds: 5,
  answerSeconds: { min: 30, max: 120 },
  minWordsToJudge: 15,
  minSecondsToJudge: 8,
} as const;

export const LONG_PAUSE_SECONDS = DELIVERY_TARGETS.longPauseSeconds;

export interface DeliveryOptions {
  fillerWords?: readonly string[];
}

const DETERMINERS = new Set([
  'a',
  'an',
  'the',
  'what',
  'which',
  'this',
  'that',
  'these',
  'those',
  'any',
  'some',
  'every',
  'each',
  'one',
  'same',
  'another',
  'different',
  'no',
]);

interface Token {
  raw: string;
  word: string;
  start: number;
  end: number;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function endsWithPunctuation(raw: string): boolean {
  return /[,.;:!?…—-]["')\]]*$/.test(raw.trim());
}

function isCountable(phrase: string, tokens: readonly Token[], index: number, length: number, previousWasFiller: boolean): boolean {
  const previous = tokens[index - 1];
  if (phrase === 'like') {
    if (!previous || previousWasFiller) return true;
    return endsWithPunctuation(tokens[index]!.raw) || endsWithPunctuation(previous.raw);
  }
  if (phrase === 'kind of' || phrase === 'sort of') {
    return !previous || !DETERMINERS.has(previous.word);
  }
  return length > 0;
}

export function computeDeliveryMetrics(words: readonly TimedWord[], options: DeliveryOptions = {}): DeliveryMetrics {
  const tokens: Token[] = words
    .map((w) => ({ raw: w.text, word: normalizeWord(w.text), start: w.start, end: w.end }))
    .filter((t) => t.word !== '');

  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const durationSeconds = first && last ? Math.max(0, last.end - first.start) : 0;
  const minutes = durationSeconds / 60;

  // Longest phrases first, so "you know" wins over a hypothetical "you".
  const phrases = (options.fillerWords ?? DEFAULT_FILLER_WORDS)
    .map((phrase) => ({ phrase: fillerTokens(phrase).join(' '), parts: fillerTokens(phrase) }))
    .filter((p) => p.parts.length > 0)
    .sort((a, b) => b.parts.length - a.parts.length);

  const fillers: Record<string, number> = {};
  let fillerCount = 0;
  let previousWasFiller = false;
  for (let i = 0; i < tokens.length;) {
    const match = phrases.find(
      (p) =>
        p.parts.every((part, k) => tokens[i + k]?.word === part) && isCountable(p.phrase, tokens, i, p.parts.length, previousWasFiller),
    );
    if (match) {
      fillers[match.phrase] = (fillers[match.phrase] ?? 0) + 1;
      fillerCount++;
      previousWasFiller = true;
      i += match.parts.length;
    } else {
      previousWasFiller = false;
      i++;
    }
  }

  let pausesOver2s = 0;
  let longestPause = 0;
  for (let i = 1; i < tokens.length; i++) {
    const gap = tokens[i]!.start - tokens[i - 1]!.end;
    if (gap > LONG_PAUSE_SECONDS) pausesOver2s++;
    if (gap > longestPause) longestPause = gap;
  }

  return {
    durationSeconds: round1(durationSeconds),
    wordCount: tokens.length,
    wordsPerMinute: minutes > 0 ? Math.round(tokens.length / minutes) : 0,
    fillerCount,
    fillersPerMinute: minutes > 0 ? round1(fillerCount / minutes) : 0,
    fillers,
    pausesOver2s,
    longestPauseSeconds: round1(longestPause),
  };
}

export const PACE_TARGET = DELIVERY_TARGETS.wordsPerMinute;
export const FILLERS_PER_MINUTE_TARGET = DELIVERY_TARGETS.fillersPerMinute;

/** Below `minWordsToJudge` words or `minSecondsToJudge` seconds, pace and rates are too noisy to coach on. */
export function tooShortToJudge(wordCount: number, durationSeconds: number): boolean {
  return wordCount < DELIVERY_TARGETS.minWordsToJudge || durationSeconds < DELIVERY_TARGETS.minSecondsToJudge;
}

export type DeliveryAspect = 'pace' | 'fillers' | 'pauses';
export type DeliveryStatus = 'good' | 'attention' | 'unknown';

export interface DeliveryNote {
  aspect: DeliveryAspect;
  status: DeliveryStatus;
  /** Short, e.g. "Pace: 182 words per minute". */
  headline: string;
  /** One sentence of coaching. */
  advice: string;
  /** The target in words, e.g. "120–160 words per minute". */
  target: string;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Plain-language coaching for the report and the answer view. Never a verdict: just targets. */
export function describeDelivery(metrics: DeliveryMetrics): DeliveryNote[] {
  const notes: DeliveryNote[] = [];
  const paceTarget = `${PACE_TARGET.min}–${PACE_TARGET.max} words per minute`;
  const tooShort = tooShortToJudge(metrics.wordCount, metrics.durationSeconds);

  if (tooShort) {
    notes.push({
      aspect: 'pace',
      status: 'unknown',
      headline: 'Pace: answer too short to judge',
      advice: 'Speak for a little longer and Rehearse can tell you about your pace.',
      target: paceTarget,
    });
  } else if (metrics.wordsPerMinute < PACE_TARGET.min) {
    notes.push({
      aspect: 'pace',
      status: 'attention',
      headline: `Pace: ${metrics.wordsPerMinute} words per minute — a little slow`,
      advice: 'Try shorter sentences and fewer restarts; pausing is fine, but keep the story moving.',
      target: paceTarget,
    });
  } else if (metrics.wordsPerMinute > PACE_TARGET.max) {
    notes.push({
      aspect: 'pace',
      status: 'attention',
      headline: `Pace: ${metrics.wordsPerMinute} words per minute — on the fast side`,
      advice: 'Slow down a little and pause after key points so they land.',
      target: paceTarget,
    });
  } else {
    notes.push({
      aspect: 'pace',
      status: 'good',
      headline: `Pace: ${metrics.wordsPerMinute} words per minute — easy to follow`,
      advice: 'A comfortable conversational pace. Keep it.',
      target: paceTarget,
    });
  }

  const fillerTarget = `at most ${FILLERS_PER_MINUTE_TARGET} per minute`;
  const top = Object.entries(metrics.fillers)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([word, n]) => `“${word}” ×${n}`)
    .join(', ');
  if (metrics.fillerCount === 0) {
    notes.push({
      aspect: 'fillers',
      status: 'good',
      headline: 'Filler words: none heard',
      advice: 'Clean delivery.',
      target: fillerTarget,
    });
  } else if (tooShort || metrics.fillersPerMinute <= FILLERS_PER_MINUTE_TARGET) {
    notes.push({
      aspect: 'fillers',
      status: 'good',
      headline: `Filler words: ${plural(metrics.fillerCount, 'filler', 'fillers')} (${top})`,
      advice: 'A few fillers are normal in conversation.',
      target: fillerTarget,
    });
  } else {
    notes.push({
      aspect: 'fillers',
      status: 'attention',
      headline: `Filler words: ${metrics.fillersPerMinute} per minute (${top})`,
      advice: 'Replace fillers with a short silent pause; it sounds more confident than “um” or “like”.',
      target: fillerTarget,
    });
  }

  const pauseTarget = 'pauses under 2 seconds, with the odd longer one to think';
  if (metrics.pausesOver2s === 0) {
    notes.push({
      aspect: 'pauses',
      status: 'good',
      headline: 'Pauses: no long pauses',
      advice: 'Your answer flowed without long gaps.',
      target: pauseTarget,
    });
  } else if (metrics.pausesOver2s <= DELIVERY_TARGETS.longPausesPerAnswer) {
    notes.push({
      aspect: 'pauses',
      status: 'good',
      headline: `Pauses: ${plural(metrics.pausesOver2s, 'pause', 'pauses')} over 2 seconds (longest ${metrics.longestPauseSeconds} s)`,
      advice: 'Taking a moment to think is fine.',
      target: pauseTarget,
    });
  } else {
    notes.push({
      aspect: 'pauses',
      status: 'attention',
      headline: `Pauses: ${metrics.pausesOver2s} pauses over 2 seconds (longest ${metrics.longestPauseSeconds} s)`,
      advice: 'Outline your answer first (for example Situation, Task, Action, Result) so you know what comes next.',
      target: pauseTarget,
    });
  }
  return notes;
}
