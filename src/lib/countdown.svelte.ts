/**
 * A wait counted down in whole seconds (a 429's Retry-After): `remaining` is what to show,
 * `ended` turns true once a wait that was started has run out. Ticks four times a second so
 * the shown number never lags the clock by more than a quarter second. Clock and ticker are
 * injected, so tests run it without waiting.
 */

export interface Ticker {
  now(): number;
  /** Calls `run` every `ms` until the returned function is called. */
  every(ms: number, run: () => void): () => void;
}

/** The real clock and interval timer (tests pass their own ticker). */
export const browserTicker: Ticker = {
  now: () => Date.now(),
  every: (ms, run) => {
    const id = setInterval(run, ms);
    return () => clearInterval(id);
  },
};

/** Whole seconds left until `until` (both in ms), rounded up; never below zero. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

export class Countdown {
  remaining = $state(0);
  ended = $state(false);

  private readonly ticker: Ticker;
  private until = 0;
  private stopTicking: (() => void) | undefined;

  constructor(ticker: Ticker = browserTicker) {
    this.ticker = ticker;
  }

  /** Starts (or restarts) a wait of `seconds`; zero or less is no wait. */
  start(seconds: number): void {
    this.stop();
    this.until = this.ticker.now() + Math.max(0, seconds) * 1000;
    this.tick();
    // No wait at all is not a wait that ended.
    if (this.remaining === 0) this.ended = false;
    else this.stopTicking = this.ticker.every(250, () => this.tick());
  }

  /** Forgets the wait (nothing to wait for, or the view goes away). */
  stop(): void {
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.remaining = 0;
    this.ended = false;
  }

  private tick(): void {
    this.remaining = secondsLeft(this.until, this.ticker.now());
    if (this.remaining > 0) return;
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.ended = true;
  }
}
