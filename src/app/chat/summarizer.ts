/**
 * Condenses the oldest turns of a conversation with prompts/summarize.md, for both modes. The
 * speakers are named per mode (practice: Candidate/Interviewer; twin: Interviewer/the person).
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage, TokenUsage } from '../../domain/chat';
import type { Summarizer } from '../../domain/context-policy';
import { conversationTokens, type TokenCounter } from '../../domain/tokens';
import { requestUsage } from '../../domain/usage';
import { renderSummarizePrompt } from '../prompts';
import { collectReply } from './stream-reply';

export interface SummarizerOptions {
  speakers: { user: string; assistant: string };
  count: TokenCounter;
  onUsage: (usage: TokenUsage) => Promise<void> | void;
  /** Called before the request with its size, e.g. to refuse it when over a token budget. */
  beforeRequest?: (promptTokens: number, maxTokens: number) => void;
}

export function chatSummarizer(engine: ChatEngine, options: SummarizerOptions): Summarizer {
  return async (turns, targetTokens, signal) => {
    const conversation = turns
      .map((m) => `${m.role === 'user' ? options.speakers.user : options.speakers.assistant}: ${m.content}`)
      .join('\n\n');
    const messages: ChatMessage[] = [{ role: 'user', content: renderSummarizePrompt({ targetTokens, conversation }) }];
    const maxTokens = Math.ceil(targetTokens * 1.5);
    const promptTokens = conversationTokens(messages, options.count);
    options.beforeRequest?.(promptTokens, maxTokens);
    const { text, usage } = await collectReply(engine, { messages, temperature: 0.2, maxTokens, ...(signal ? { signal } : {}) });
    await options.onUsage(requestUsage(usage, promptTokens, text, options.count));
    return text;
  };
}
