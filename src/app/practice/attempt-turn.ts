/**
 * The interviewer's turns of an attempt (a retry or a drill, issue 16), written by code: no
 * model request. Each question is asked exactly as it was first asked (its text, verbatim), so
 * the new answer is scored against the same question; there is no greeting and no follow-up
 * (the session's machine allows none). After the last answer the interview closes without
 * closing words (the screen's "That was the last question" card says it, in the app's words,
 * where a sentence written by code might not be in the interview's language).
 */
import { AppError } from '../../domain/errors';
import type { MessageRecord } from '../../domain/records';
import { recordReply, resolveReply } from '../../domain/interview/state';
import type { LoadedInterview } from './loaded-interview.svelte';
import type { TurnCallbacks } from './interviewer-turn';

/** True for a session whose questions are given, not written (its turns come from here). */
export function isAttempt(interview: LoadedInterview): boolean {
  return interview.session.origin !== undefined;
}

/**
 * Asks the pending question (or closes) and saves it. Returns the question's message; for the
 * closing, which has none, the last message of the conversation (the candidate's answer).
 */
export async function runAttemptTurn(turn: {
  interview: LoadedInterview;
  newId: () => string;
  now: () => number;
  /** Unused: the question appears whole when it is saved (nothing streams). */
  callbacks?: TurnCallbacks;
}): Promise<MessageRecord> {
  const { interview } = turn;
  const plan = interview.state.pending;
  const questions = interview.session.guideline?.questions ?? [];
  if (!plan) throw new AppError('invalid-input', 'There is no interviewer turn to generate.');
  // With no follow-ups allowed the plan never offers one; should it, the next question is asked.
  const resolved = resolveReply(plan, interview.state.questionCount, 'next');
  if (resolved.kind === 'closing') {
    await interview.saveState(recordReply(interview.state, resolved, ''));
    const last = interview.messages.at(-1);
    if (!last) throw new AppError('invalid-input', 'There is no answer to close on.');
    return last;
  }
  const question = questions[resolved.questionIndex];
  if (!question) throw new AppError('invalid-input', 'This attempt has no question to ask.');
  // Reuses a reply left incomplete (a stop or a crash mid-write) so indices stay dense.
  const previous = interview.messages.at(-1);
  const reuse = previous?.role === 'assistant' && previous.incomplete ? previous : undefined;
  const message: MessageRecord = {
    id: reuse?.id ?? turn.newId(),
    sessionId: interview.id,
    index: reuse?.index ?? interview.messages.length,
    role: 'assistant',
    text: question.text,
    createdAt: reuse?.createdAt ?? turn.now(),
    kind: 'question',
    questionIndex: resolved.questionIndex,
  };
  await interview.putMessage(message);
  await interview.saveState(recordReply(interview.state, resolved, question.text));
  return message;
}
