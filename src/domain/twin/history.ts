/** Stored twin messages → the chat turns a model sees. */
import type { ChatMessage } from '../../ports/chat-engine';
import type { MessageRecord } from '../records';

/**
 * Turns to send, oldest first, ending with the user's question. Consecutive turns of one role
 * (a question asked again after a failed reply) are joined, because several chat templates
 * (Llama, Qwen under WebLLM) require user and assistant to alternate. Empty partial replies
 * are left out. A trailing assistant turn (the saved answer the user wants a fresh answer to)
 * is dropped so the model answers the question itself.
 */
export function toChatHistory(messages: readonly MessageRecord[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const content = m.text.trim();
    if (content === '') continue;
    const previous = out[out.length - 1];
    if (previous && previous.role === m.role) previous.content = `${previous.content}\n\n${content}`;
    else out.push({ role: m.role, content });
  }
  while (out.length > 0 && out[out.length - 1]?.role !== 'user') out.pop();
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
