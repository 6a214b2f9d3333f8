import { describe, expect, it, vi } from 'vitest';
import type { ChatMessage } from '../../../src/domain/chat';
import { AppError } from '../../../src/domain/errors';
import { fitContext, planContext, SUMMARY_PREFIX, type ContextInput } from '../../../src/domain/context-policy';

// Only '#' counts as a token, so the summary prefix and role words cost nothing and every
// boundary below is exact arithmetic: a message of n '#' costs n + 4, a request adds 3.
const count = (text: string) => (text.match(/#/g) ?? []).length;
const hashes = (n: number) => '#'.repeat(n);
const system: ChatMessage = { role: 'system', content: hashes(10) }; // 14
const a1: ChatMessage = { role: 'assistant', content: `a1 ${hashes(10)}` }; // 14 each
const u1: ChatMessage = { role: 'user', content: `u1 ${hashes(10)}` };
const a2: ChatMessage = { role: 'assistant', content: `a2 ${hashes(10)}` };
const u2: ChatMessage = { role: 'user', content: `u2 ${hashes(10)}` };
const history = [a1, u1, a2, u2];
const FULL = 3 + 14 + 4 * 14; // 73

function input(budget: number, extra: Partial<ContextInput> = {}): ContextInput {
  return { system, history, contextWindow: budget + 100, replyReserve: 100, count, summaryTokens: 5, ...extra };
}

describe('planContext', () => {
  it('sends everything when the request is exactly at budget', () => {
    const plan = planContext(input(FULL), { allowSummarize: true });
    expect(plan).toMatchObject({ kind: 'ready', promptTokens: FULL, budget: FULL, dropped: 0 });
    expect(plan.kind === 'ready' && plan.messages).toEqual([system, ...history]);
  });

  it('one token over: asks to summarize the smallest oldest prefix that makes room', () => {
    const plan = planContext(input(FULL - 1), { allowSummarize: true });
    expect(plan).toEqual({ kind: 'summarize', toSummarize: [a1], coversUpTo: 1 });
  });

  it('a refill target no summary can reach: summarizes all but the newest turn, leaving the most room', () => {
    const plan = planContext(input(FULL - 1, { refillTo: 0.1 }), { allowSummarize: true });
    expect(plan).toEqual({ kind: 'summarize', toSummarize: [a1, u1, a2], coversUpTo: 3 });
  });

  it('one token over without a summarizer: drops the oldest turn', () => {
    const plan = planContext(input(FULL - 1), { allowSummarize: false });
    expect(plan).toMatchObject({ kind: 'ready', dropped: 1, promptTokens: FULL - 14 });
    expect(plan.kind === 'ready' && plan.messages).toEqual([system, u1, a2, u2]);
  });

  it('keeps only system + newest turn when that is all that fits (no room for a summary)', () => {
    const plan = planContext(input(3 + 14 + 14), { allowSummarize: true });
    expect(plan).toMatchObject({ kind: 'ready', dropped: 3, promptTokens: 31 });
    expect(plan.kind === 'ready' && plan.messages).toEqual([system, u2]);
  });

  it('reports a single message too large for the window', () => {
    const huge = { role: 'user' as const, content: hashes(1000) };
    const plan = planContext(input(FULL, { history: [a1, huge] }), { allowSummarize: true });
    expect(plan).toEqual({ kind: 'too-large', promptTokens: 3 + 14 + 1004, budget: FULL });
  });

  it('reuses a stored summary in place of the turns it covers, with alternating roles', () => {
    const plan = planContext(input(FULL, { summary: { text: hashes(3), coversUpTo: 2 } }), { allowSummarize: true });
    expect(plan.kind).toBe('ready');
    if (plan.kind !== 'ready') return;
    expect(plan.messages).toEqual([system, { role: 'user', content: SUMMARY_PREFIX + hashes(3) }, a2, u2]);
    expect(plan.summary).toEqual({ text: hashes(3), coversUpTo: 2 });
  });

  it('re-summarizes the previous summary together with the next oldest turns', () => {
    const summary = { text: hashes(20), coversUpTo: 1 };
    // summary(24) + u1 + a2 + u2 = 3+14+24+42 = 83 > 73; with a 5-token summary covering u1: 3+14+9+28 = 54.
    const plan = planContext(input(FULL, { summary }), { allowSummarize: true });
    expect(plan).toEqual({
      kind: 'summarize',
      toSummarize: [{ role: 'assistant', content: SUMMARY_PREFIX + hashes(20) }, u1],
      coversUpTo: 2,
    });
  });

  it('never lets a stored summary cover the newest turn', () => {
    const plan = planContext(input(FULL, { summary: { text: hashes(1), coversUpTo: 99 } }), { allowSummarize: true });
    expect(plan.kind === 'ready' && plan.messages.at(-1)).toEqual(u2);
  });
});

describe('fitContext', () => {
  it('runs the summarizer and sends system, summary, then the recent turns', async () => {
    const summarize = vi.fn(async () => hashes(5));
    const plan = await fitContext(input(FULL - 1), summarize);
    expect(summarize).toHaveBeenCalledWith([a1], 5, undefined);
    expect(plan.messages).toEqual([system, { role: 'assistant', content: SUMMARY_PREFIX + hashes(5) }, u1, a2, u2]);
    expect(plan.summary).toEqual({ text: hashes(5), coversUpTo: 1 });
    expect(plan.promptTokens).toBe(3 + 14 + 9 + 42);
  });

  it('drops the oldest turns when the summary comes back too big', async () => {
    const plan = await fitContext(input(FULL - 1), async () => hashes(30));
    // 3+14+34 + u1+a2+u2 = 93; without u1 = 79; without a2 = 65 ≤ 72.
    expect(plan.messages).toEqual([system, { role: 'assistant', content: SUMMARY_PREFIX + hashes(30) }, u2]);
    expect(plan.dropped).toBe(2);
  });

  it('drops the summary too when even summary + newest turn do not fit', async () => {
    const plan = await fitContext(input(3 + 14 + 14 + 9), async () => hashes(60));
    expect(plan.messages).toEqual([system, u2]);
    expect(plan.summary).toBeUndefined();
  });

  it('falls back to dropping when the summarizer fails', async () => {
    const plan = await fitContext(input(FULL - 1), async () => {
      throw new Error('model crashed');
    });
    expect(plan.messages).toEqual([system, u1, a2, u2]);
  });

  it('passes an abort through instead of falling back', async () => {
    await expect(
      fitContext(input(FULL - 1), async () => {
        throw new AppError('aborted', 'Stopped.');
      }),
    ).rejects.toMatchObject({ code: 'aborted' });
  });

  it('throws budget-exhausted with a clear message for a huge single message', async () => {
    const huge = { role: 'user' as const, content: hashes(5000) };
    await expect(fitContext(input(FULL, { history: [huge] }), async () => 'x')).rejects.toMatchObject({
      code: 'budget-exhausted',
      message: expect.stringMatching(/Shorten it/),
    });
  });
});
