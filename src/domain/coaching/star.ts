/**
 * The STAR check of a behavioral answer: which of Situation, Task, Action and Result it has.
 *
 * The model proposes, per part, a phrase of the answer that shows it (or "" when the part is
 * missing) and one suggestion. Code decides: a part counts as present only when its quote
 * occurs in the candidate's answers (the same verbatim check as the evidence quotes,
 * `evidence.ts`), and is stored as the verbatim span. A quote that is not in the answer is
 * never shown: that part counts as missing. When a part is missing and the model's suggestion
 * was not written for a part it itself found missing (it claimed all four), a plain suggestion
 * for the first missing part is used instead, so a missing part always comes with advice.
 */
import { z } from 'zod';
import { lazy } from '../lazy';
import type { StarCheck, StarPart } from '../records';
import { findVerbatim } from '../evidence';

export const STAR_PARTS: readonly StarPart[] = ['situation', 'task', 'action', 'result'];

export const STAR_LABELS: Record<StarPart, string> = {
  situation: 'Situation',
  task: 'Task',
  action: 'Action',
  result: 'Result',
};

/** Used when the model gave no suggestion that fits what is missing. */
export const STAR_ADVICE: Record<StarPart, string> = {
  situation: 'Open with the situation in a sentence or two: where you were, when, and what was at stake.',
  task: 'Say what you were responsible for: the goal or problem that was yours, before what you did.',
  action: 'Describe the steps you took yourself, with “I” rather than “we”: what you did, in order, and why.',
  result: 'End with the result: what changed because of what you did, with a number if you have one, and what you learned.',
};

/**
 * The `star` object of one assessment, read leniently: anything unusable becomes `undefined`
 * (no STAR check for that answer) rather than failing the whole feedback.
 */
export const starReplySchema = lazy(() => {
  // A part's quote as models write it: a string, or null / nothing when the part is missing.
  const partQuote = z.preprocess((v) => (typeof v === 'string' ? v : ''), z.string());
  return z
    .object({ situation: partQuote, task: partQuote, action: partQuote, result: partQuote, suggestion: partQuote })
    .optional()
    .catch(undefined);
});

export type StarReply = NonNullable<z.infer<ReturnType<typeof starReplySchema>>>;

/** Verifies each proposed quote against the candidate's answers (to the question and its follow-ups). */
export function verifyStar(reply: StarReply, answers: readonly string[]): StarCheck {
  const parts = {} as StarCheck['parts'];
  const missing: StarPart[] = [];
  for (const part of STAR_PARTS) {
    const proposed = reply[part].trim();
    const quote = proposed ? firstVerbatim(proposed, answers) : undefined;
    parts[part] = quote === undefined ? { present: false } : { present: true, quote };
    if (quote === undefined) missing.push(part);
  }
  if (missing.length === 0) return { parts, suggestion: '' };
  // The model's suggestion is about a part it left empty; if it claimed every part, its
  // suggestion (if any) is not about what verification found missing.
  const modelFoundMissing = missing.some((part) => reply[part].trim() === '');
  const suggestion = reply.suggestion.trim();
  return { parts, suggestion: modelFoundMissing && suggestion ? suggestion : STAR_ADVICE[missing[0] as StarPart] };
}

function firstVerbatim(quote: string, answers: readonly string[]): string | undefined {
  for (const answer of answers) {
    const span = findVerbatim(quote, answer);
    if (span !== undefined) return span;
  }
  return undefined;
}
