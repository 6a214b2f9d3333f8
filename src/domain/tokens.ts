/**
 * Token counting for context budgets and the usage counter.
 *
 * gpt-tokenizer implements OpenAI's BPE (cl100k_base). Llama, Qwen and Phi use other
 * vocabularies, so for them this is an APPROXIMATION (typically within ~10–15% for English);
 * budgets therefore keep a safety margin (see context-policy). When an engine reports real
 * `usage`, that number wins over ours.
 *
 * The encoder's rank table is ~1 MB, so it is loaded lazily (dynamic import) and never
 * lands in the first-paint bundle.
 */
import type { ChatMessage } from './chat';

/** Counts the tokens of one piece of text. */
export type TokenCounter = (text: string) => number;

/**
 * Chat formats wrap each message in role markers (`<|start_header_id|>user<|end_header_id|>`,
 * `<|im_start|>user`…). 4 tokens per message plus 3 to prime the reply matches OpenAI's
 * published accounting and is close for Llama 3 / Qwen templates.
 */
export const TOKENS_PER_MESSAGE = 4;
export const TOKENS_REPLY_PRIMER = 3;

export function messageTokens(message: ChatMessage, count: TokenCounter): number {
  return count(message.content) + TOKENS_PER_MESSAGE;
}

export function conversationTokens(messages: readonly ChatMessage[], count: TokenCounter): number {
  let total = TOKENS_REPLY_PRIMER;
  for (const message of messages) total += messageTokens(message, count);
  return total;
}

/**
 * A conservative estimate without the tokenizer, in twelfths of a token per UTF-16 unit: an
 * ASCII character a third of a token (English runs about four characters a token, so this
 * over-counts it by about a third), other 2-byte characters two thirds, a 3-byte character
 * (Chinese, Japanese, Korean) one and a quarter, an emoji (a surrogate pair) two. Used where a
 * count must not depend on which counter is loaded (the excerpts of a system message that must
 * stay the same bytes), and until the tokenizer is loaded.
 */
export function estimateTokens(text: string): number {
  let twelfths = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) twelfths += 4;
    else if (code < 0x800) twelfths += 8;
    else if (code >= 0xd800 && code < 0xe000) twelfths += 12;
    else twelfths += 15;
  }
  return Math.ceil(twelfths / 12);
}

let loading: Promise<TokenCounter> | undefined;

/** Loads the gpt-tokenizer cl100k encoder once and returns a counter bound to it. */
export function loadTokenCounter(): Promise<TokenCounter> {
  loading ??= import('gpt-tokenizer/encoding/cl100k_base').then(({ encode }) => {
    // Untrusted text may contain strings like "<|endoftext|>"; count them as plain text
    // instead of throwing (the default rejects special tokens).
    const options = { disallowedSpecial: new Set<string>() };
    return (text: string) => (text.length === 0 ? 0 : encode(text, options).length);
  });
  return loading;
}
