/**
 * Stored messages → the turns an engine is sent, byte for byte as it saw them before (`sent`
 * when that differs from the shown text). Engines keep their cache only when a request
 * continues the previous one exactly (WebLLM's prefill reuse; providers' prompt caches), so
 * earlier turns are never re-worded, trimmed or re-ordered.
 */
import type { ChatMessage } from './chat';
import type { MessageRecord } from './records';

export function engineText(message: Pick<MessageRecord, 'text' | 'sent'>): string {
  return message.sent ?? message.text;
}

/** `lead`: a first user message that is not stored as a message (the interview's opening). */
export function engineTurns(messages: readonly MessageRecord[], lead?: string): ChatMessage[] {
  const turns: ChatMessage[] = lead === undefined ? [] : [{ role: 'user', content: lead }];
  for (const message of messages) turns.push({ role: message.role, content: engineText(message) });
  return turns;
}

/** The same request with a note added to its newest message only (a one-off regeneration hint). */
export function withNoteOnLast(messages: readonly ChatMessage[], note: string): ChatMessage[] {
  const last = messages.at(-1);
  if (!last || note === '') return [...messages];
  return [...messages.slice(0, -1), { ...last, content: `${last.content}\n\n${note}` }];
}
