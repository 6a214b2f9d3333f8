import { describe, expect, it } from 'vitest';
import { jobTitleOf, newestFirst, sessionSummaryOf } from '../../../src/domain/session-summary';
import { jobKeyOf } from '../../../src/domain/coaching/job-key';
import { session } from './backup/sample-data';

describe('sessionSummaryOf', () => {
  it('keeps what History lists and charts, and nothing of the report’s text', () => {
    const s = session('s1', { jobKey: 'job-k', revision: 4, origin: { kind: 'drill' } });
    s.setup = {
      ...s.setup!,
      type: 'professional',
      seniority: 'senior',
      questionCount: 5,
      language: 'de',
      jobDescription: 'Staff engineer\nmore',
    };
    const summary = sessionSummaryOf(s);
    expect(summary).toEqual({
      id: 's1',
      mode: 'practice',
      title: s.title,
      status: s.status,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      revision: 4,
      type: 'professional',
      jobKey: 'job-k',
      jobTitle: 'Staff engineer',
      originKind: 'drill',
      feedback: { overallScore: s.feedback!.overallScore, categories: s.feedback!.categories },
      questionCount: 5,
      seniority: 'senior',
      language: 'de',
      style: s.setup.style,
      scoredAt: s.feedback!.createdAt,
      // Each question's id and score (and the question it asks again, when it does): the drill's chains.
      questions: s.guideline!.questions.map((q) => ({
        id: q.id,
        ...(s.feedback!.questions.some((f) => f.questionId === q.id)
          ? { score: s.feedback!.questions.find((f) => f.questionId === q.id)!.score }
          : {}),
      })),
    });
    expect(summary.questions?.some((q) => q.score !== undefined)).toBe(true);
    // A copy: changing the session's scores later does not change a summary already taken.
    s.feedback!.categories.depth = 0;
    expect(summary.feedback!.categories.depth).not.toBe(0);
    // None of the text: not the description, the questions, the report's words or the sample answers.
    const text = JSON.stringify(summary);
    for (const words of ['Tell me about a conflict', 'works well in teams', 'STAR', 'I listened first', 'In my last role'])
      expect(text).not.toContain(words);
  });

  it("copies a question's source only when it is a question reference (imported data is not trusted blindly)", () => {
    const s = session('s2');
    s.guideline = {
      groundedIn: [],
      questions: [
        { id: 'a', text: 'A?', topic: 't', requirement: 'r', source: { sessionId: 'orig', questionId: 'q3' } },
        { id: 'b', text: 'B?', topic: 't', requirement: 'r', source: { sessionId: 7 } as never },
      ],
    };
    expect(sessionSummaryOf(s).questions?.map((q) => q.source)).toEqual([{ sessionId: 'orig', questionId: 'q3' }, undefined]);
  });

  it('gives a session saved without a job key the key of its description, as coverage does', () => {
    const s = session('old');
    delete s.jobKey;
    expect(sessionSummaryOf(s).jobKey).toBe(jobKeyOf(s.setup!.jobDescription));
  });

  it('sets no practice fields on a twin conversation, and no score without a report', () => {
    const twin = session('t', { mode: 'twin', feedback: undefined, profileId: 'p' });
    delete twin.setup;
    const summary = sessionSummaryOf(twin);
    expect(Object.keys(summary).sort()).toEqual(['createdAt', 'id', 'mode', 'revision', 'status', 'title', 'updatedAt']);
    expect(summary.revision).toBe(0);
  });

  it('names a job by the first non-empty line of its description, shortened past 60 characters', () => {
    expect(jobTitleOf('\n  Senior engineer  \nbody')).toBe('Senior engineer');
    expect(jobTitleOf('x'.repeat(80))).toBe(`${'x'.repeat(57)}…`);
    expect(jobTitleOf('  \n')).toBe('');
  });

  it('orders newest first, ties by id descending (as sessions.list does)', () => {
    const rows = [
      { id: 'a', updatedAt: 1 },
      { id: 'c', updatedAt: 2 },
      { id: 'b', updatedAt: 2 },
    ];
    expect(rows.sort(newestFirst).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});
