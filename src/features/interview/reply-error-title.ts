/** The heading of the interview's error box: names which step failed, in the candidate's words. */
import type { AppError } from '../../domain/errors';
import type { FailedStep } from '../../app/practice/interview-session.svelte';

export function replyErrorTitle(error: AppError, step: FailedStep | null, hasQuestions: boolean): string {
  if (error.code === 'quota-exceeded') return 'Rehearse could not save';
  if (step === 'feedback') return 'Your feedback could not be written';
  if (!hasQuestions) return 'Your questions could not be prepared';
  return 'That reply did not arrive';
}
