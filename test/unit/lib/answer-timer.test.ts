import { describe, expect, it } from 'vitest';
import { AnswerTimer, clockText, timerAnnouncement, timerView, TIME_UP } from '../../../src/lib/answer-timer.svelte';
import type { Ticker } from '../../../src/lib/countdown.svelte';

/** Time moves only when the test says so; ticks fire as it passes them. */
function manualTicker() {
  let now = 5_000_000;
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

describe('answer timer text', () => {
  it('counts down, then says time is up and counts the time over', () => {
    expect(clockText(65)).toBe('1:05');
    expect(timerView(120, 0).text).toBe('2:00 left');
    expect(timerView(120, 500).text).toBe('2:00 left');
    expect(timerView(120, 61_000).text).toBe('0:59 left');
    expect(timerView(120, 120_000).text).toBe(`${TIME_UP} · 0:00 over`);
    expect(timerView(120, 192_400).text).toBe(`${TIME_UP} · 1:12 over`);
  });

  it('has words for a screen reader only at a few moments', () => {
    const said = new Set<string>();
    for (let left = 180; left >= 0; left--) said.add(timerAnnouncement(180, left));
    expect([...said]).toEqual(['', 'One minute left.', '30 seconds left.', `${TIME_UP}.`]);
    // A one-minute timer has no "one minute left".
    expect(timerAnnouncement(60, 60)).toBe('');
    expect(timerAnnouncement(60, 45)).toBe('');
  });
});

describe('AnswerTimer', () => {
  it('runs on the injected clock, never stops at zero, and stops when asked', () => {
    const clock = manualTicker();
    const timer = new AnswerTimer(clock.ticker);
    timer.start(60);
    expect(timer.view.text).toBe('1:00 left');
    expect(timer.announcement).toBe('');
    clock.advance(30_000);
    expect(timer.view.text).toBe('0:30 left');
    expect(timer.announcement).toBe('30 seconds left.');
    clock.advance(30_000);
    expect(timer.timeUp).toBe(true);
    expect(timer.announcement).toBe(`${TIME_UP}.`);
    clock.advance(75_000);
    expect(timer.view.text).toBe(`${TIME_UP} · 1:15 over`);
    expect(clock.running).toBe(1);
    timer.stop();
    expect(clock.running).toBe(0);
    expect(timer.running).toBe(false);
    expect(timer.announcement).toBe('');
  });

  it('restarts from the full time for the next question', () => {
    const clock = manualTicker();
    const timer = new AnswerTimer(clock.ticker);
    timer.start(120);
    clock.advance(100_000);
    timer.start(120);
    expect(timer.view.text).toBe('2:00 left');
    expect(clock.running).toBe(1);
  });
});
