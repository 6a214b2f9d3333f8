import { describe, expect, it } from 'vitest';
import { groundRequirement, parseGuideline } from '../../../src/domain/guideline';

const jd = `Senior Backend Engineer.
- 5+ years building services in TypeScript or Go.
- Experience operating PostgreSQL at scale.
- You mentor junior engineers and lead design reviews.`;

const opts = (count: number) => ({ count, source: jd, groundedIn: ['c1', 'c2'] });

describe('parseGuideline', () => {
  it('accepts the expected shape, assigns ids and keeps grounding', () => {
    const result = parseGuideline(
      {
        questions: [
          {
            text: 'How did you tune a slow PostgreSQL query?',
            topic: 'Databases',
            requirement: 'Experience operating PostgreSQL at scale.',
          },
          { text: 'Tell me about a design review you led.', topic: 'Leadership', requirement: 'lead design reviews' },
        ],
      },
      opts(2),
    );
    expect(result).toEqual({
      ok: true,
      dropped: 0,
      guideline: {
        groundedIn: ['c1', 'c2'],
        questions: [
          {
            id: 'q1',
            text: 'How did you tune a slow PostgreSQL query?',
            topic: 'Databases',
            requirement: 'Experience operating PostgreSQL at scale.',
          },
          { id: 'q2', text: 'Tell me about a design review you led.', topic: 'Leadership', requirement: 'lead design reviews' },
        ],
      },
    });
  });

  it('removes exact and near-duplicate questions and trims to N', () => {
    const result = parseGuideline(
      [
        'Tell me about a time you mentored a junior engineer.',
        'Tell me about a time you MENTORED a junior engineer!',
        'Can you describe a time when you mentored junior engineers?',
        'How do you approach a design review?',
        'What is your experience with Go?',
        'How do you monitor PostgreSQL?',
      ],
      opts(3),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.guideline.questions.map((q) => q.text)).toEqual([
      'Tell me about a time you mentored a junior engineer.',
      'How do you approach a design review?',
      'What is your experience with Go?',
    ]);
    expect(result.dropped).toBe(3);
  });

  it('skips malformed items but fails when too few usable questions remain', () => {
    expect(parseGuideline({ questions: [{ text: '' }, { topic: 'x' }, { text: 'Why Go?' }] }, opts(6))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/Only 1 distinct/),
    });
    expect(
      parseGuideline({ questions: [{ text: '' }, { text: 'Why Go?' }, { text: 'Why PostgreSQL?' }, { text: 'Why mentoring?' }] }, opts(6))
        .ok,
    ).toBe(true);
  });

  it('rejects a reply that is not a question list', () => {
    expect(parseGuideline({ answer: 'here are some questions' }, opts(3))).toMatchObject({ ok: false });
    expect(parseGuideline({ questions: [] }, opts(3))).toMatchObject({ ok: false });
    expect(parseGuideline('questions', opts(3))).toMatchObject({ ok: false });
  });

  it('replaces a paraphrased requirement with the JD sentence it paraphrased', () => {
    expect(groundRequirement('operating PostgreSQL databases at scale', jd)).toBe('Experience operating PostgreSQL at scale.');
    expect(groundRequirement('Kubernetes', jd)).toBe('Kubernetes');
  });
});
