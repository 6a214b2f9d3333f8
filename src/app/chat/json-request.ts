/**
 * One JSON request with validation and one repair, for every structured reply (guideline,
 * feedback). Nothing is invented: a reply that is still unusable after the repair is a clear
 * AppError. Usage of every request is reported to the caller, who owns the session.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage, TokenUsage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import { extractJson } from '../../domain/json-reply';
import type { TokenCounter } from '../../domain/tokens';
import { requestUsage } from '../../domain/usage';
import { jsonSystemPrompt, renderRepairPrompt } from '../prompts';
import { collectReply, streamReply } from './stream-reply';

/** `collectReply`, telling the caller the text so far as it streams. */
async function collectStreaming(
  engine: ChatEngine,
  request: Parameters<typeof streamReply>[1],
  signal: AbortSignal,
  onText: (soFar: string) => void,
): Promise<{ text: string; usage?: TokenUsage }> {
  const reply = await streamReply(engine, request, { signal, onText: (_delta, raw) => void onText(raw) });
  if (reply.end === 'failed') throw reply.error;
  if (reply.end === 'stopped') throw new AppError('aborted', 'Stopped.');
  return reply.usage ? { text: reply.raw, usage: reply.usage } : { text: reply.raw };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface JsonRequest<T> {
  engine: ChatEngine;
  prompt: string;
  /** The expected shape in words, quoted in the repair request. */
  shape: string;
  /** A JSON schema engines can constrain decoding with (WebLLM's grammar, a provider's response_format). */
  schema?: Record<string, unknown>;
  validate: (value: unknown) => Checked<T>;
  /** Names a flaw that does not make a valid reply unusable (e.g. feedback in the wrong language). */
  prefer?: (value: T) => string | undefined;
  /** The message when even the repaired reply is unusable. */
  failure: string;
  signal: AbortSignal;
  count: TokenCounter;
  maxTokens: number;
  onUsage: (usage: TokenUsage) => Promise<void>;
  /** The reply so far, while it streams (to show parts of it that are already complete). */
  onText?: (soFar: string) => void;
}

export async function requestJson<T>(request: JsonRequest<T>): Promise<T> {
  return (await jsonExchange(request)).value;
}

/**
 * The same request asked inside a conversation (`conversation`: its system message and earlier
 * turns, exactly as the engine last saw them), so the engine continues its cache instead of
 * starting over. Returns, with the value, the messages this request appended (the prompt, the
 * reply as generated, and a repair and its reply when one was needed): kept in the conversation,
 * they let the next turn continue this request in turn.
 */
export function requestJsonInConversation<T>(
  request: JsonRequest<T> & { conversation: ChatMessage[] },
): Promise<{ value: T; exchange: ChatMessage[] }> {
  return jsonExchange(request);
}

async function jsonExchange<T>(request: JsonRequest<T> & { conversation?: ChatMessage[] }): Promise<{ value: T; exchange: ChatMessage[] }> {
  const { engine, count, signal } = request;
  const before: ChatMessage[] = request.conversation ?? [{ role: 'system', content: jsonSystemPrompt() }];
  // In a conversation each request continues the last one (prompt, reply, repair); alone, each starts afresh.
  const exchange: ChatMessage[] = [];
  const ask = async (content: string) => {
    const asked: ChatMessage = { role: 'user', content };
    const messages: ChatMessage[] = request.conversation ? [...before, ...exchange, asked] : [...before, asked];
    const promptTokens = messages.reduce((n, m) => n + count(m.content), 0);
    const maxTokens = Math.min(request.maxTokens, Math.max(256, engine.contextWindow - promptTokens - 16));
    const json = request.schema ? { schema: request.schema } : true;
    const { text, usage } = request.onText
      ? await collectStreaming(engine, { messages, temperature: 0.4, maxTokens, json }, signal, request.onText)
      : await collectReply(engine, { messages, temperature: 0.4, maxTokens, json, signal });
    await request.onUsage(requestUsage(usage, promptTokens, text, count));
    if (request.conversation) exchange.push(asked, { role: 'assistant', content: text });
    return text;
  };
  const check = (reply: string): Checked<T> => {
    const json = extractJson(reply);
    return json.ok ? request.validate(json.value) : { ok: false, problem: json.reason };
  };
  const repair = (problem: string, reply: string) =>
    ask(renderRepairPrompt({ problem, shape: request.shape, reply: reply.slice(0, 6000) }));
  const done = (value: T) => ({ value, exchange });

  const first = await ask(request.prompt);
  const firstResult = check(first);
  if (firstResult.ok) {
    const flaw = request.prefer?.(firstResult.value);
    if (!flaw) return done(firstResult.value);
    // Usable as it is: one request to fix the flaw; the first reply stays unless the second is
    // better (or the second request fails: what we have is not thrown away for a nicety).
    try {
      const better = check(await repair(flaw, first));
      return done(better.ok && !request.prefer?.(better.value) ? better.value : firstResult.value);
    } catch (error) {
      if (signal.aborted) throw error;
      return done(firstResult.value);
    }
  }
  const secondResult = check(await repair(firstResult.problem, first));
  if (secondResult.ok) return done(secondResult.value);
  throw new AppError('invalid-model-output', request.failure, { details: { problem: secondResult.problem } });
}
