import { describe, expect, it } from 'vitest';
import { Countdown, secondsLeft, type Ticker } from '../../../src/lib/countdown.svelte';

/** A manual ticker: time moves only when the test says so; ticks fire as it passes them. */
function manualTicker() {
  let now = 1_000_000;
  const ticking = new Set<{ every: number; next: number; run: () => void }>();
  const ticker: Ticker = {
    now: () => now,
    every(ms, run) {
      const tick = { every: ms, next: now + ms, run };
      ticking.add(tick);
      return () => ticking.delete(tick);
    },
  };
  return {
    ticker,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...ticking].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.every;
        due.run();
      }
      now = end;
    },
    get running() {
      return ticking.size;
    },
  };
}

describe('secondsLeft', () => {
  it('rounds up to whole seconds and never goes below zero', () => {
    expect(secondsLeft(10_000, 0)).toBe(10);
    expect(secondsLeft(10_000, 1)).toBe(10);
    expect(secondsLeft(10_000, 9_001)).toBe(1);
    expect(secondsLeft(10_000, 10_000)).toBe(0);
    expect(secondsLeft(10_000, 60_000)).toBe(0);
  });
});

describe('Countdown', () => {
  it('counts a Retry-After wait down second by second, then ends and stops ticking', () => {
    const clock = manualTicker();
    const countdown = new Countdown(clock.ticker);
    countdown.start(3);
    expect(countdown.remaining).toBe(3);
    expect(countdown.ended).toBe(false);
    clock.advance(999);
    expect(countdown.remaining).toBe(3);
    clock.advance(1);
    expect(countdown.remaining).toBe(2);
    clock.advance(1000);
    expect(countdown.remaining).toBe(1);
    expect(countdown.ended).toBe(false);
    clock.advance(1000);
    expect(countdown.remaining).toBe(0);
    expect(countdown.ended).toBe(true);
    expect(clock.running).toBe(0);
  });

  it('a new wait restarts it; no wait is not an ended wait; stop forgets it', () => {
    const clock = manualTicker();
    const countdown = new Countdown(clock.ticker);
    countdown.start(0);
    expect(countdown.remaining).toBe(0);
    expect(countdown.ended).toBe(false);
    expect(clock.running).toBe(0);

    countdown.start(5);
    clock.advance(3000);
    countdown.start(4);
    expect(countdown.remaining).toBe(4);
    expect(clock.running).toBe(1);

    countdown.stop();
    expect(countdown.remaining).toBe(0);
    expect(countdown.ended).toBe(false);
    expect(clock.running).toBe(0);
    clock.advance(10_000);
    expect(countdown.ended).toBe(false);
  });
});
