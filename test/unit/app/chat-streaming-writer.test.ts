import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamingWriter } from '../../../src/app/chat/streaming-writer';

describe('StreamingWriter', () => {
  let now = 0;
  let saved: { text: string; incomplete: boolean }[];
  let text = '';
  const writer = (save?: (incomplete: boolean) => Promise<void>) =>
    new StreamingWriter(
      save ??
        (async (incomplete) => {
          saved.push({ text, incomplete });
        }),
      () => now,
      1000,
    );

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    now = 0;
    text = '';
    saved = [];
  });
  afterEach(() => vi.useRealTimers());

  it('writes when the reply starts, then at most once per interval', async () => {
    const w = writer();
    for (const piece of ['Hel', 'lo ', 'the', 're']) {
      text += piece;
      now += 100;
      await w.update();
    }
    expect(saved).toEqual([{ text: 'Hel', incomplete: true }]);
    now += 1000;
    text += '!';
    await w.update();
    expect(saved.at(-1)).toEqual({ text: 'Hello there!', incomplete: true });
    expect(saved).toHaveLength(2);
  });

  it('writes what arrived after the last write once the stream stalls, and only once', async () => {
    const w = writer();
    text = 'Hel';
    await w.update();
    text = 'Hello';
    now += 10;
    await w.update();
    text = 'Hello wor';
    now += 10;
    await w.update();
    expect(saved).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([
      { text: 'Hel', incomplete: true },
      { text: 'Hello wor', incomplete: true },
    ]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved).toHaveLength(2);
  });

  it('after settle no trailing write can land on top of the final one', async () => {
    const w = writer();
    text = 'a';
    await w.update();
    text = 'ab';
    now += 10;
    await w.update();
    await w.settle();
    text = 'abc';
    saved.push({ text, incomplete: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(saved.at(-1)).toEqual({ text: 'abc', incomplete: false });
  });

  it('runs writes in order even when a save is slow', async () => {
    const order: string[] = [];
    let finishFirst = () => {};
    let firstStarted = () => {};
    const started = new Promise<void>((done) => (firstStarted = done));
    const w = writer(async (incomplete) => {
      if (order.length === 0 && incomplete) {
        firstStarted();
        await new Promise<void>((done) => (finishFirst = done));
      }
      order.push(incomplete ? 'partial' : 'final');
    });
    const first = w.write(true);
    const second = w.write(false);
    await started;
    expect(order).toEqual([]);
    finishFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['partial', 'final']);
  });

  it('a failed trailing write surfaces at the next awaited write or at settle', async () => {
    let fail = false;
    const w = writer(async () => {
      if (fail) throw new Error('QuotaExceededError');
    });
    await w.update();
    now += 10;
    await w.update();
    fail = true;
    await vi.advanceTimersByTimeAsync(1000);
    await expect(w.settle()).rejects.toThrow('QuotaExceededError');
  });
});
