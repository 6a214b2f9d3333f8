import { describe, expect, it, vi } from 'vitest';
import { lazy } from '../../../src/domain/lazy';
import { readInterviewState } from '../../../src/domain/interview/state-schema';

describe('lazy', () => {
  it('builds nothing until first use, then builds once and keeps the value', () => {
    const build = vi.fn(() => ({ built: true }));
    const value = lazy(build);
    expect(build).not.toHaveBeenCalled();
    const first = value();
    expect(value()).toBe(first);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('keeps a value that is undefined instead of building it again', () => {
    const build = vi.fn(() => undefined);
    const value = lazy(build);
    value();
    value();
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('a lazily built schema still refuses what it refused when built at import', () => {
    expect(readInterviewState({ version: 2 })).toBeUndefined();
  });
});
