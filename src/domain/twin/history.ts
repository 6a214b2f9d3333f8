/**
 * Stored twin messages → the chat turns an engine is sent. Earlier turns go byte for byte as
 * the engine saw them (`engineText`: a question with its notes, a reply exactly as generated),
 * never trimmed or re-worded, so each request continues the previous one (docs/twin.md).
 */
import type { ChatMessage } from '../chat';
import type { MessageRecord } from '../records';
import { engineText } from '../engine-turns';

/**
 * Turns to send, oldest first, ending with the question being answered.
 * - Several answers in a row to one question (a saved answer, then "Generate a fresh answer";
 *   a stopped reply, then "Answer the last question"): only the last is the answer the
 *   conversation goes on from, so the earlier ones are left out, and the request that wrote
 *   the last one is continued exactly.
 * - Several questions in a row (one asked again after a failed reply) are joined into one
 *   turn, because several chat templates (Llama, Qwen under WebLLM) require user and assistant
 *   to alternate. Each question's bytes stay as they are; only the join adds a blank line.
 * - Empty partial replies are left out; a trailing answer (the saved answer the user wants a
 *   fresh answer to, a stopped reply to answer again) is dropped so the model answers the
 *   question itself.
 */
export function twinTurns(messages: readonly MessageRecord[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const content = engineText(m);
    if (content.trim() === '') continue;
    const previous = out.at(-1);
    if (previous?.role === m.role && m.role === 'assistant') out[out.length - 1] = { role: 'assistant', content };
    else if (previous?.role === m.role) out[out.length - 1] = { role: 'user', content: `${previous.content}\n\n${content}` };
    else out.push({ role: m.role, content });
  }
  while (out.length > 0 && out.at(-1)?.role !== 'user') out.pop();
  return out;
}

/** The question being answered: the last user message. */
export function lastQuestion(messages: readonly MessageRecord[]): MessageRecord | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === 'user') return messages[i];
  return undefined;
}

/** "Why do you want this job?" → a session title, short enough for the history list. */
export function sessionTitle(profileName: string, firstQuestion: string): string {
  const q = firstQuestion.trim().replace(/\s+/g, ' ');
  const short = q.length > 60 ? `${q.slice(0, 57).replace(/\s+\S*$/, '')}…` : q;
  return short ? `Twin · ${profileName}: ${short}` : `Twin · ${profileName}`;
}
