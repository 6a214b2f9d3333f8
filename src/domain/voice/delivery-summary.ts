/**
 * How the spoken answers were delivered, summed up for the report and its export: per
 * guideline question and over the whole interview. Five figures (speaking time, pace,
 * fillers per minute, pauses over 2 s, longest pause), each with its target in plain words
 * and a calm judgement against `DELIVERY_TARGETS`. Typed answers have no metrics and are
 * never judged: with no spoken answer there is no summary at all.
 */
import type { DeliveryMetrics, Guideline, MessageRecord } from '../records';
import { DELIVERY_TARGETS, tooShortToJudge, type DeliveryStatus } from './delivery-metrics';

export type DeliveryFigureId = 'speaking-time' | 'pace' | 'fillers' | 'pauses' | 'longest-pause';

export interface DeliveryFigure {
  id: DeliveryFigureId;
  /** e.g. "Pace". */
  label: string;
  /** The number in words, e.g. "135 words per minute". */
  value: string;
  /** e.g. "120–160 words per minute". */
  target: string;
  /** A calm reading of the value, e.g. "within the usual 120–160 words per minute". */
  judgement: string;
  status: DeliveryStatus;
}

export interface DeliverySummary {
  /** How many spoken answers it covers (at least 1). */
  answers: number;
  speakingSeconds: number;
  wordCount: number;
  wordsPerMinute: number;
  fillerCount: number;
  fillersPerMinute: number;
  pausesOver2s: number;
  longestPauseSeconds: number;
  figures: DeliveryFigure[];
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** "4.2 s", "42 s", "2 min", "1 min 5 s". */
export function formatSpeakingTime(seconds: number): string {
  if (seconds < 10) return `${round1(seconds)} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const T = DELIVERY_TARGETS;
const PACE_RANGE = `${T.wordsPerMinute.min}–${T.wordsPerMinute.max} words per minute`;
const LENGTH_RANGE = `${T.answerSeconds.min} seconds to ${T.answerSeconds.max / 60} minutes per answer`;

function speakingTimeFigure(seconds: number, answers: number): DeliveryFigure {
  const perAnswer = seconds / answers;
  const base = {
    id: 'speaking-time',
    label: 'Speaking time',
    value: formatSpeakingTime(seconds),
    target: `about ${LENGTH_RANGE}`,
  } as const;
  const each = answers > 1 ? ' on average' : '';
  if (perAnswer < T.answerSeconds.min) {
    return {
      ...base,
      status: 'attention',
      judgement: `brief${each}; fine for a follow-up, while a full answer has room for an example and its result`,
    };
  }
  if (perAnswer > T.answerSeconds.max) {
    return { ...base, status: 'attention', judgement: `on the long side${each}; check that each part earns its place` };
  }
  return { ...base, status: 'good', judgement: `a comfortable length${each}` };
}

function paceFigure(wpm: number, tooShort: boolean): DeliveryFigure {
  const base = { id: 'pace', label: 'Pace', value: `${wpm} words per minute`, target: PACE_RANGE } as const;
  if (tooShort) return { ...base, status: 'unknown', judgement: 'too short to judge' };
  if (wpm < T.wordsPerMinute.min) {
    return { ...base, status: 'attention', judgement: 'a little slow; shorter sentences keep the story moving' };
  }
  if (wpm > T.wordsPerMinute.max) {
    return { ...base, status: 'attention', judgement: 'a little fast; slowing down lets key points land' };
  }
  return { ...base, status: 'good', judgement: `within the usual ${PACE_RANGE}` };
}

function fillersFigure(count: number, perMinute: number, tooShort: boolean): DeliveryFigure {
  const base = {
    id: 'fillers',
    label: 'Filler words',
    value: `${perMinute} per minute (${count} in all)`,
    target: `at most ${T.fillersPerMinute} per minute`,
  } as const;
  if (count === 0) return { ...base, status: 'good', judgement: 'none heard' };
  if (tooShort) return { ...base, status: 'unknown', judgement: 'too short to judge the rate' };
  if (perMinute <= T.fillersPerMinute) return { ...base, status: 'good', judgement: 'reads as fluent; a few fillers are normal' };
  return { ...base, status: 'attention', judgement: 'more than usual; a short silent pause sounds more confident' };
}

function pausesFigure(count: number, answers: number): DeliveryFigure {
  const base = {
    id: 'pauses',
    label: `Pauses over ${T.longPauseSeconds} s`,
    value: String(count),
    target: `at most ${T.longPausesPerAnswer} per answer`,
  } as const;
  if (count === 0) return { ...base, status: 'good', judgement: 'none; the answers flowed' };
  if (count <= T.longPausesPerAnswer * answers) return { ...base, status: 'good', judgement: 'the odd moment to think, which is fine' };
  return { ...base, status: 'attention', judgement: 'frequent; outlining the answer first helps you know what comes next' };
}

function longestPauseFigure(seconds: number): DeliveryFigure {
  const base = {
    id: 'longest-pause',
    label: 'Longest pause',
    value: `${seconds} s`,
    target: `under ${T.longestPauseSeconds} s`,
  } as const;
  if (seconds <= T.longPauseSeconds) return { ...base, status: 'good', judgement: 'no long silences' };
  if (seconds < T.longestPauseSeconds) return { ...base, status: 'good', judgement: 'an ordinary pause to think' };
  return { ...base, status: 'attention', judgement: 'a long silence; saying “let me think for a moment” bridges it' };
}

/** Sums up the given spoken answers' metrics; `undefined` when there are none (nothing to judge). */
export function summariseDelivery(metrics: readonly DeliveryMetrics[]): DeliverySummary | undefined {
  if (metrics.length === 0) return undefined;
  const answers = metrics.length;
  const only = answers === 1 ? metrics[0] : undefined;
  const seconds = metrics.reduce((sum, m) => sum + m.durationSeconds, 0);
  const wordCount = metrics.reduce((sum, m) => sum + m.wordCount, 0);
  const fillerCount = metrics.reduce((sum, m) => sum + m.fillerCount, 0);
  const minutes = seconds / 60;
  // One answer: its own figures, as the answer view shows them (they were computed before rounding).
  const wordsPerMinute = only ? only.wordsPerMinute : minutes > 0 ? Math.round(wordCount / minutes) : 0;
  const fillersPerMinute = only ? only.fillersPerMinute : minutes > 0 ? round1(fillerCount / minutes) : 0;
  const pausesOver2s = metrics.reduce((sum, m) => sum + m.pausesOver2s, 0);
  const longestPauseSeconds = Math.max(...metrics.map((m) => m.longestPauseSeconds));
  const tooShort = tooShortToJudge(wordCount, seconds);
  return {
    answers,
    speakingSeconds: round1(seconds),
    wordCount,
    wordsPerMinute,
    fillerCount,
    fillersPerMinute,
    pausesOver2s,
    longestPauseSeconds,
    figures: [
      speakingTimeFigure(seconds, answers),
      paceFigure(wordsPerMinute, tooShort),
      fillersFigure(fillerCount, fillersPerMinute, tooShort),
      pausesFigure(pausesOver2s, answers),
      longestPauseFigure(longestPauseSeconds),
    ],
  };
}

function spokenMetrics(messages: readonly MessageRecord[]): DeliveryMetrics[] {
  return messages.flatMap((m) => (m.role === 'user' && m.metrics ? [m.metrics] : []));
}

/** Every spoken answer of the interview. */
export function sessionDelivery(messages: readonly MessageRecord[]): DeliverySummary | undefined {
  return summariseDelivery(spokenMetrics(messages));
}

/**
 * Per guideline question (by id): the spoken answers given while the interviewer was on it,
 * grouped exactly as `questionThreads` groups the answers the report shows. Questions with
 * no spoken answer have no entry.
 */
export function deliveryByQuestion(guideline: Guideline, messages: readonly MessageRecord[]): Map<string, DeliverySummary> {
  const grouped = guideline.questions.map(() => [] as DeliveryMetrics[]);
  let current: number | undefined;
  for (const message of messages) {
    if (message.role === 'assistant') {
      if (message.questionIndex !== undefined && message.kind !== 'closing') current = message.questionIndex;
      continue;
    }
    if (current !== undefined && message.metrics && message.text.trim().length > 0) grouped[current]?.push(message.metrics);
  }
  const out = new Map<string, DeliverySummary>();
  guideline.questions.forEach((question, i) => {
    const summary = summariseDelivery(grouped[i] ?? []);
    if (summary) out.set(question.id, summary);
  });
  return out;
}

/** One line of figures, e.g. "Speaking time: 42 s · Pace: 135 words per minute · …". */
export function deliveryLine(summary: DeliverySummary): string {
  return summary.figures.map((f) => `${f.label}: ${f.value}`).join(' · ');
}

/** "From 1 spoken answer." */
export function deliveryScope(summary: DeliverySummary): string {
  return `From ${plural(summary.answers, 'spoken answer', 'spoken answers')}.`;
}
