/**
 * Turns the stored conversation into what the feedback step needs: for each guideline
 * question, the follow-ups asked and every answer the candidate gave to it.
 */
import type { AssessedQuestion } from '../feedback';
import type { Guideline, MessageRecord } from '../records';
import type { TokenCounter } from '../tokens';

export interface QuestionThread extends AssessedQuestion {
  index: number;
  followUps: string[];
}

/** Groups answers under the question the interviewer was on when the candidate replied. */
export function questionThreads(guideline: Guideline, messages: readonly MessageRecord[]): QuestionThread[] {
  const threads: QuestionThread[] = guideline.questions.map((question, index) => ({ index, question, answers: [], followUps: [] }));
  let current: number | undefined;
  for (const message of messages) {
    if (message.role === 'assistant') {
      if (message.questionIndex !== undefined && message.kind !== 'closing') current = message.questionIndex;
      if (message.kind === 'follow-up' && current !== undefined) threads[current]?.followUps.push(message.text);
      continue;
    }
    const text = message.text.trim();
    if (current !== undefined && text.length > 0) threads[current]?.answers.push(text);
  }
  return threads;
}

/** Only questions the candidate actually answered are assessed; nothing is scored unheard. */
export function answeredThreads(threads: readonly QuestionThread[]): QuestionThread[] {
  return threads.filter((t) => t.answers.length > 0);
}

function shorten(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(0, maxChars - 1)).trimEnd()}…`;
}

/**
 * The numbered transcript for the feedback prompt. When it would exceed `maxTokens`, long
 * answers are shortened evenly (evidence is still checked against the full answers).
 */
export function feedbackTranscript(threads: readonly QuestionThread[], count: TokenCounter, maxTokens: number): string {
  const render = (maxAnswerChars: number) =>
    threads
      .map((t, i) =>
        [
          `Question ${i + 1}: ${t.question.text}`,
          `Requirement tested: ${t.question.requirement || t.question.topic || '(not stated)'}`,
          ...t.followUps.map((f) => `Follow-up asked: ${f}`),
          'Candidate answers:',
          ...t.answers.map((a) => `<answer>\n${shorten(a, maxAnswerChars)}\n</answer>`),
        ].join('\n'),
      )
      .join('\n\n');
  let limit = Math.max(...threads.flatMap((t) => t.answers.map((a) => a.length)), 0);
  let text = render(limit);
  while (count(text) > maxTokens && limit > 200) {
    limit = Math.floor(limit * 0.75);
    text = render(limit);
  }
  return text;
}
