import { describe, expect, it } from 'vitest';
import { answeredThreads, feedbackTranscript, questionThreads } from '../../../../src/domain/interview/transcript';
import type { Guideline, MessageRecord } from '../../../../src/domain/records';

const guideline: Guideline = {
  groundedIn: [],
  questions: [
    { id: 'q1', text: 'Why Go?', topic: 'Go', requirement: 'Go experience' },
    { id: 'q2', text: 'How do you test?', topic: 'Testing', requirement: '' },
    { id: 'q3', text: 'Never reached?', topic: 'x', requirement: 'y' },
  ],
};

let n = 0;
const msg = (role: 'assistant' | 'user', text: string, extra: Partial<MessageRecord> = {}): MessageRecord => ({
  id: `m${n}`,
  sessionId: 's',
  index: n++,
  role,
  text,
  createdAt: 0,
  ...extra,
});

const messages = [
  msg('assistant', 'Hi! Why Go?', { kind: 'greeting', questionIndex: 0 }),
  msg('user', 'Because of goroutines.'),
  msg('assistant', 'Which project?', { kind: 'follow-up', questionIndex: 0 }),
  msg('user', 'The billing service.'),
  msg('assistant', 'How do you test?', { kind: 'question', questionIndex: 1 }),
  msg('user', 'Table-driven tests.'),
  msg('assistant', 'Thanks, we are done.', { kind: 'closing', questionIndex: 2 }),
];

describe('interview transcript', () => {
  it('groups answers and follow-ups under their guideline question', () => {
    const threads = questionThreads(guideline, messages);
    expect(threads.map((t) => t.answers)).toEqual([['Because of goroutines.', 'The billing service.'], ['Table-driven tests.'], []]);
    expect(threads[0]?.followUps).toEqual(['Which project?']);
    expect(answeredThreads(threads).map((t) => t.question.id)).toEqual(['q1', 'q2']);
  });

  it('numbers the answered questions and shortens long answers only when over budget', () => {
    const threads = answeredThreads(questionThreads(guideline, messages));
    const text = feedbackTranscript(threads, (t) => t.length, 100_000);
    expect(text).toContain('Question 1: Why Go?\nRequirement tested: Go experience\nFollow-up asked: Which project?');
    expect(text).toContain('Question 2: How do you test?\nRequirement tested: Testing');
    const long = [{ ...threads[0]!, answers: ['x'.repeat(5000)] }];
    const short = feedbackTranscript(long, (t) => t.length, 1000);
    expect(short.length).toBeLessThan(1500);
    expect(short).toContain('…');
  });
});
