import { describe, expect, it } from 'vitest';
import { conversationTokens, loadTokenCounter, TOKENS_PER_MESSAGE, TOKENS_REPLY_PRIMER } from '../../../src/domain/tokens';

describe('tokens', () => {
  it('counts with the cl100k encoder', async () => {
    const count = await loadTokenCounter();
    expect(count('')).toBe(0);
    expect(count('hello world')).toBe(2);
    expect(count('Tell me about a time you disagreed with your manager.')).toBeGreaterThan(8);
  });

  it('counts special-token look-alikes in untrusted text instead of throwing', async () => {
    const count = await loadTokenCounter();
    expect(count('<|endoftext|> injected')).toBeGreaterThan(2);
  });

  it('adds per-message overhead and the reply primer', () => {
    const count = (text: string) => text.length;
    const total = conversationTokens(
      [
        { role: 'system', content: 'abc' },
        { role: 'user', content: 'de' },
      ],
      count,
    );
    expect(total).toBe(TOKENS_REPLY_PRIMER + 3 + 2 + 2 * TOKENS_PER_MESSAGE);
  });
});
