/**
 * Condenses the oldest turns of a conversation with prompts/summarize.md, for both modes. The
 * speakers are named per mode (practice: Candidate/Interviewer; twin: Interviewer/the person).
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage, TokenUsage } from '../../domain/chat';
import type { Summarizer } from '../../domain/context-policy';
import { conversationTokens, type TokenCounter } from '../../domain/tokens';
import { requestUsage } from '../../domain/usage';
import { renderSummarizeInConversationPrompt, renderSummarizePrompt } from '../prompts';
import { collectReply } from './stream-reply';

export interface SummarizerOptions {
  speakers: { user: string; assistant: string };
  count: TokenCounter;
  onUsage: (usage: TokenUsage) => Promise<void> | void;
  /** Called before the request with its size, e.g. to refuse it when over a token budget. */
  beforeRequest?: (promptTokens: number, maxTokens: number) => void;
  /**
   * The conversation as the engine last saw it (its system message first, ending with a reply)
   * and the engine's window. When the request fits, the summary is asked as its continuation: the
   * engine reads only the request (its cache holds the rest) instead of the whole conversation
   * again as quoted text. It summarizes everything so far; the turns kept after the summary repeat
   * the newest part of it, which costs little and keeps the request simple for a small model.
   */
  continuing?: () => { messages: ChatMessage[]; contextWindow: number } | undefined;
}

export function chatSummarizer(engine: ChatEngine, options: SummarizerOptions): Summarizer {
  return async (turns, targetTokens, signal) => {
    const maxTokens = Math.ceil(targetTokens * 1.5);
    const messages = inConversation(options, targetTokens, maxTokens) ?? [
      { role: 'user', content: renderSummarizePrompt({ targetTokens, conversation: quoted(turns, options.speakers) }) },
    ];
    const promptTokens = conversationTokens(messages, options.count);
    options.beforeRequest?.(promptTokens, maxTokens);
    const { text, usage } = await collectReply(engine, { messages, temperature: 0.2, maxTokens, ...(signal ? { signal } : {}) });
    await options.onUsage(requestUsage(usage, promptTokens, text, options.count));
    return text;
  };
}

function quoted(turns: readonly ChatMessage[], speakers: SummarizerOptions['speakers']): string {
  return turns.map((m) => `${m.role === 'user' ? speakers.user : speakers.assistant}: ${m.content}`).join('\n\n');
}

/** The summary request as a continuation of the conversation, or undefined when there is none or it would not fit. */
function inConversation(options: SummarizerOptions, targetTokens: number, maxTokens: number): ChatMessage[] | undefined {
  const continuing = options.continuing?.();
  if (!continuing || continuing.messages.at(-1)?.role !== 'assistant') return undefined;
  const messages: ChatMessage[] = [
    ...continuing.messages,
    { role: 'user', content: renderSummarizeInConversationPrompt({ targetTokens }) },
  ];
  return conversationTokens(messages, options.count) + maxTokens <= continuing.contextWindow ? messages : undefined;
}
