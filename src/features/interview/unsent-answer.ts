/**
 * The answer box when the page went away before its IndexedDB save finished (a write started
 * while the page is being closed is dropped), kept in localStorage, which is written at once,
 * like the setup form's draft and the twin's unsaved profile fields. Put back in the box and
 * saved with the session when the interview is next opened; removed once that save is done.
 */
import type { DraftInput } from '../../app/practice/practice-service';
import { readLocalJson, removeLocal, writeLocalJson } from '../../lib/local-json';

const PREFIX = 'rehearse-unsent-answer:';

/** What the page could not save last time for this interview, or undefined. Empty text means the box was emptied. */
export function readRescuedAnswer(sessionId: string, storage: Storage | undefined = globalThis.localStorage): DraftInput | undefined {
  const value = readLocalJson(PREFIX + sessionId, storage);
  if (!value || typeof value !== 'object') return undefined;
  const { text, spoken, metrics, words } = value as Record<string, unknown>;
  if (typeof text !== 'string') return undefined;
  if (spoken !== true) return { text };
  return {
    text,
    spoken: true,
    ...(metrics && typeof metrics === 'object' ? { metrics: metrics as DraftInput['metrics'] } : {}),
    ...(Array.isArray(words) && words.every(isWord) ? { words: words as DraftInput['words'] } : {}),
  };
}

function isWord(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const { text, start, end } = value as Record<string, unknown>;
  return typeof text === 'string' && typeof start === 'number' && typeof end === 'number';
}

export function writeRescuedAnswer(
  sessionId: string,
  draft: DraftInput | undefined,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  writeLocalJson(PREFIX + sessionId, draft ?? { text: '' }, storage);
}

export function clearRescuedAnswer(sessionId: string, storage: Storage | undefined = globalThis.localStorage): void {
  removeLocal(PREFIX + sessionId, storage);
}
