/**
 * Stored messages → the turns an engine is sent, byte for byte as it saw them before (`sent`
 * when that differs from the shown text). Engines keep their cache only when a request
 * continues the previous one exactly (WebLLM's prefill reuse; providers' prompt caches), so
 * earlier turns are never re-worded, trimmed or re-ordered.
 *
 * Side exchanges are requests the app made inside the conversation that the candidate never
 * sees (the interviewer planning its questions as JSON): they stay in the engine's history at
 * the place they were asked, so the turn after them continues the engine's cache instead of
 * starting over (WebLLM holds one conversation; a separate request would evict it).
 */
import type { ChatMessage } from './chat';
import type { MessageRecord } from './records';

/** Messages the engine saw between stored messages: after the one with index `after` (-1: before all, the lead included). */
export interface SideExchange {
  after: number;
  messages: ChatMessage[];
}

export function engineText(message: Pick<MessageRecord, 'text' | 'sent'>): string {
  return message.sent ?? message.text;
}

/**
 * `lead`: a first user message that is not stored as a message (the interview's opening).
 * `exchanges`: side exchanges, in the order they were made.
 */
export function engineTurns(messages: readonly MessageRecord[], lead?: string, exchanges: readonly SideExchange[] = []): ChatMessage[] {
  const at = (index: number) => exchanges.filter((e) => e.after === index).flatMap((e) => e.messages);
  const turns: ChatMessage[] = [...at(-1)];
  if (lead !== undefined) turns.push({ role: 'user', content: lead });
  for (const message of messages) {
    turns.push({ role: message.role, content: engineText(message) });
    turns.push(...at(message.index));
  }
  return turns;
}

/** Side exchanges read back from storage (a backup or an older version may hold anything): the valid ones. */
export function readSideExchanges(value: unknown): SideExchange[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is SideExchange =>
      typeof e === 'object' &&
      e !== null &&
      Number.isInteger((e as SideExchange).after) &&
      Array.isArray((e as SideExchange).messages) &&
      (e as SideExchange).messages.every(
        (m) => typeof m === 'object' && m !== null && (m.role === 'user' || m.role === 'assistant') && typeof m.content === 'string',
      ),
  );
}

/** The same request with a note added to its newest message only (a one-off regeneration hint). */
export function withNoteOnLast(messages: readonly ChatMessage[], note: string): ChatMessage[] {
  const last = messages.at(-1);
  if (!last || note === '') return [...messages];
  return [...messages.slice(0, -1), { ...last, content: `${last.content}\n\n${note}` }];
}
