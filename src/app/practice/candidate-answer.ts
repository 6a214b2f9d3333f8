/**
 * The candidate's answer as it is saved: checked (not empty, the interview is at a question),
 * and, when it answers a reply that was stopped part-way, that reply kept as the turn it was.
 */
import { AppError } from '../../domain/errors';
import type { MessageRecord } from '../../domain/records';
import { recordAnswer, recordReply, resolveReply, type InterviewState } from '../../domain/interview/state';
import { cleanReply } from '../../domain/interview/reply-filter';
import type { LoadedInterview } from './loaded-interview.svelte';
import type { AnswerExtras } from './answer-drafts';

const invalidInput = (message: string) => new AppError('invalid-input', message);

export interface CandidateAnswer {
  message: MessageRecord;
  /** The machine after the answer. */
  state: InterviewState;
}

export async function candidateAnswer(
  interview: LoadedInterview,
  text: string,
  extras: AnswerExtras,
  ids: () => string,
  now: () => number,
): Promise<CandidateAnswer> {
  const answer = text.trim();
  if (answer.length === 0) throw invalidInput('Type or record an answer first.');
  let state = interview.state;
  if (state.phase === 'closed' || state.phase === 'finished')
    throw invalidInput('The interview is over. Ask for feedback to see how you did.');
  if (state.phase === 'not-started') throw invalidInput('Start the interview first.');
  if (state.phase === 'awaiting-reply') {
    // The candidate answers a reply that was stopped part-way: keep it as the turn it was.
    const last = interview.messages.at(-1);
    if (last?.role !== 'assistant' || !state.pending)
      throw invalidInput('The interviewer has not asked anything yet. Press Retry to get the question.');
    const resolved = resolveReply(state.pending, state.questionCount, cleanReply(last.text).decision);
    state = recordReply(state, resolved, last.text);
    await interview.putMessage({ ...last, kind: resolved.kind, questionIndex: resolved.questionIndex });
  }
  const message: MessageRecord = {
    id: ids(),
    sessionId: interview.id,
    index: interview.messages.length,
    role: 'user',
    text: answer,
    createdAt: now(),
    kind: 'answer',
    questionIndex: state.questionIndex,
    ...(extras.spoken ? { spoken: true } : {}),
    ...(extras.metrics ? { metrics: extras.metrics } : {}),
    ...(extras.words ? { words: extras.words } : {}),
  };
  return { message, state: recordAnswer(state) };
}
