import { describe, expect, it, vi } from 'vitest';
import { DatabaseStatus, describeDatabaseProblem } from '../../../src/app/database-status.svelte';

describe('DatabaseStatus (the shell banner when the database closes under this tab)', () => {
  it('an erase in another tab becomes a problem that says so and offers a reload, never blaming space', () => {
    const status = new DatabaseStatus();
    expect(status.problem).toBeNull();
    status.closed('erased');
    expect(status.problem).toEqual({ kind: 'closed', reason: 'erased' });
    const text = describeDatabaseProblem(status.problem!);
    expect(text.title).toMatch(/erased in another tab/);
    expect(text.reload).toBe(true);
    expect(`${text.title} ${text.detail}`).not.toMatch(/space/i);
  });

  it('a newer version in another tab says so; the first reason stays', () => {
    const status = new DatabaseStatus();
    status.closed('upgraded');
    status.closed('lost');
    expect(status.problem).toEqual({ kind: 'closed', reason: 'upgraded' });
    expect(describeDatabaseProblem(status.problem!).title).toMatch(/newer version of Rehearse is open in another tab/);
  });

  it('this tab’s own erase shows nothing (the page reloads itself) but listeners still hear it', () => {
    const status = new DatabaseStatus();
    const listener = vi.fn();
    const stop = status.onClosed(listener);
    status.closed('erased-here');
    expect(status.problem).toBeNull();
    expect(listener).toHaveBeenCalledWith('erased-here');
    stop();
    status.closed('erased');
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('a blocked open is shown until it goes through, without a reload button (reloading here does not help)', () => {
    const status = new DatabaseStatus();
    status.blocked();
    expect(status.problem).toEqual({ kind: 'blocked' });
    expect(describeDatabaseProblem(status.problem!).reload).toBe(false);
    status.opened();
    expect(status.problem).toBeNull();
  });

  it('every problem has words for the banner', () => {
    for (const reason of ['erased', 'upgraded', 'lost'] as const) {
      const text = describeDatabaseProblem({ kind: 'closed', reason });
      expect(text.title).not.toBe('');
      expect(text.detail).toMatch(/Reload/);
    }
  });
});
