import { describe, expect, it } from 'vitest';
import { completedAssessments, parseFeedback, type AssessedQuestion } from '../../../src/domain/feedback';

const assessed: AssessedQuestion[] = [
  {
    question: { id: 'q1', text: 'Tell me about a conflict.', topic: 'Conflict', requirement: 'works well in teams' },
    answers: ['I disagreed with my lead about the release date.', 'We compromised on a phased rollout.'],
  },
  {
    question: { id: 'q2', text: 'Why this role?', topic: 'Motivation', requirement: 'passion for data' },
    answers: ['I love turning messy data into decisions.'],
  },
];

const reply = {
  overallScore: '72',
  summary: 'Solid, specific answers.',
  categories: { relevance: 8, depth: 6, structure: 7, clarity: 8, confidence: '7/10' },
  questions: [
    {
      question: 1,
      score: 7,
      evidence: ['we compromised on a phased rollout', 'I always listen to everyone'],
      strengths: ['Concrete'],
      improvements: 'State the result.',
      sampleAnswer: 'Situation…',
    },
    { question: '2', score: 8.4, evidence: [], strengths: [], improvements: [], sampleAnswer: '' },
  ],
  strengths: ['Specific'],
  improvements: ['Quantify results'],
};

describe('parseFeedback', () => {
  it('maps assessments onto guideline questions, coerces numbers, and drops invented evidence', () => {
    const result = parseFeedback(reply, assessed, { engineId: 'e1', createdAt: 5 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.droppedEvidence).toBe(1);
    expect(result.feedback).toEqual({
      overallScore: 72,
      summary: 'Solid, specific answers.',
      categories: { relevance: 8, depth: 6, structure: 7, clarity: 8, confidence: 7 },
      questions: [
        {
          questionId: 'q1',
          question: 'Tell me about a conflict.',
          requirement: 'works well in teams',
          score: 7,
          evidence: ['We compromised on a phased rollout'],
          strengths: ['Concrete'],
          improvements: ['State the result.'],
          sampleAnswer: 'Situation…',
        },
        {
          questionId: 'q2',
          question: 'Why this role?',
          requirement: 'passion for data',
          score: 8,
          evidence: [],
          strengths: [],
          improvements: [],
          sampleAnswer: '',
        },
      ],
      strengths: ['Specific'],
      improvements: ['Quantify results'],
      engineId: 'e1',
      createdAt: 5,
    });
  });

  it('rejects scores out of range with a message that names the field', () => {
    const result = parseFeedback({ ...reply, overallScore: 140 }, assessed, { engineId: 'e', createdAt: 0 });
    expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/overallScore/) });
    expect(parseFeedback({ ...reply, categories: { ...reply.categories, depth: 11 } }, assessed, { engineId: 'e', createdAt: 0 }).ok).toBe(
      false,
    );
  });

  it('fails rather than invents when a question has no assessment', () => {
    const result = parseFeedback({ ...reply, questions: [reply.questions[0]] }, assessed, { engineId: 'e', createdAt: 0 });
    expect(result).toMatchObject({ ok: false, problem: expect.stringMatching(/Question 2/) });
  });

  it('rejects a missing summary', () => {
    expect(parseFeedback({ ...reply, summary: '  ' }, assessed, { engineId: 'e', createdAt: 0 }).ok).toBe(false);
  });
});

describe('completedAssessments (the report shown while the feedback is written)', () => {
  const whole = JSON.stringify(reply);

  it('returns each question object once its closing brace has arrived, with evidence verified, and nothing before', () => {
    const second = whole.indexOf('{"question":"2"');
    expect(completedAssessments(whole.slice(0, whole.indexOf('"questions"') + 14), assessed)).toEqual([]);
    // Question 1 complete, question 2 not yet.
    const first = completedAssessments(whole.slice(0, second), assessed);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      questionId: 'q1',
      score: 7,
      evidence: ['We compromised on a phased rollout'],
      improvements: ['State the result.'],
    });
    // A brace inside a string does not end an object early.
    const tricky = JSON.stringify({
      ...reply,
      questions: [{ ...reply.questions[0], sampleAnswer: 'Situation } { "question": 2 }' }, reply.questions[1]],
    });
    expect(completedAssessments(tricky.slice(0, tricky.indexOf('{"question":"2"')), assessed)).toHaveLength(1);
    expect(completedAssessments(whole, assessed).map((q) => q.questionId)).toEqual(['q1', 'q2']);
  });

  it('skips an object that is not a valid assessment or names no question in the list', () => {
    const bad = JSON.stringify({
      questions: [
        { question: 9, score: 5 },
        { question: 1, score: 'high' },
        { ...reply.questions[1], question: 2 },
      ],
    });
    expect(completedAssessments(bad, assessed).map((q) => q.questionId)).toEqual(['q2']);
  });
});
