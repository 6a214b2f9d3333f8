import { describe, expect, it } from 'vitest';
import { computeCoverage, gapRequirements } from '../../../../src/domain/coaching/coverage';
import { mergeRequirements, readDuplicateGroups } from '../../../../src/domain/coaching/merge';
import type { GuidelineQuestion, JobRequirement, QuestionFeedback, SessionRecord } from '../../../../src/domain/records';

const requirements: JobRequirement[] = [
  { id: 'r1', text: '5+ years of experience with Python' },
  { id: 'r2', text: 'Experience designing REST APIs' },
  { id: 'r3', text: 'Familiar with PostgreSQL and Redis' },
  { id: 'r4', text: 'Strong written communication' },
];

interface Asked {
  id: string;
  requirement: string;
  score: number;
  evidence?: string[];
  source?: { sessionId: string; questionId: string };
}

function session(id: string, at: number, asked: Asked[], extra: Partial<SessionRecord> = {}): SessionRecord {
  const questions: GuidelineQuestion[] = asked.map((a) => ({
    id: a.id,
    text: `Question about ${a.requirement}`,
    topic: 't',
    requirement: a.requirement,
    ...(a.source ? { source: a.source } : {}),
  }));
  const feedback: QuestionFeedback[] = asked.map((a) => ({
    questionId: a.id,
    question: `Question about ${a.requirement}`,
    requirement: a.requirement,
    score: a.score,
    evidence: a.evidence ?? [],
    strengths: [],
    improvements: [],
    sampleAnswer: '',
  }));
  return {
    id,
    mode: 'practice',
    title: id,
    status: 'finished',
    createdAt: at,
    updatedAt: at,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    engines: [],
    jobKey: 'job-a',
    guideline: { questions, groundedIn: [] },
    feedback: {
      overallScore: 70,
      summary: '',
      categories: { relevance: 7, depth: 7, structure: 7, clarity: 7, confidence: 7 },
      questions: feedback,
      strengths: [],
      improvements: [],
      engineId: 'e',
      createdAt: at,
    },
    ...extra,
  };
}

const statuses = (map: ReturnType<typeof computeCoverage>) => Object.fromEntries(map.items.map((c) => [c.requirement.id, c.status]));

describe('computeCoverage', () => {
  it('marks covered with the answer’s quote, partly when scored low or without evidence, and not asked', () => {
    const s1 = session('s1', 1, [
      { id: 'q1', requirement: '5+ years of experience with Python', score: 8, evidence: ['I wrote Python for six years'] },
      { id: 'q2', requirement: 'designing REST APIs', score: 4, evidence: ['I used an API once'] },
      { id: 'q3', requirement: 'Familiar with PostgreSQL and Redis', score: 9, evidence: [] },
    ]);
    const map = computeCoverage(requirements, [s1], 'job-a');
    expect(statuses(map)).toEqual({ r1: 'covered', r2: 'partly', r3: 'partly', r4: 'not-asked' });
    expect(map.items[0]).toMatchObject({ quote: 'I wrote Python for six years', sessionId: 's1', questionId: 'q1', score: 8 });
    expect(map.items[1]!.quote).toBeUndefined();
    expect(map).toMatchObject({ covered: 1, partly: 2, notAsked: 1, interviews: 1 });
    expect(gapRequirements(map)).toEqual([
      'Experience designing REST APIs',
      'Familiar with PostgreSQL and Redis',
      'Strong written communication',
    ]);
  });

  it('accumulates over every interview of the job and ignores other jobs and unfinished ones', () => {
    const s1 = session('s1', 1, [{ id: 'q1', requirement: 'Experience designing REST APIs', score: 3, evidence: ['x'] }]);
    const s2 = session('s2', 2, [{ id: 'q1', requirement: 'Strong written communication', score: 7, evidence: ['I write design docs'] }]);
    const other = session('o', 3, [{ id: 'q1', requirement: '5+ years of experience with Python', score: 9, evidence: ['py'] }], {
      jobKey: 'job-b',
    });
    const unfinished = session('u', 4, [{ id: 'q1', requirement: 'Familiar with PostgreSQL and Redis', score: 9, evidence: ['pg'] }], {
      status: 'active',
    });
    const map = computeCoverage(requirements, [s1, s2, other, unfinished], 'job-a');
    expect(statuses(map)).toEqual({ r1: 'not-asked', r2: 'partly', r3: 'not-asked', r4: 'covered' });
    expect(map.interviews).toBe(2);
  });

  it('a requirement covered in one interview stays covered when another question on it scores low', () => {
    const s1 = session('s1', 1, [{ id: 'q1', requirement: 'Strong written communication', score: 8, evidence: ['I write docs'] }]);
    const s2 = session('s2', 2, [{ id: 'q1', requirement: 'Strong written communication', score: 2, evidence: [] }]);
    const map = computeCoverage(requirements, [s2, s1], 'job-a');
    expect(map.items[3]).toMatchObject({ status: 'covered', sessionId: 's1', attempts: 2 });
  });

  it('the latest attempt of a question wins when a retry points at it', () => {
    const s1 = session('s1', 1, [{ id: 'q1', requirement: 'Experience designing REST APIs', score: 3, evidence: ['meh'] }]);
    const retry = session(
      'r',
      20,
      [
        {
          id: 'q1',
          requirement: 'Experience designing REST APIs',
          score: 8,
          evidence: ['I designed the orders API'],
          source: { sessionId: 's1', questionId: 'q1' },
        },
      ],
      { jobKey: undefined, origin: { kind: 'retry', sessionId: 's1', questionId: 'q1' } },
    );
    const better = computeCoverage(requirements, [s1, retry], 'job-a');
    expect(better.items[1]).toMatchObject({ status: 'covered', quote: 'I designed the orders API', sessionId: 'r', attempts: 1 });

    // A later retry that went badly replaces the good one: the latest attempt counts.
    const worse = session(
      'r2',
      30,
      [{ id: 'q1', requirement: 'Experience designing REST APIs', score: 2, source: { sessionId: 's1', questionId: 'q1' } }],
      { jobKey: undefined, origin: { kind: 'drill' } },
    );
    expect(computeCoverage(requirements, [s1, retry, worse], 'job-a').items[1]).toMatchObject({ status: 'partly', sessionId: 'r2' });
  });

  it('matches a requirement quoted in part, or paraphrased with most of its words, but not a stranger', () => {
    const s1 = session('s1', 1, [
      { id: 'q1', requirement: 'PostgreSQL and Redis', score: 8, evidence: ['I tuned Postgres'] },
      { id: 'q2', requirement: 'Written communication, strong', score: 8, evidence: ['docs'] },
      { id: 'q3', requirement: 'Cooking for the team', score: 8, evidence: ['soup'] },
    ]);
    expect(statuses(computeCoverage(requirements, [s1], 'job-a'))).toEqual({
      r1: 'not-asked',
      r2: 'not-asked',
      r3: 'covered',
      r4: 'covered',
    });
  });

  it('counts merged near-duplicates as their requirement', () => {
    const merged = mergeRequirements([...requirements, { id: 'r5', text: 'Clear writing in English' }], [['r5', 'r4']]);
    const s1 = session('s1', 1, [{ id: 'q1', requirement: 'Clear writing in English', score: 7, evidence: ['I blog'] }]);
    const map = computeCoverage(merged, [s1], 'job-a');
    expect(map.items.map((c) => c.requirement.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(map.items[3]).toMatchObject({ status: 'covered', requirement: { merged: ['Clear writing in English'] } });
  });
});

describe('near-duplicate merging', () => {
  it('keeps only known ids, each in one group, and never text from the reply', () => {
    const reply = { duplicates: [['r1', 'r9', 'r1'], ['r2', 'r3'], ['r3', 'r4'], ['x']] };
    const groups = readDuplicateGroups(reply, requirements);
    expect(groups).toEqual({ ok: true, groups: [['r2', 'r3']] });
    const merged = mergeRequirements(requirements, groups.ok ? groups.groups : []);
    expect(merged.map((r) => [r.id, r.text, r.merged])).toEqual([
      ['r1', '5+ years of experience with Python', undefined],
      ['r2', 'Experience designing REST APIs', ['Familiar with PostgreSQL and Redis']],
      ['r4', 'Strong written communication', undefined],
    ]);
    expect(readDuplicateGroups({ groups: [] }, requirements).ok).toBe(false);
  });
});
