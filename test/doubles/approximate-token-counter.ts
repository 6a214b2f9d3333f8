import type { TokenCounter } from '../../src/domain/tokens';

/**
 * A crude counter (about 4 characters a token) for tests that need token budgets without
 * loading gpt-tokenizer's table. The app itself always counts with the real encoder.
 */
export const approximateTokenCounter: TokenCounter = (text) => Math.ceil(text.length / 4);
