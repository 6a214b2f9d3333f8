import { describe, expect, it } from 'vitest';
import { DeferredTokenCounter } from '../../../../src/app/chat/deferred-token-counter';
import { estimateTokens, loadTokenCounter } from '../../../../src/domain/tokens';

describe('estimateTokens', () => {
  it('over-counts English (about four characters a token) and counts CJK at least as the tokenizer does', async () => {
    const exact = await loadTokenCounter();
    const english = 'You will lead a small team that runs our PostgreSQL clusters and deployment pipeline.';
    expect(estimateTokens(english)).toBeGreaterThan(exact(english));
    const japanese = 'チームで意見が対立したときの経験を教えてください。';
    expect(estimateTokens(japanese)).toBeGreaterThanOrEqual(exact(japanese));
    expect(estimateTokens('')).toBe(0);
    // An emoji (a surrogate pair) counts two.
    expect(estimateTokens('😀😀😀')).toBe(6);
  });
});

describe('DeferredTokenCounter', () => {
  it('estimates until load() is called, then counts with the tokenizer', async () => {
    const counter = new DeferredTokenCounter();
    const text = 'Tell me about a time you disagreed with your manager.';
    expect(await counter.current()).toBe(estimateTokens);
    counter.load();
    const exact = await loadTokenCounter();
    await expect.poll(async () => (await counter.current())(text)).toBe(exact(text));
  });

  it('uses an injected counter from the start', async () => {
    const counter = new DeferredTokenCounter(async () => (text: string) => text.length);
    expect((await counter.current())('abcd')).toBe(4);
  });
});
