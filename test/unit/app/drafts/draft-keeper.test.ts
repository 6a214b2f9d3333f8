import { describe, expect, it } from 'vitest';
import { DraftKeeper } from '../../../../src/app/drafts/draft-keeper.svelte';
import { parseRescuedAnswer, rescueKey, sameDraft } from '../../../../src/app/practice/answer-draft';
import type { DraftInput } from '../../../../src/app/practice/answer-drafts';
import type { SaveTimers } from '../../../../src/app/drafts/debounced-save';
import { memoryStorage } from '../../../doubles/memory-storage';
import { deliveryMetrics } from '../../../fixtures/delivery-metrics';

/** Timers that run only when the test says so. */
function manualTimers() {
  const queue = new Map<number, () => void>();
  let next = 0;
  const timers: SaveTimers = {
    setTimeout: (run) => {
      queue.set(++next, run);
      return next;
    },
    clearTimeout: (handle) => void queue.delete(handle as number),
  };
  return {
    timers,
    runAll: () => {
      for (const [id, run] of [...queue]) {
        queue.delete(id);
        run();
      }
    },
  };
}

function keeper(save: (value: DraftInput | undefined) => Promise<void>, storage = memoryStorage()) {
  const clock = manualTimers();
  const draft = new DraftKeeper<DraftInput>({
    save,
    key: rescueKey('s1'),
    parse: parseRescuedAnswer,
    same: sameDraft,
    timers: clock.timers,
    storage,
  });
  return { draft, storage, clock };
}

describe('DraftKeeper', () => {
  it('saves a change once typing pauses, and only the latest of several', async () => {
    const saved: (string | undefined)[] = [];
    const { draft, clock } = keeper(async (value) => void saved.push(value?.text));
    draft.restore(undefined);
    draft.change({ text: 'H' });
    draft.change({ text: 'He' });
    draft.change({ text: 'He' });
    expect(saved).toEqual([]);
    clock.runAll();
    await draft.flush();
    expect(saved).toEqual(['He']);
  });

  it('a page closing before the save finished keeps the box in localStorage; the next visit puts it back and saves it', async () => {
    const metrics = deliveryMetrics({ durationSeconds: 4, wordCount: 10, wordsPerMinute: 150, longestPauseSeconds: 0.4 });
    const saved: (DraftInput | undefined)[] = [];
    // The first page's save never finishes (the page closed).
    const first = keeper(() => new Promise<void>(() => undefined));
    first.draft.restore(undefined);
    first.draft.change({ text: 'Hello 🚀 مرحبا', spoken: true, metrics });
    first.draft.leaving();
    expect(parseRescuedAnswer(JSON.parse(first.storage.getItem(rescueKey('s1'))!))).toEqual({
      text: 'Hello 🚀 مرحبا',
      spoken: true,
      metrics,
    });

    const second = keeper(async (value) => void saved.push(value), first.storage);
    expect(second.draft.restore({ text: 'older stored draft' })).toEqual({ text: 'Hello 🚀 مرحبا', spoken: true, metrics });
    await second.draft.flush();
    expect(saved.at(-1)?.text).toBe('Hello 🚀 مرحبا');
    // Saved: the rescue copy is gone.
    expect(second.storage.getItem(rescueKey('s1'))).toBeNull();
  });

  it('without a rescue the stored draft is shown; a failed save is reported and the text stays', async () => {
    const { draft, clock } = keeper(async () => {
      throw new Error('disk full');
    });
    expect(draft.restore({ text: 'stored' })).toEqual({ text: 'stored' });
    draft.change({ text: 'more' });
    clock.runAll();
    await draft.flush();
    expect(draft.failed).toBe(true);
  });

  it('after discard nothing more is saved and the rescue copy goes', async () => {
    const saved: string[] = [];
    const { draft, storage } = keeper(async (value) => void saved.push(value?.text ?? ''));
    draft.restore(undefined);
    draft.change({ text: 'typed' });
    draft.leaving();
    await draft.flush();
    draft.discard();
    draft.change({ text: 'late' });
    await draft.flush();
    expect(saved).toEqual(['typed']);
    expect(storage.getItem(rescueKey('s1'))).toBeNull();
  });

  it('a draft without a home of its own (the setup form) lives in localStorage, written at once', () => {
    const storage = memoryStorage();
    const form = new DraftKeeper<{ jd: string }>({
      key: 'setup',
      parse: (v) => (v && typeof v === 'object' ? (v as { jd: string }) : undefined),
      storage,
    });
    expect(form.restore(undefined)).toBeUndefined();
    form.change({ jd: 'Go' });
    expect(JSON.parse(storage.getItem('setup')!)).toEqual({ jd: 'Go' });
    const reopened = new DraftKeeper<{ jd: string }>({
      key: 'setup',
      parse: (v) => (v && typeof v === 'object' ? (v as { jd: string }) : undefined),
      storage,
    });
    expect(reopened.restore(undefined)).toEqual({ jd: 'Go' });
    reopened.discard();
    expect(storage.getItem('setup')).toBeNull();
  });

  it('rescued values are checked: damaged JSON or wrong types are ignored', () => {
    const storage = memoryStorage();
    storage.setItem(rescueKey('s1'), '{not json');
    expect(keeper(async () => undefined, storage).draft.restore({ text: 'stored' })).toEqual({ text: 'stored' });
    storage.setItem(rescueKey('s1'), JSON.stringify({ text: 42 }));
    expect(keeper(async () => undefined, storage).draft.restore({ text: 'stored' })).toEqual({ text: 'stored' });
    expect(parseRescuedAnswer({ text: 'ok', spoken: true, words: [{ text: 1 }], metrics: 'x' })).toEqual({ text: 'ok', spoken: true });
  });
});
