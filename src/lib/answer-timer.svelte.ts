/**
 * The optional answer timer (issue 16): time pressure for candidates who want it, never a cut-off.
 * It counts down the chosen 1–3 minutes while the candidate answers; at zero it says "Time is
 * up — finish your thought" and keeps counting the time over. The clock and ticker are
 * injected (as for `Countdown`), so tests drive it without waiting.
 *
 * Screen readers hear it only at a few moments (`announcement` changes then, and only then):
 * a minute left (on a 2 or 3 minute timer), 30 seconds left, and time up; never every second.
 */
import { browserTicker, type Ticker } from './countdown.svelte';

export const TIME_UP = 'Time is up — finish your thought';

/** "1:05" for 65 seconds. */
export function clockText(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export interface TimerView {
  /** Whole seconds left, rounded up (0 once time is up). */
  left: number;
  /** Whole seconds past the limit (0 before). */
  over: number;
  /** What the timer shows: "1:23 left", or "Time is up — finish your thought · 0:12 over". */
  text: string;
}

export function timerView(limitSeconds: number, elapsedMs: number): TimerView {
  const left = Math.max(0, Math.ceil(limitSeconds - elapsedMs / 1000));
  const over = Math.max(0, Math.floor(elapsedMs / 1000 - limitSeconds));
  return { left, over, text: left > 0 ? `${clockText(left)} left` : `${TIME_UP} · ${clockText(over)} over` };
}

/** The words for a screen reader at this moment of the timer: they change only at a few points. */
export function timerAnnouncement(limitSeconds: number, left: number): string {
  if (left <= 0) return `${TIME_UP}.`;
  if (left <= 30 && limitSeconds > 30) return '30 seconds left.';
  if (left <= 60 && limitSeconds > 60) return 'One minute left.';
  return '';
}

export class AnswerTimer {
  #limit = $state(0);
  #elapsedMs = $state(0);
  #running = $state(false);
  readonly #ticker: Ticker;
  #startedAt = 0;
  #stopTicking: (() => void) | undefined;

  constructor(ticker: Ticker = browserTicker) {
    this.#ticker = ticker;
  }

  get running(): boolean {
    return this.#running;
  }
  get view(): TimerView {
    return timerView(this.#limit, this.#elapsedMs);
  }
  get timeUp(): boolean {
    return this.#running && this.view.left === 0;
  }
  get announcement(): string {
    return this.#running ? timerAnnouncement(this.#limit, this.view.left) : '';
  }

  /** Starts (or restarts) a timer of `limitSeconds` for the answer to a new question, counted from `startedAt` (default: now). */
  start(limitSeconds: number, startedAt = this.#ticker.now()): void {
    this.stop();
    this.#limit = limitSeconds;
    this.#startedAt = startedAt;
    this.#elapsedMs = Math.max(0, this.#ticker.now() - startedAt);
    this.#running = true;
    // Four times a second, so the shown second never lags the clock by more than a quarter.
    this.#stopTicking = this.#ticker.every(250, () => (this.#elapsedMs = this.#ticker.now() - this.#startedAt));
  }

  stop(): void {
    this.#stopTicking?.();
    this.#stopTicking = undefined;
    this.#running = false;
  }
}

/**
 * When the timer for one question started, kept in this tab's session storage under `key` (the
 * interviewer message's id), so a reload mid-answer goes on counting instead of giving the full
 * time again. A value that is missing, not a number or in the future is replaced by `now`.
 */
export function rememberedStart(storage: Pick<Storage, 'getItem' | 'setItem'> | undefined, key: string, now: number): number {
  const name = `rehearse:answer-timer:${key}`;
  let saved = Number.NaN;
  try {
    saved = Number(storage?.getItem(name) ?? Number.NaN);
  } catch {
    // Storage refused (private mode, a sandbox): the timer starts now.
  }
  if (Number.isFinite(saved) && saved > 0 && saved <= now) return saved;
  try {
    storage?.setItem(name, String(now));
  } catch {
    // Not kept: a reload starts this timer again, as before.
  }
  return now;
}
