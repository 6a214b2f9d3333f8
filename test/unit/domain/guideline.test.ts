import { describe, expect, it } from 'vitest';
import { groundRequirement, parseGuideline, shortGuidelineNote } from '../../../src/domain/guideline';

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
            requirementQuoted: true,
          },
          {
            id: 'q2',
            text: 'Tell me about a design review you led.',
            topic: 'Leadership',
            requirement: 'lead design reviews',
            requirementQuoted: true,
          },
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

  it('marks a requirement quoted only when the source says it word for word (case, spaces and quote marks aside)', () => {
    const result = parseGuideline(
      {
        questions: [
          { text: 'How do you run PostgreSQL?', topic: 'DB', requirement: '“experience  OPERATING postgresql at scale”' },
          { text: 'How do you deploy to Kubernetes?', topic: 'Ops', requirement: 'Kubernetes in production' },
          { text: 'Why Go?', topic: 'Go', requirement: 'Go' },
          { text: 'How do you test?', topic: 'Testing' },
        ],
      },
      opts(4),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [quoted, paraphrased, word, none] = result.guideline.questions;
    expect(quoted?.requirementQuoted).toBe(true);
    // Nothing in the JD is close: the model's words stay, and are said to be its words.
    expect(paraphrased).toMatchObject({ requirement: 'Kubernetes in production', requirementQuoted: false });
    expect(word?.requirementQuoted).toBe(true);
    expect(none?.requirement).toBe('');
    expect(none && 'requirementQuoted' in none).toBe(false);
  });
});

describe('shortGuidelineNote', () => {
  const questions = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `q${i + 1}`, text: `Q${i}`, topic: '', requirement: '' }));

  it('says how many of the asked-for questions were written when the guideline came back short', () => {
    expect(shortGuidelineNote({ questions: questions(5), requested: 6 })).toBe('5 of the 6 questions you asked for');
  });

  it('says nothing for a whole guideline, or one from before the count was kept', () => {
    expect(shortGuidelineNote({ questions: questions(6), requested: 6 })).toBeUndefined();
    expect(shortGuidelineNote({ questions: questions(5) })).toBeUndefined();
  });
});
