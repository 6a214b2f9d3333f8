/**
 * The drill of weak questions (issue 16): spaced repetition derived from history, never stored.
 *
 * A question whose score is under the threshold enters the queue, due one day later. Each later
 * attempt moves its schedule on: while the score stays low it is due again after 1, 3, 7, then
 * 14 days (and every 14 days after that); a good score (at or above the threshold) also moves it
 * to the next interval, and a second good score in a row takes it out of the queue. A low score
 * after that puts it back in, starting again at one day.
 *
 * The schedule is recomputed from the attempt chains each time, with the time passed in (no
 * wall clock), so it is the same on every device a backup is restored to.
 */
import type { GuidelineQuestion, InterviewerStyle, InterviewType, PracticeSetup } from '../records';
import { scoredAttempts, type AttemptChain, type ChainSetup, type QuestionRef, type Scored } from './attempts';

export const DRILL_INTERVAL_DAYS = [1, 3, 7, 14] as const;
export const DEFAULT_DRILL_THRESHOLD = 60;
export const DRILL_THRESHOLD_LIMITS = { min: 10, max: 100 } as const;
/** Good scores in a row that take a question out of the queue. */
export const GOOD_TO_LEAVE = 2;
/** Questions one drill session asks at most; the rest stay due for the next. */
export const DRILL_SESSION_MAX = 5;

const DAY_MS = 86_400_000;

/** A question in the queue; from summaries (Home) it carries ids and setup fields, not the question text. */
export interface DrillItem<Q = GuidelineQuestion, S extends ChainSetup = PracticeSetup> {
  root: QuestionRef;
  question: Q;
  setup: S;
  /** The latest score, 0–100 (a question's 0–10 score × 10, the threshold's scale). */
  lastScore: number;
  /** When it is due (ms since the epoch). */
  dueAt: number;
  /** Index into DRILL_INTERVAL_DAYS of the interval that set `dueAt`. */
  step: number;
  /** Good scores in a row since the last low one. */
  goodInARow: number;
}

/** The threshold from Settings: absent or out of range reads as the default. */
export function drillThreshold(value: number | undefined): number {
  return value !== undefined && validDrillThreshold(value) ? value : DEFAULT_DRILL_THRESHOLD;
}

export function validDrillThreshold(value: number): boolean {
  return Number.isInteger(value) && value >= DRILL_THRESHOLD_LIMITS.min && value <= DRILL_THRESHOLD_LIMITS.max;
}

/** Reads the Settings field; an error message for anything that is not a whole number in range. */
export function parseDrillThreshold(text: string): { ok: true; value: number } | { ok: false; message: string } {
  const value = Number(text.trim());
  if (text.trim() !== '' && validDrillThreshold(value)) return { ok: true, value };
  const { min, max } = DRILL_THRESHOLD_LIMITS;
  return { ok: false, message: `Enter a whole number from ${min} to ${max}.` };
}

/** Where one chain stands in the schedule after all its scored attempts, or undefined when it is out of the queue. */
export function scheduleOf<Q, S extends ChainSetup, F extends Scored>(
  chain: AttemptChain<Q, S, F>,
  threshold: number,
): DrillItem<Q, S> | undefined {
  let item: DrillItem<Q, S> | undefined;
  const last = DRILL_INTERVAL_DAYS.length - 1;
  for (const attempt of scoredAttempts(chain)) {
    const score = (attempt.feedback?.score ?? 0) * 10;
    const at = attempt.scoredAt ?? attempt.askedAt;
    const low = score < threshold;
    if (!item) {
      if (!low) continue;
      item = {
        root: chain.root,
        question: chain.question,
        setup: chain.setup,
        lastScore: score,
        dueAt: at + DAY_MS,
        step: 0,
        goodInARow: 0,
      };
      continue;
    }
    const step = Math.min(item.step + 1, last);
    const goodInARow = low ? 0 : item.goodInARow + 1;
    if (goodInARow >= GOOD_TO_LEAVE) {
      item = undefined;
      continue;
    }
    item = { ...item, lastScore: score, step, goodInARow, dueAt: at + (DRILL_INTERVAL_DAYS[step] as number) * DAY_MS };
  }
  return item;
}

/** Every question in the queue, soonest due first. */
export function drillQueue<Q, S extends ChainSetup, F extends Scored>(
  chains: Iterable<AttemptChain<Q, S, F>>,
  threshold: number,
): DrillItem<Q, S>[] {
  const queue: DrillItem<Q, S>[] = [];
  for (const chain of chains) {
    const item = scheduleOf(chain, threshold);
    if (item) queue.push(item);
  }
  return queue.sort((a, b) => a.dueAt - b.dueAt);
}

/** The questions due at `now`. */
export function dueNow<I extends { dueAt: number }>(queue: readonly I[], now: number): I[] {
  return queue.filter((item) => item.dueAt <= now);
}

/** The setup fields that must agree for questions to share one drill session (its interviewer, language and rubric). */
export interface DrillSetupKey {
  type: InterviewType;
  style: InterviewerStyle;
  language: string;
  seniority: string;
}

function setupKey(setup: ChainSetup): string {
  const key: DrillSetupKey = { type: setup.type, style: setup.style, language: setup.language, seniority: setup.seniority ?? 'mid' };
  return JSON.stringify(key);
}

/**
 * The questions of the next drill session: the most overdue question and the other due ones
 * asked with the same setup (one session has one interviewer, language and rubric), soonest
 * due first, at most DRILL_SESSION_MAX. The others stay due for the next drill.
 */
export function nextDrill<I extends { setup: ChainSetup }>(due: readonly I[]): I[] {
  const first = due[0];
  if (!first) return [];
  const key = setupKey(first.setup);
  return due.filter((item) => setupKey(item.setup) === key).slice(0, DRILL_SESSION_MAX);
}
