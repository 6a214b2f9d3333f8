/**
 * The answer box as it is kept with its session (see PracticeService.saveDraft): what counts
 * as a draft, and when two are the same, so an unchanged box is not written again.
 */
import type { AnswerDraft } from '../../domain/records';
import type { AnswerExtras, DraftInput } from './answer-drafts';

/** Blank text is no draft; the recording's extras go with the text only while it came from one. */
export function draftOf(text: string, extras: AnswerExtras | null | undefined): DraftInput | undefined {
  if (text.trim() === '') return undefined;
  if (!extras?.spoken) return { text };
  return {
    text,
    spoken: true,
    ...(extras.metrics ? { metrics: extras.metrics } : {}),
    ...(extras.words ? { words: extras.words } : {}),
  };
}

/** The recording's extras of a stored (or rescued) draft, to send with the answer once it is restored. */
export function extrasOf(draft: AnswerDraft | DraftInput | undefined): AnswerExtras | null {
  if (!draft?.spoken) return null;
  return { spoken: true, ...(draft.metrics ? { metrics: draft.metrics } : {}), ...(draft.words ? { words: draft.words } : {}) };
}

/** Same text and same recording (extras by identity: each recording brings new objects). */
export function sameDraft(a: DraftInput | undefined, b: DraftInput | undefined): boolean {
  if (!a || !b) return a === b;
  return a.text === b.text && !!a.spoken === !!b.spoken && a.metrics === b.metrics && a.words === b.words;
}

/** localStorage key of an interview's answer box rescue (see DraftKeeper). */
export const rescueKey = (sessionId: string) => `rehearse-unsent-answer:${sessionId}`;

/** Reads back a rescued answer box: untrusted, so every field is checked; empty text means the box was emptied. */
export function parseRescuedAnswer(value: unknown): DraftInput | undefined {
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
