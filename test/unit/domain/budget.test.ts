import { describe, expect, it } from 'vitest';
import { assertWithinBudget, budgetCheck, describeBudget, parseBudget, remaining } from '../../../src/domain/budget';
import { AppError } from '../../../src/domain/errors';

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
      expect((error as AppError).message).toContain('Start a new conversation');
    }
  });

  it('names an interview as such, and reads the limit and usage at the moment of each request', () => {
    let used = 0;
    const check = budgetCheck(
      () => 500,
      () => used,
      true,
      'interview',
    );
    expect(() => check(300, 100)).not.toThrow();
    used = 200;
    expect(() => check(300, 100)).toThrow(/This interview has used 200 of its 500-token budget.*Start a new interview/);
    expect(() =>
      budgetCheck(
        () => 500,
        () => 10_000,
        false,
      )(300, 100),
    ).not.toThrow();
  });

  it('describes what is left', () => {
    expect(remaining({ limit: 100, used: 30 })).toBe(70);
    expect(remaining({ limit: 0, used: 30 })).toBe(Infinity);
    expect(describeBudget({ limit: 20000, used: 1234 }, true)).toBe('1,234 of 20,000 tokens used');
  });

  it('reads a typed budget: blank, zero or nonsense is no budget', () => {
    expect(parseBudget('20,000')).toBe(20_000);
    expect(parseBudget(' 5000 ')).toBe(5000);
    expect(parseBudget('')).toBe(0);
    expect(parseBudget('-3')).toBe(0);
    expect(parseBudget('lots')).toBe(0);
    expect(parseBudget(1234.7)).toBe(1234);
  });
});
