/**
 * WebLLM 0.2.86's rule for keeping its KV cache between two chat requests, restated as pure
 * functions so a test double can apply it to the requests the app sends. Read from
 * node_modules/@mlc-ai/web-llm/lib/index.js:
 *
 * - `getConversationFromChatCompletionRequest(request)`: the request becomes a Conversation
 *   of every message EXCEPT the last (which must be 'user' or 'tool'; that one is the prefill
 *   input). A 'system' message is allowed only first and becomes `override_system_message`.
 * - `forwardPrefill` appends that last user message and a reply header to the pipeline's
 *   conversation; `processNextToken` / `triggerStop` call `finishReply(outputMessage)`, so
 *   the pipeline remembers the reply exactly as decoded. With `enable_thinking: false`
 *   (Qwen3) the reply header is `appendEmptyThinkingReplyHeader("<think>\n\n</think>\n\n")`
 *   and `outputIds` starts with that block, so the remembered reply starts with it too.
 * - `preparePrefillInput`: the cache is kept only when the previous finish reason is neither
 *   'abort' nor 'length', `compareConversationObject(old, new)` holds (same system override,
 *   same number of messages, every role, role name and content byte-identical), and the new
 *   conversation is not empty. Otherwise `resetChat()` and the whole prompt is prefilled.
 *   Nothing else is compared: temperature, max_tokens or `response_format` (JSON, schema) do
 *   not reset the cache; a JSON request evicts the conversation only because its messages
 *   differ (one engine state, `pipeline.getConversationObject()`).
 * - `getInputData`: after a reset the whole prompt array is prefilled (`getPromptArray`); on
 *   a continuation only the last round (`getPromptArrayLastRound`: the new user message and
 *   the reply header).
 * - `makeStreamUsageChunk`: `usage.prompt_tokens` is this round's prefill, not the prompt.
 */
import type { ChatMessage, ChatRole, FinishReason } from '../../src/domain/chat';
import { TOKENS_PER_MESSAGE, TOKENS_REPLY_PRIMER, type TokenCounter } from '../../src/domain/tokens';

/** What WebLLM's reply header holds when thinking is switched off (`forwardPrefill`). */
export const EMPTY_THINK_BLOCK = '<think>\n\n</think>\n\n';

/** WebLLM's Conversation as far as `compareConversationObject` looks at it. */
export interface EngineConversation {
  /** `override_system_message`: the request's first message when it is 'system'. */
  system: string | undefined;
  messages: { role: Exclude<ChatRole, 'system'>; content: string }[];
}

/** What the pipeline holds after a reply: its conversation (ending with the reply) and how the reply ended. */
export interface EngineState {
  conversation: EngineConversation;
  finishReason: FinishReason;
}

export type ReuseVerdict =
  | { reused: true }
  | {
      reused: false;
      /** Why WebLLM resets, for the benchmark's per-turn table. */
      reason:
        'first request' | 'previous reply stopped' | 'previous reply cut' | 'no history' | 'system message changed' | 'history differs';
      /** For 'history differs': the first message (0-based, system not counted) that differs, and how. */
      at?: number;
      detail?: string;
    };

/**
 * `getConversationFromChatCompletionRequest`: the conversation before the last message, and
 * that last message (the prefill input). Throws like WebLLM on an order it rejects.
 */
export function toEngineConversation(messages: readonly ChatMessage[]): { conversation: EngineConversation; input: string } {
  const last = messages.at(-1);
  if (!last || last.role !== 'user') throw new Error('MessageOrderError: the last message should be from the user.');
  const conversation: EngineConversation = { system: undefined, messages: [] };
  messages.slice(0, -1).forEach((message, i) => {
    if (message.role === 'system') {
      if (i !== 0) throw new Error('SystemMessageOrderError: a system message is only allowed first.');
      conversation.system = message.content;
    } else conversation.messages.push({ role: message.role, content: message.content });
  });
  return { conversation, input: last.content };
}

/** The pipeline's conversation once the reply is finished (`forwardPrefill` + `finishReply`). */
export function afterReply(conversation: EngineConversation, input: string, reply: string, thinkingOff: boolean): EngineConversation {
  return {
    system: conversation.system,
    messages: [
      ...conversation.messages,
      { role: 'user', content: input },
      { role: 'assistant', content: thinkingOff ? EMPTY_THINK_BLOCK + reply : reply },
    ],
  };
}

/** `preparePrefillInput`'s decision, with the reason when it resets. */
export function decideReuse(previous: EngineState | undefined, next: EngineConversation): ReuseVerdict {
  if (!previous) return { reused: false, reason: 'first request' };
  if (previous.finishReason === 'abort') return { reused: false, reason: 'previous reply stopped' };
  if (previous.finishReason === 'length') return { reused: false, reason: 'previous reply cut' };
  // A request of one message never continues anything (WebLLM: reset when the new conversation is empty).
  if (next.messages.length === 0) return { reused: false, reason: 'no history' };
  const old = previous.conversation;
  if (old.system !== next.system) return { reused: false, reason: 'system message changed' };
  const n = Math.max(old.messages.length, next.messages.length);
  for (let i = 0; i < n; i++) {
    const a = old.messages[i];
    const b = next.messages[i];
    if (a && b && a.role === b.role && a.content === b.content) continue;
    return { reused: false, reason: 'history differs', at: i, detail: describeDifference(a, b) };
  }
  return { reused: true };
}

function describeDifference(
  engine: EngineConversation['messages'][number] | undefined,
  sent: EngineConversation['messages'][number] | undefined,
): string {
  if (!engine) return `an extra ${sent?.role} message`;
  if (!sent) return `the ${engine.role} message the engine holds is missing`;
  if (engine.role !== sent.role) return `${sent.role} where the engine holds ${engine.role}`;
  if (engine.role === 'assistant') {
    if (engine.content.startsWith(EMPTY_THINK_BLOCK) && engine.content.slice(EMPTY_THINK_BLOCK.length) === sent.content)
      return 'reply sent back without the empty think block';
    return 'reply not sent back as generated';
  }
  return `${sent.role} message changed`;
}

/**
 * Prompt tokens of a request as the chat template lays it out: the text counted with our
 * tokenizer (gpt-tokenizer, an approximation of Llama/Qwen vocabularies) plus the template's
 * role markers approximated like src/domain/tokens.ts (4 per message, 3 for the reply header,
 * plus the empty think block when thinking is off).
 */
export function promptTokens(conversation: EngineConversation, input: string, count: TokenCounter, thinkingOff: boolean): number {
  let total = TOKENS_REPLY_PRIMER + (thinkingOff ? count(EMPTY_THINK_BLOCK) : 0);
  if (conversation.system !== undefined) total += count(conversation.system) + TOKENS_PER_MESSAGE;
  for (const message of conversation.messages) total += count(message.content) + TOKENS_PER_MESSAGE;
  return total + count(input) + TOKENS_PER_MESSAGE;
}

/** `getPromptArrayLastRound`: on a continuation only the new user message and the reply header are prefilled. */
export function lastRoundTokens(input: string, count: TokenCounter, thinkingOff: boolean): number {
  return count(input) + TOKENS_PER_MESSAGE + TOKENS_REPLY_PRIMER + (thinkingOff ? count(EMPTY_THINK_BLOCK) : 0);
}

/** One request as the engine sees it: its verdict and counts, and how to record its reply. */
export interface CacheTurn {
  verdict: ReuseVerdict;
  promptTokens: number;
  prefilled: number;
  /** Records the reply as generated and how it ended ('error': a failed generation). */
  finish(reply: string, reason: FinishReason | 'error'): void;
}

/**
 * The one engine state WebLLM keeps, applied request after request: `begin` with the
 * messages WebLLM receives (after our adapter's normalisation), `finish` with the reply.
 * Until a reply finishes, the engine counts as stopped (a generation cut off mid-way).
 */
export class WebLLMCacheBook {
  private state: EngineState | undefined;

  constructor(
    private readonly count: TokenCounter,
    private readonly thinkingOff = false,
  ) {}

  begin(messages: readonly ChatMessage[]): CacheTurn {
    const { conversation, input } = toEngineConversation(messages);
    const verdict = decideReuse(this.state, conversation);
    const prompt = promptTokens(conversation, input, this.count, this.thinkingOff);
    this.state = { conversation: afterReply(conversation, input, '', this.thinkingOff), finishReason: 'abort' };
    return {
      verdict,
      promptTokens: prompt,
      prefilled: verdict.reused ? lastRoundTokens(input, this.count, this.thinkingOff) : prompt,
      finish: (reply, reason) => {
        this.state = {
          conversation: afterReply(conversation, input, reply, this.thinkingOff),
          // A failed generation leaves nothing that could be continued.
          finishReason: reason === 'error' ? 'abort' : reason,
        };
      },
    };
  }
}
