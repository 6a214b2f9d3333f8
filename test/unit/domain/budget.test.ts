import { describe, expect, it } from 'vitest';
import { addUsage, assertWithinBudget, describeBudget, remaining, requestUsage } from '../../../../src/domain/twin/budget';
import { AppError } from '../../../../src/ports/errors';

describe('token budget', () => {
  it('never limits local engines or a zero budget', () => {
    expect(() => assertWithinBudget({ limit: 10, used: 100 }, false, 50, 50)).not.toThrow();
    expect(() => assertWithinBudget({ limit: 0, used: 100 }, true, 50, 50)).not.toThrow();
    expect(describeBudget({ limit: 0, used: 5 }, true)).toBeUndefined();
  });

  it('allows a request that fits exactly and refuses one that does not', () => {
    expect(() => assertWithinBudget({ limit: 1000, used: 800 }, true, 150, 50)).not.toThrow();
    try {
      assertWithinBudget({ limit: 1000, used: 800 }, true, 151, 50);
      expect.unreachable();
    } catch (error) {
      expect((error as AppError).code).toBe('budget-exhausted');
      expect((error as AppError).message).toContain('800 of its 1,000-token budget');
    }
  });

  it('adds usage, prefers reported usage, and describes what is left', () => {
    expect(requestUsage(undefined, 10, 5)).toEqual({ promptTokens: 10, completionTokens: 5, totalTokens: 15 });
    const reported = { promptTokens: 1, completionTokens: 2, totalTokens: 3 };
    expect(requestUsage(reported, 10, 5)).toBe(reported);
    expect(addUsage(reported, reported).totalTokens).toBe(6);
    expect(remaining({ limit: 100, used: 30 })).toBe(70);
    expect(describeBudget({ limit: 20000, used: 1234 }, true)).toBe('1,234 of 20,000 tokens used');
  });
});
