import { describe, expect, it } from 'vitest';
import {
  ALL,
  DELIVERY_SPECS,
  SKILL_SPECS,
  deliveryOf,
  deliverySeries,
  jobGroupOf,
  jobOptions,
  scoredInterviews,
  skillSeries,
  summarize,
  type SeriesSpec,
  type TrendPoint,
} from '../../../../src/domain/coaching/trends';
import type { CategoryScores, InterviewType, SessionRecord } from '../../../../src/domain/records';
import { message, session } from '../backup/sample-data';
import { jobKeyOf } from '../../../../src/domain/coaching/job-key';
import { sessionSummaryOf } from '../../../../src/domain/session-summary';

const DAY = 86_400_000;

function scored(
  id: string,
  day: number,
  overall: number,
  opts: { type?: InterviewType; jd?: string; jobKey?: string; categories?: Partial<CategoryScores> } = {},
): SessionRecord {
  const base = session(id, { createdAt: day * DAY, title: `Interview ${id}` });
  return {
    ...base,
    ...(opts.jobKey ? { jobKey: opts.jobKey } : {}),
    setup: { ...base.setup!, type: opts.type ?? 'behavioral', jobDescription: opts.jd ?? 'Senior Rust engineer\nWe build things.' },
    feedback: {
      ...base.feedback!,
      overallScore: overall,
      categories: { relevance: 7, depth: 6, structure: 5, clarity: 7, confidence: 7, ...opts.categories },
    },
  };
}

const spec = (key: string) => [...SKILL_SPECS, ...DELIVERY_SPECS].find((s) => s.key === key)!;
const pts = (...values: number[]): TrendPoint[] => values.map((value, i) => ({ sessionId: `s${i}`, at: i * DAY, title: `I${i}`, value }));

describe('summarize', () => {
  it('says so when there is nothing yet, and when there is one interview', () => {
    expect(summarize(spec('structure'), [], 'interview')).toBe('Structure: no scored interviews yet.');
    expect(summarize(spec('pace'), [], 'spoken interview')).toBe('Pace: no spoken answers yet.');
    expect(summarize(spec('structure'), pts(7), 'interview')).toBe('Structure: 7 out of 10, one interview so far.');
    expect(summarize(spec('pace'), pts(141.6), 'spoken interview')).toBe('Pace: 142 words per minute, one spoken interview so far.');
  });

  it('tells a rise in points over the last five interviews, from the first of them to the latest', () => {
    // The oldest (90) is outside the window of five: the change is 60 → 72.
    expect(summarize(spec('overall'), pts(90, 60, 65, 70, 68, 72), 'interview')).toBe(
      'Overall score: up 12 points over your last 5 interviews (from 60 to 72 out of 100).',
    );
    expect(summarize(spec('structure'), pts(4, 5, 6), 'interview')).toBe(
      'Structure: up 2 points over your last 3 interviews (from 4 to 6 out of 10).',
    );
    expect(summarize(spec('clarity'), pts(8, 7), 'interview')).toBe(
      'Clarity: down 1 point over your last 2 interviews (from 8 to 7 out of 10).',
    );
  });

  it('calls a small change steady, at about the mean, pace rounded to 5', () => {
    expect(summarize(spec('pace'), pts(138, 144, 141), 'spoken interview')).toBe(
      'Pace: steady at about 140 words per minute over your last 3 spoken interviews.',
    );
    expect(summarize(spec('overall'), pts(70, 71), 'interview')).toBe(
      'Overall score: steady at about 71 out of 100 over your last 2 interviews.',
    );
  });

  it('tells delivery changes from A to B without calling them points', () => {
    expect(summarize(spec('fillers'), pts(4.24, 3, 1.5), 'spoken interview')).toBe(
      'Fillers: down from 4.2 to 1.5 per minute over your last 3 spoken interviews.',
    );
  });

  it('counts a change of exactly the steady threshold as a change', () => {
    const s: SeriesSpec = spec('pace');
    expect(s.steadyWithin).toBe(10);
    expect(summarize(s, pts(130, 140), 'spoken interview')).toMatch(/^Pace: up from 130 to 140/);
  });
});

describe('filters and series', () => {
  // The trends read summaries, as History does (the same derivation the repositories store).
  const records: SessionRecord[] = [
    scored('c', 3, 77, { type: 'professional', jobKey: 'k1', categories: { structure: 8 } }),
    scored('a', 1, 58, { jobKey: 'k1', categories: { structure: 4 } }),
    scored('b', 2, 81, { jd: 'Staff data engineer' }),
    session('open', { status: 'active', feedback: undefined, createdAt: 4 * DAY }),
    session('twin', { mode: 'twin', createdAt: 5 * DAY }),
    { ...scored('retry', 6, 95), origin: { kind: 'retry', sessionId: 'a', questionId: 'q1' } },
    { ...scored('drill', 7, 20), origin: { kind: 'drill' } },
  ];
  const sessions = records.map(sessionSummaryOf);

  it('draws from scored practice interviews only (not retries or drills), oldest first', () => {
    expect(scoredInterviews(sessions).map((s) => s.id)).toEqual(['a', 'b', 'c']);
    const [overall, , , structure] = skillSeries(scoredInterviews(sessions));
    expect(overall!.points.map((p) => p.value)).toEqual([58, 81, 77]);
    expect(structure!.spec.key).toBe('structure');
    expect(structure!.points.map((p) => p.value)).toEqual([4, 5, 8]);
    expect(structure!.summary).toBe('Structure: up 4 points over your last 3 interviews (from 4 to 8 out of 10).');
  });

  it('filters by interview type and by job (the same description, whether its key was stored or not)', () => {
    expect(scoredInterviews(sessions, { type: 'professional', job: ALL }).map((s) => s.id)).toEqual(['c']);
    expect(scoredInterviews(sessions, { type: ALL, job: 'key:k1' }).map((s) => s.id)).toEqual(['a', 'c']);
    expect(scoredInterviews(sessions, { type: 'behavioral', job: 'key:k1' }).map((s) => s.id)).toEqual(['a']);
    // Saved without a jobKey: grouped by the key of its description, as coverage groups it.
    expect(jobGroupOf(sessions[2]!)).toBe(`key:${jobKeyOf('Staff data engineer')}`);
    const again = sessionSummaryOf({ ...scored('b2', 8, 60, { jd: 'Staff data engineer' }), jobKey: jobKeyOf('Staff data engineer') });
    expect(scoredInterviews([...sessions, again], { type: ALL, job: jobGroupOf(sessions[2]!) }).map((s) => s.id)).toEqual(['b', 'b2']);
  });

  it('names each job by its latest description, most recent first, numbering equal names', () => {
    const twins = [...sessions, sessionSummaryOf(scored('d', 0, 50, { jd: 'Senior Rust engineer\nAnother company.', jobKey: 'k2' }))];
    expect(jobOptions(twins)).toEqual([
      { value: 'key:k1', label: 'Senior Rust engineer', count: 2 },
      { value: `key:${jobKeyOf('Staff data engineer')}`, label: 'Staff data engineer', count: 1 },
      { value: 'key:k2', label: 'Senior Rust engineer (2)', count: 1 },
    ]);
    expect(jobOptions([sessionSummaryOf(scored('e', 1, 50, { jd: '  \n' }))])).toEqual([
      { value: `key:${jobKeyOf('')}`, label: 'No job description', count: 1 },
    ]);
    expect(jobOptions([sessionSummaryOf({ ...scored('f', 1, 50), setup: undefined })])).toEqual([
      { value: 'title:', label: 'No job description', count: 1 },
    ]);
  });
});

describe('delivery', () => {
  const s = scored('s1', 1, 70);
  const answer = (index: number, durationSeconds: number, wordCount: number, fillerCount: number, pausesOver2s: number) =>
    message('s1', index, {
      kind: 'answer',
      metrics: {
        durationSeconds,
        wordCount,
        wordsPerMinute: 0,
        fillerCount,
        fillersPerMinute: 0,
        fillers: {},
        pausesOver2s,
        longestPauseSeconds: 3,
      },
    });

  it('weights each spoken answer by its length and ignores typed answers and questions', () => {
    const typed = message('s1', 5, { spoken: false, metrics: undefined, kind: 'answer' });
    const d = deliveryOf(s, [message('s1', 0), answer(1, 60, 100, 2, 1), answer(3, 120, 320, 4, 2), typed]);
    expect(d).toMatchObject({ answers: 2, wordsPerMinute: 140, fillersPerMinute: 2, longPausesPerAnswer: 1.5 });
  });

  it('has nothing to say about an interview without spoken answers', () => {
    expect(deliveryOf(s, [message('s1', 0), message('s1', 1, { spoken: false, metrics: undefined })])).toBeUndefined();
  });

  it('gives pace, fillers and long pauses over time, oldest first', () => {
    const later = { sessionId: 'b', at: 2 * DAY, title: 'B', answers: 3, wordsPerMinute: 150, fillersPerMinute: 1, longPausesPerAnswer: 0 };
    const earlier = { ...later, sessionId: 'a', at: DAY, wordsPerMinute: 120, fillersPerMinute: 3 };
    const [pace, fillers, pauses] = deliverySeries([later, earlier]);
    expect(pace!.points.map((p) => p.value)).toEqual([120, 150]);
    expect(pace!.summary).toBe('Pace: up from 120 to 150 words per minute over your last 2 spoken interviews.');
    expect(fillers!.summary).toBe('Fillers: down from 3 to 1 per minute over your last 2 spoken interviews.');
    expect(pauses!.summary).toBe('Long pauses: steady at about 0 per answer (over 2 seconds) over your last 2 spoken interviews.');
  });
});
