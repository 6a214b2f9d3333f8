import { describe, expect, it } from 'vitest';
import { STAR_ADVICE, STAR_PARTS, starReplySchema, verifyStar } from '../../../../src/domain/coaching/star';
import type { StarCheck, StarPart } from '../../../../src/domain/records';

/** The parts still missing, in STAR order. */
const missingStarParts = (check: StarCheck): StarPart[] => STAR_PARTS.filter((part) => !check.parts[part].present);
import { parseFeedback } from '../../../../src/domain/feedback';
import { feedbackJsonSchema } from '../../../../src/domain/json-schemas';
import { FEEDBACK_SHAPE, FEEDBACK_SHAPE_WITH_STAR, renderFeedbackPrompt } from '../../../../src/app/prompts';

const answer =
  'Last spring at Contoso two teams argued about the release freeze. I had to get them to agree before the launch. ' +
  'I gathered the incident data and ran a short meeting with both leads.';
const followUp = 'In the end we agreed a weekly window, and failed deploys dropped by 40 percent.';

describe('STAR check', () => {
  it('keeps each part whose quote is in the answer, as the verbatim span (case, quotes and spacing normalised)', () => {
    const check = verifyStar(
      {
        situation: '“two teams argued about the release freeze.”',
        task: 'i had to get them to agree',
        action: 'I gathered the incident data',
        result: 'failed deploys dropped by 40 percent',
        suggestion: '',
      },
      [answer, followUp],
    );
    expect(check.parts).toEqual({
      situation: { present: true, quote: 'two teams argued about the release freeze' },
      task: { present: true, quote: 'I had to get them to agree' },
      action: { present: true, quote: 'I gathered the incident data' },
      // Found in the follow-up answer: every answer to the question counts.
      result: { present: true, quote: 'failed deploys dropped by 40 percent' },
    });
    expect(check.suggestion).toBe('');
    expect(missingStarParts(check)).toEqual([]);
  });

  it('counts a part whose quote was altered or invented as missing, never showing that quote', () => {
    const check = verifyStar(
      {
        situation: 'two teams argued about the release freeze',
        task: '',
        action: 'I gathered the incident metrics', // altered: "data" → "metrics"
        result: 'deploy failures fell by 40%', // paraphrase
        suggestion: 'Say what you personally had to achieve before the launch.',
      },
      [answer],
    );
    expect(check.parts.action).toEqual({ present: false });
    expect(check.parts.result).toEqual({ present: false });
    expect(check.parts.task).toEqual({ present: false });
    expect(JSON.stringify(check)).not.toContain('metrics');
    expect(JSON.stringify(check)).not.toContain('fell by');
    expect(missingStarParts(check)).toEqual(['task', 'action', 'result']);
    // The model left "task" empty itself, so its suggestion is about a part that is missing.
    expect(check.suggestion).toBe('Say what you personally had to achieve before the launch.');
  });

  it('gives a suggestion for the first missing part when the model claimed every part', () => {
    const check = verifyStar(
      {
        situation: 'two teams argued',
        task: 'I had to get them to agree',
        action: 'I ran the meeting',
        result: 'everyone was happy',
        suggestion: '',
      },
      [answer],
    );
    expect(missingStarParts(check)).toEqual(['action', 'result']);
    expect(check.suggestion).toBe(STAR_ADVICE.action);
  });

  it('reads what models write leniently: null parts are missing, an unusable object is no check at all', () => {
    expect(starReplySchema().parse({ situation: null, task: 'x', action: undefined, result: 'y', suggestion: null })).toEqual({
      situation: '',
      task: 'x',
      action: '',
      result: 'y',
      suggestion: '',
    });
    expect(starReplySchema().parse('Situation: yes')).toBeUndefined();
    expect(starReplySchema().parse(undefined)).toBeUndefined();
  });

  it('is stored on the question feedback through parseFeedback, quotes verified against that question’s answers only', () => {
    const reply = {
      overallScore: 70,
      summary: 'Good.',
      categories: { relevance: 7, depth: 7, structure: 6, clarity: 7, confidence: 7 },
      questions: [
        {
          question: 1,
          score: 7,
          evidence: [],
          strengths: [],
          improvements: [],
          sampleAnswer: '',
          star: {
            situation: 'two teams argued',
            task: '',
            action: 'I gathered the incident data',
            result: 'I paired every Tuesday',
            suggestion: 'Name your goal.',
          },
        },
        { question: 2, score: 6, evidence: [], strengths: [], improvements: [], sampleAnswer: '', star: 'not an object' },
      ],
      strengths: [],
      improvements: [],
    };
    const assessed = [
      { question: { id: 'q1', text: 'Conflict?', topic: 't', requirement: '' }, answers: [answer] },
      {
        question: { id: 'q2', text: 'Mentoring?', topic: 't', requirement: '' },
        answers: ['I paired every Tuesday with a junior engineer.'],
      },
    ];
    const result = parseFeedback(reply, assessed, { engineId: 'e', createdAt: 0 });
    if (!result.ok) throw new Error(result.problem);
    const [q1, q2] = result.feedback.questions;
    expect(q1?.star?.parts.situation).toEqual({ present: true, quote: 'two teams argued' });
    // Said in answer to question 2, not this one.
    expect(q1?.star?.parts.result).toEqual({ present: false });
    expect(q1?.star?.suggestion).toBe('Name your goal.');
    expect(q2?.star).toBeUndefined();
  });

  it('is asked for in behavioral interviews only: the prompt and the JSON schema of other types do not grow', () => {
    const prompt = (type: 'behavioral' | 'professional' | 'resume') =>
      renderFeedbackPrompt({ type, language: 'en', transcript: 'T', questionCount: 1 });
    expect(prompt('behavioral')).toContain('"star"');
    expect(prompt('professional')).not.toContain('"star"');
    expect(prompt('resume')).not.toContain('star');
    expect(prompt('professional')).toContain('not a hiring verdict.\n\nReply with JSON only');
    const items = (schema: Record<string, unknown>) =>
      ((schema.properties as Record<string, { items: { required: string[] } }>).questions as { items: { required: string[] } }).items;
    expect(items(feedbackJsonSchema({ star: true })).required).toContain('star');
    expect(items(feedbackJsonSchema()).required).not.toContain('star');
    // The repair request of a behavioral interview shows the shape with the check.
    expect(JSON.parse(FEEDBACK_SHAPE_WITH_STAR).questions[0].star).toMatchObject({ situation: 'exact quote', suggestion: '...' });
    expect(FEEDBACK_SHAPE).not.toContain('star');
  });
});
