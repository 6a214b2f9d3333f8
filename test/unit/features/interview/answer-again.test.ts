import { describe, expect, it } from 'vitest';
import { answerAgainQuestionId } from '../../../../src/features/interview/answer-again';
import type { Guideline } from '../../../../src/domain/records';

const guideline: Guideline = {
  questions: [
    { id: 'q1', text: 'One?', topic: '', requirement: '' },
    { id: 'q2', text: 'Two?', topic: '', requirement: '' },
  ],
  groundedIn: [],
};

describe('answerAgainQuestionId', () => {
  const asked = (questionIndex: number, kind: 'greeting' | 'question' | 'follow-up' = 'question') =>
    ({ role: 'assistant', kind, questionIndex }) as const;

  it('offers a question once the interview moved past it, on the message that asked it', () => {
    expect(answerAgainQuestionId(asked(0, 'greeting'), guideline, { questionIndex: 1, phase: 'awaiting-answer' })).toBe('q1');
    expect(answerAgainQuestionId(asked(1), guideline, { questionIndex: 1, phase: 'awaiting-answer' })).toBeUndefined();
    expect(answerAgainQuestionId(asked(1), guideline, { questionIndex: 1, phase: 'closed' })).toBe('q2');
    expect(answerAgainQuestionId(asked(1), guideline, { questionIndex: 1, phase: 'finished' })).toBe('q2');
  });

  it('never on a follow-up, an answer, an incomplete reply, or without a guideline', () => {
    const done = { questionIndex: 1, phase: 'closed' } as const;
    expect(answerAgainQuestionId(asked(0, 'follow-up'), guideline, done)).toBeUndefined();
    expect(answerAgainQuestionId({ role: 'user', kind: 'answer', questionIndex: 0 }, guideline, done)).toBeUndefined();
    expect(answerAgainQuestionId({ ...asked(0), incomplete: true }, guideline, done)).toBeUndefined();
    expect(answerAgainQuestionId(asked(0), undefined, done)).toBeUndefined();
  });
});
