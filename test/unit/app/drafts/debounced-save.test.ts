import { describe, expect, it } from 'vitest';
import { debouncedSave, flushWhenLeaving, type SaveTimers } from '../../../../src/app/drafts/debounced-save';

/** A manual clock: time moves only when the test says so. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  const timers: SaveTimers = {
    setTimeout(run, ms) {
      const id = nextId++;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...pending].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          pending.delete(id);
          t.run();
        }
      }
    },
    get waiting() {
      return pending.size;
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('debouncedSave', () => {
  it('saves the latest value once typing pauses for the delay, not on every change', async () => {
    const clock = manualTimers();
    const saved: string[] = [];
    const saver = debouncedSave((v: string) => void saved.push(v), { delayMs: 400, timers: clock.timers });
    saver.schedule('a');
    clock.advance(300);
    saver.schedule('ab');
    clock.advance(300);
    saver.schedule('abc');
    clock.advance(399);
    await settle();
    expect(saved).toEqual([]);
    expect(saver.pending).toBe(true);
    clock.advance(1);
    await settle();
    expect(saved).toEqual(['abc']);
    expect(saver.pending).toBe(false);
  });

  it('flush saves what is waiting at once, and does nothing when nothing waits', async () => {
    const clock = manualTimers();
    const saved: string[] = [];
    const saver = debouncedSave((v: string) => void saved.push(v), { timers: clock.timers });
    saver.schedule('pasted resume');
    await saver.flush();
    expect(saved).toEqual(['pasted resume']);
    expect(clock.waiting).toBe(0);
    await saver.flush();
    clock.advance(10_000);
    await settle();
    expect(saved).toEqual(['pasted resume']);
  });

  it('merges changes that wait together (two fields edited in one pause)', async () => {
    const clock = manualTimers();
    const saved: Record<string, string>[] = [];
    const saver = debouncedSave((v: Record<string, string>) => void saved.push(v), {
      timers: clock.timers,
      merge: (a, b) => ({ ...a, ...b }),
    });
    saver.schedule({ name: 'Ada' });
    saver.schedule({ resume: 'Compilers' });
    await saver.flush();
    expect(saved).toEqual([{ name: 'Ada', resume: 'Compilers' }]);
  });

  it('runs saves one after another, so an older value never lands after a newer one', async () => {
    const clock = manualTimers();
    const order: string[] = [];
    let release: (() => void) | undefined;
    const saver = debouncedSave(
      async (v: string) => {
        order.push(`start ${v}`);
        if (v === 'old') await new Promise<void>((resolve) => (release = resolve));
        order.push(`end ${v}`);
      },
      { timers: clock.timers },
    );
    saver.schedule('old');
    const first = saver.flush();
    saver.schedule('new');
    const second = saver.flush();
    await settle();
    expect(order).toEqual(['start old']);
    release?.();
    await Promise.all([first, second]);
    expect(order).toEqual(['start old', 'end old', 'start new', 'end new']);
  });

  it('reports a save only when it succeeded, and keeps going after a failure', async () => {
    const clock = manualTimers();
    const reported: string[] = [];
    const saver = debouncedSave(
      (v: string) => {
        if (v === 'throws') throw new Error('disk full');
        return v !== 'refused';
      },
      { timers: clock.timers, onSaved: (v) => reported.push(v) },
    );
    for (const v of ['refused', 'throws', 'fine']) {
      saver.schedule(v);
      await saver.flush();
    }
    expect(reported).toEqual(['fine']);
  });

  it('cancel forgets the waiting value', async () => {
    const clock = manualTimers();
    const saved: string[] = [];
    const saver = debouncedSave((v: string) => void saved.push(v), { timers: clock.timers });
    saver.schedule('draft');
    saver.cancel();
    clock.advance(1000);
    await saver.flush();
    expect(saved).toEqual([]);
  });
});

describe('flushWhenLeaving', () => {
  function page() {
    const win = new EventTarget();
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
    return { window: win, document: doc };
  }

  it('flushes on pagehide and when the page becomes hidden, not when it becomes visible', () => {
    const p = page();
    let flushes = 0;
    const remove = flushWhenLeaving(() => flushes++, p);
    p.document.dispatchEvent(new Event('visibilitychange'));
    expect(flushes).toBe(0);
    p.document.visibilityState = 'hidden';
    p.document.dispatchEvent(new Event('visibilitychange'));
    expect(flushes).toBe(1);
    p.window.dispatchEvent(new Event('pagehide'));
    expect(flushes).toBe(2);
    remove();
    p.window.dispatchEvent(new Event('pagehide'));
    p.document.dispatchEvent(new Event('visibilitychange'));
    expect(flushes).toBe(2);
  });
});
