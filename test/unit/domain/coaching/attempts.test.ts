import { describe, expect, it } from 'vitest';
import {
  attemptChains,
  chainOf,
  compareAttempts,
  latestOverall,
  latestOverallNote,
  refKey,
  retrySource,
  scoreChange,
} from '../../../../src/domain/coaching/attempts';
import { DAY, retry, session } from './attempt-fixtures';

const original = session('s1', 0, [
  { id: 'q1', score: 4 },
  { id: 'q2', score: 8 },
]);

describe('attemptChains', () => {
  it('gives every question its own chain, the original first', () => {
    const chains = attemptChains([original]);
    expect([...chains.keys()]).toEqual([refKey({ sessionId: 's1', questionId: 'q1' }), refKey({ sessionId: 's1', questionId: 'q2' })]);
    expect(
      chains.get(refKey({ sessionId: 's1', questionId: 'q1' }))?.attempts.map((a) => [a.sessionId, a.kind, a.feedback?.score]),
    ).toEqual([['s1', 'interview', 4]]);
  });

  it('puts retries and drill questions in their original question chain, oldest first, whatever the list order', () => {
    const drill = session('d1', 3 * DAY, [{ id: 'q1', source: { sessionId: 's1', questionId: 'q1' }, score: 7 }], {
      origin: { kind: 'drill' },
    });
    const again = retry('r1', DAY, { sessionId: 's1', questionId: 'q1' }, 5);
    const chain = chainOf(attemptChains([drill, again, original]), { sessionId: 'd1', questionId: 'q1' });
    expect(chain?.root).toEqual({ sessionId: 's1', questionId: 'q1' });
    expect(chain?.attempts.map((a) => [a.sessionId, a.kind, a.feedback?.score])).toEqual([
      ['s1', 'interview', 4],
      ['r1', 'retry', 5],
      ['d1', 'drill', 7],
    ]);
  });

  it('follows a source that points at another attempt to the root', () => {
    const first = retry('r1', DAY, { sessionId: 's1', questionId: 'q2' }, 5);
    const second = session('r2', 2 * DAY, [{ id: 'q1', source: { sessionId: 'r1', questionId: 'q1' }, score: 6 }]);
    const chain = chainOf(attemptChains([original, first, second]), { sessionId: 'r2', questionId: 'q1' });
    expect(chain?.root).toEqual({ sessionId: 's1', questionId: 'q2' });
    expect(chain?.attempts).toHaveLength(3);
  });

  it('keeps a chain whose original was deleted, with the question copied into the attempt', () => {
    const chains = attemptChains([retry('r1', DAY, { sessionId: 'gone', questionId: 'q1' }, 5)]);
    const chain = chains.get(refKey({ sessionId: 'gone', questionId: 'q1' }));
    expect(chain?.question.text).toBe('Question q1?');
    expect(chain?.attempts.map((a) => a.sessionId)).toEqual(['r1']);
  });

  it('survives a source cycle and a malformed source (an imported backup)', () => {
    const a = session('a', 0, [{ id: 'q1', source: { sessionId: 'b', questionId: 'q1' }, score: 3 }]);
    const b = session('b', 1, [{ id: 'q1', source: { sessionId: 'a', questionId: 'q1' }, score: 4 }]);
    const bad = session('c', 2, [{ id: 'q1', source: { sessionId: 7 } as never, score: 4 }]);
    const chains = attemptChains([a, b, bad]);
    expect([...chains.values()].flatMap((c) => c.attempts)).toHaveLength(3);
    expect(chains.get(refKey({ sessionId: 'c', questionId: 'q1' }))?.attempts).toHaveLength(1);
  });

  it('leaves out twin sessions and sessions without a guideline', () => {
    const twin = { ...original, id: 't', mode: 'twin' as const };
    const preparing = { ...original, id: 'p', guideline: undefined };
    expect(attemptChains([twin, preparing]).size).toBe(0);
  });
});

describe('retrySource', () => {
  it('is the question itself for an original and its root for an attempt', () => {
    expect(retrySource(original, 'q2')).toEqual({ sessionId: 's1', questionId: 'q2' });
    expect(retrySource(retry('r1', DAY, { sessionId: 's1', questionId: 'q2' }, 5), 'q1')).toEqual({ sessionId: 's1', questionId: 'q2' });
  });
});

describe('latestOverall', () => {
  it('moves the overall score by the mean change of the latest attempts and names how many questions', () => {
    const s = session(
      's1',
      0,
      [
        { id: 'q1', score: 4 },
        { id: 'q2', score: 8 },
      ],
      { overall: 60 },
    );
    const chains = attemptChains([
      s,
      retry('r1', DAY, { sessionId: 's1', questionId: 'q1' }, 5),
      retry('r2', 2 * DAY, { sessionId: 's1', questionId: 'q1' }, 8),
    ]);
    const latest = latestOverall(s, chains);
    // Question 1 went from 4 to 8 (the latest, not the first retry): +40 over two questions = +20.
    expect(latest?.overallScore).toBe(80);
    expect(latest?.ownScore).toBe(60);
    expect(latest?.questions.map((q) => [q.questionId, q.own, q.latest.sessionId])).toEqual([['q1', 4, 'r2']]);
    expect(latestOverallNote(latest!)).toBe('Overall uses your latest attempt at 1 question (this interview alone: 60).');
  });

  it('counts only scored attempts after this one, and stays within 0–100', () => {
    const s = session('s1', 0, [{ id: 'q1', score: 9 }], { overall: 95 });
    const unfinished = retry('r1', DAY, { sessionId: 's1', questionId: 'q1' });
    expect(latestOverall(s, attemptChains([s, unfinished]))).toBeUndefined();
    const worse = retry('r2', 2 * DAY, { sessionId: 's1', questionId: 'q1' }, 0);
    expect(latestOverall(s, attemptChains([s, unfinished, worse]))?.overallScore).toBe(5);
    const better = session('s2', 0, [{ id: 'q1', score: 1 }], { overall: 95 });
    expect(latestOverall(better, attemptChains([better, retry('r3', DAY, { sessionId: 's2', questionId: 'q1' }, 10)]))?.overallScore).toBe(
      100,
    );
  });

  it('is undefined for the latest attempt itself and for a session without feedback', () => {
    const r = retry('r1', DAY, { sessionId: 's1', questionId: 'q1' }, 5);
    const chains = attemptChains([original, r]);
    expect(latestOverall(r, chains)).toBeUndefined();
    expect(latestOverall({ ...original, feedback: undefined }, chains)).toBeUndefined();
  });

  it('uses two questions in the note when two were answered again', () => {
    const s = session('s1', 0, [
      { id: 'q1', score: 4 },
      { id: 'q2', score: 4 },
    ]);
    const chains = attemptChains([
      s,
      retry('r1', DAY, { sessionId: 's1', questionId: 'q1' }, 6),
      retry('r2', DAY + 1, { sessionId: 's1', questionId: 'q2' }, 6),
    ]);
    const latest = latestOverall(s, chains)!;
    expect(latest.overallScore).toBe(70);
    expect(latestOverallNote(latest)).toMatch(/^Overall uses your latest attempt at 2 questions/);
  });
});

describe('compareAttempts', () => {
  it('gives the change, the later strengths, and only the later quotes said verbatim', () => {
    const earlier = session('s1', 0, [{ id: 'q1', score: 4 }]).feedback!.questions[0]!;
    const later = {
      ...earlier,
      score: 7,
      strengths: ['Names the metric'],
      evidence: ['we’ll cut p99 latency', 'an invented quote'],
    };
    const result = compareAttempts(earlier, later, ["So we'll cut p99 latency by 40% in a quarter."]);
    expect(result).toEqual({ from: 4, to: 7, change: '4 → 7 (+3)', improved: ['Names the metric'], quotes: ["we'll cut p99 latency"] });
  });

  it('words a drop and no change', () => {
    expect(scoreChange(6, 4)).toBe('6 → 4 (−2)');
    expect(scoreChange(6, 6)).toBe('6 → 6 (no change)');
  });
});
