import { describe, expect, it } from 'vitest';
import {
  canFinish,
  canRegenerate,
  createInterviewState,
  InterviewStateError,
  noteRegeneration,
  planAfterAnswer,
  questionNumber,
  recordAnswer,
  recordReply,
  repeatsEarlierQuestion,
  requestOpening,
  resolveReply,
  markFinished,
  type InterviewState,
} from '../../../../src/domain/interview/state';
import { readInterviewState } from '../../../../src/domain/interview/state-schema';

function reply(state: InterviewState, text: string, decision?: 'follow-up' | 'next'): InterviewState {
  if (state.pending === null) throw new Error('no pending turn');
  return recordReply(state, resolveReply(state.pending, state.questionCount, decision), text);
}

describe('interview state machine', () => {
  it('runs opening → questions → closing for a 2-question interview without follow-ups', () => {
    let s = createInterviewState(2, 0);
    expect(canFinish(s)).toBe(false);
    s = requestOpening(s);
    expect(s).toMatchObject({ phase: 'awaiting-reply', pending: { kind: 'opening' } });
    s = reply(s, 'Hello! First question: why this team?');
    expect(s).toMatchObject({ phase: 'awaiting-answer', questionIndex: 0 });
    expect(s.asked[0]).toEqual({ kind: 'greeting', questionIndex: 0, text: 'Hello! First question: why this team?' });
    s = recordAnswer(s);
    expect(s.pending).toEqual({ kind: 'question', questionIndex: 1 });
    expect(canFinish(s)).toBe(true);
    s = reply(s, 'How do you test?');
    expect(questionNumber(s)).toBe(2);
    s = recordAnswer(s);
    expect(s.pending).toEqual({ kind: 'closing' });
    s = reply(s, 'Thanks, that is all.');
    expect(s.phase).toBe('closed');
    expect(markFinished(s).phase).toBe('finished');
  });

  it('offers follow-ups at most twice per question, then forces the next question', () => {
    let s = reply(requestOpening(createInterviewState(3)), 'Hi. Q1?');
    s = recordAnswer(s);
    expect(s.pending).toEqual({ kind: 'follow-up-or-next', questionIndex: 0, followUpsLeft: 2, next: 1 });
    s = reply(s, 'Can you say more?', 'follow-up');
    expect(s).toMatchObject({ followUpsUsed: 1, questionIndex: 0 });
    s = recordAnswer(s);
    expect(s.pending).toMatchObject({ kind: 'follow-up-or-next', followUpsLeft: 1 });
    s = reply(s, 'And then what happened?', 'follow-up');
    s = recordAnswer(s);
    expect(s.pending).toEqual({ kind: 'question', questionIndex: 1 });
    // Even when the model asks for a follow-up, the code moves on.
    s = reply(s, 'Tell me more about that?', 'follow-up');
    expect(s).toMatchObject({ questionIndex: 1, followUpsUsed: 0 });
    expect(s.asked.at(-1)?.kind).toBe('question');
  });

  it('treats a missing decision as moving on, and the last question leads to the closing', () => {
    let s = reply(requestOpening(createInterviewState(1)), 'Hi. Q1?');
    s = recordAnswer(s);
    expect(s.pending).toEqual({ kind: 'follow-up-or-next', questionIndex: 0, followUpsLeft: 2, next: 'closing' });
    s = reply(s, 'Thank you for your time.');
    expect(s.phase).toBe('closed');
  });

  it('rejects transitions that are not allowed', () => {
    const s = createInterviewState(2);
    expect(() => recordAnswer(s)).toThrow(InterviewStateError);
    expect(() => recordReply(requestOpening(s), { kind: 'question', questionIndex: 1 }, 'x')).toThrow(/not allowed/);
    expect(() => requestOpening(requestOpening(s))).toThrow(/Cannot start/);
    expect(() => createInterviewState(0)).toThrow();
  });

  it('detects a reply that repeats an earlier question and allows one regeneration', () => {
    let s = reply(requestOpening(createInterviewState(3)), 'Welcome! Tell me about a time you resolved a conflict with a colleague?');
    s = recordAnswer(s);
    expect(repeatsEarlierQuestion(s, 'Thanks. Can you tell me about a time when you resolved a conflict with a colleague?')).toBe(true);
    expect(repeatsEarlierQuestion(s, 'Thanks. How do you prioritise competing deadlines?')).toBe(false);
    expect(canRegenerate(s)).toBe(true);
    s = noteRegeneration(s);
    expect(canRegenerate(s)).toBe(false);
  });

  it('plans from the current counters', () => {
    const s = { ...createInterviewState(2), phase: 'awaiting-answer' as const, questionIndex: 1, followUpsUsed: 2 };
    expect(planAfterAnswer(s)).toEqual({ kind: 'closing' });
  });

  it('round-trips through JSON and rejects corrupted stored state', () => {
    let s = reply(requestOpening(createInterviewState(3)), 'Hi. Q1?');
    s = recordAnswer(s);
    expect(readInterviewState(JSON.parse(JSON.stringify(s)))).toEqual(s);
    expect(readInterviewState({ ...s, phase: 'dancing' })).toBeUndefined();
    expect(readInterviewState(undefined)).toBeUndefined();
  });
});
