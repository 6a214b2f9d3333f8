import { describe, expect, it } from 'vitest';
import { AnswerTimer, clockText, rememberedStart, timerAnnouncement, timerView, TIME_UP } from '../../../src/lib/answer-timer.svelte';
import { memoryStorage } from '../../doubles/memory-storage';
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

  it('goes on from a remembered start after a reload, instead of giving the full time again', () => {
    const clock = manualTicker();
    const storage = memoryStorage();
    const t0 = clock.ticker.now();
    const first = new AnswerTimer(clock.ticker);
    first.start(120, rememberedStart(storage, 'reply-1', t0));
    clock.advance(45_000);
    first.stop();
    // The page reloads: a new timer for the same question reads the start it left.
    const again = new AnswerTimer(clock.ticker);
    again.start(120, rememberedStart(storage, 'reply-1', clock.ticker.now()));
    expect(again.view.text).toBe('1:15 left');
    // Another question starts afresh.
    const next = new AnswerTimer(clock.ticker);
    next.start(120, rememberedStart(storage, 'reply-2', clock.ticker.now()));
    expect(next.view.text).toBe('2:00 left');
  });
});

describe('rememberedStart', () => {
  it('keeps the first start of a question, and replaces one that is missing, not a number or in the future', () => {
    const storage = memoryStorage();
    expect(rememberedStart(storage, 'q', 1_000)).toBe(1_000);
    expect(rememberedStart(storage, 'q', 5_000)).toBe(1_000);
    storage.setItem('rehearse:answer-timer:q', 'soon');
    expect(rememberedStart(storage, 'q', 6_000)).toBe(6_000);
    storage.setItem('rehearse:answer-timer:q', '99999');
    expect(rememberedStart(storage, 'q', 7_000)).toBe(7_000);
  });

  it('starts now when storage is missing or refuses', () => {
    expect(rememberedStart(undefined, 'q', 3_000)).toBe(3_000);
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(rememberedStart(refusing, 'q', 4_000)).toBe(4_000);
  });
});
