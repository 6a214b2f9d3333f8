/**
 * Which interviewer messages offer "Answer this again" (issue 16): the one that asked a
 * guideline question (the greeting that asked question 1, or a question turn; not a follow-up),
 * once the interview has moved past that question or closed.
 */
import type { Guideline, MessageRecord } from '../../domain/records';
import type { InterviewPhase } from '../../domain/interview/state';

export function answerAgainQuestionId(
  message: Pick<MessageRecord, 'role' | 'kind' | 'questionIndex' | 'incomplete'>,
  guideline: Guideline | undefined,
  current: { questionIndex: number; phase: InterviewPhase },
): string | undefined {
  if (message.role !== 'assistant' || message.incomplete || message.questionIndex === undefined) return undefined;
  if (message.kind !== 'greeting' && message.kind !== 'question') return undefined;
  const done = current.phase === 'closed' || current.phase === 'finished' || message.questionIndex < current.questionIndex;
  return done ? guideline?.questions[message.questionIndex]?.id : undefined;
}
