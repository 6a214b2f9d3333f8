import { describe, expect, it } from 'vitest';
import { attemptChains, refKey, summaryChains } from '../../../../src/domain/coaching/attempts';
import { sessionSummaryOf } from '../../../../src/domain/session-summary';
import {
  DEFAULT_DRILL_THRESHOLD,
  drillQueue,
  drillThreshold,
  dueNow,
  nextDrill,
  parseDrillThreshold,
  scheduleOf,
} from '../../../../src/domain/coaching/drill-schedule';
import type { SessionRecord } from '../../../../src/domain/records';
import { DAY, retry, session } from './attempt-fixtures';

const MINUTE = 60_000;
const ROOT = { sessionId: 's1', questionId: 'q1' };

/** The original at day 0 with score `first`, then one retry per entry of `later` (day, score). */
function history(first: number, later: Array<[day: number, score: number]>): SessionRecord[] {
  return [session('s1', 0, [{ id: 'q1', score: first }]), ...later.map(([day, score], i) => retry(`r${i}`, day * DAY, ROOT, score))];
}

function item(sessions: SessionRecord[], threshold = 60) {
  return scheduleOf(attemptChains(sessions).get(refKey(ROOT))!, threshold);
}

/** Days from the original's start to the due date (scores are stamped a minute after the session starts). */
const dueDay = (dueAt: number | undefined) => (dueAt === undefined ? undefined : (dueAt - MINUTE) / DAY);

describe('scheduleOf', () => {
  it('keeps a good question out of the queue', () => {
    expect(item(history(6, []))).toBeUndefined();
    expect(item(history(8, [[2, 9]]))).toBeUndefined();
  });

  it('puts a low score in, due one day later', () => {
    expect(item(history(5, []))).toMatchObject({ step: 0, lastScore: 50, goodInARow: 0 });
    expect(dueDay(item(history(5, []))?.dueAt)).toBe(1);
  });

  it('is due again after 1, 3, 7, 14 and then every 14 days while the score stays low', () => {
    const days: Array<[number, number]> = [];
    const due: Array<number | undefined> = [dueDay(item(history(3, []))?.dueAt)];
    for (const day of [1, 4, 11, 25, 39]) {
      days.push([day, 4]);
      due.push(dueDay(item(history(3, days))?.dueAt));
    }
    expect(due).toEqual([1, 4, 11, 25, 39, 53]);
  });

  it('leaves the queue after two good scores in a row, and a low one in between resets the count', () => {
    expect(item(history(3, [[1, 7]]))).toMatchObject({ goodInARow: 1, step: 1, lastScore: 70 });
    expect(dueDay(item(history(3, [[1, 7]]))?.dueAt)).toBe(4);
    expect(
      item(
        history(3, [
          [1, 7],
          [4, 8],
        ]),
      ),
    ).toBeUndefined();
    expect(
      item(
        history(3, [
          [1, 7],
          [4, 5],
          [11, 7],
        ]),
      ),
    ).toMatchObject({ goodInARow: 1, step: 3 });
  });

  it('comes back, starting at one day, when a question that left scores low again', () => {
    const back = item(
      history(3, [
        [1, 7],
        [4, 8],
        [30, 2],
      ]),
    );
    expect(back).toMatchObject({ step: 0, goodInARow: 0, lastScore: 20 });
    expect(dueDay(back?.dueAt)).toBe(31);
  });

  it('enters on a later low attempt of a question that was good at first', () => {
    expect(dueDay(item(history(8, [[5, 4]]))?.dueAt)).toBe(6);
  });

  it('ignores attempts that were not scored (unfinished, or the question left unanswered)', () => {
    const sessions = [...history(3, []), retry('open', 2 * DAY, ROOT)];
    expect(dueDay(item(sessions)?.dueAt)).toBe(1);
  });

  it('compares against the threshold on the 0–100 scale, inclusive for good', () => {
    expect(item(history(6, []), 60)).toBeUndefined();
    expect(item(history(6, []), 70)).toMatchObject({ lastScore: 60 });
  });
});

describe('the queue', () => {
  const sessions = [
    session('s1', 0, [
      { id: 'q1', score: 3 },
      { id: 'q2', score: 9 },
      { id: 'q3', score: 5 },
    ]),
    session('s2', 2 * DAY, [{ id: 'q1', score: 2 }], { setup: { language: 'de' } }),
    retry('r1', DAY, { sessionId: 's1', questionId: 'q3' }, 4),
  ];

  it('holds the low questions, soonest due first; only those due at the given time are due', () => {
    const queue = drillQueue(attemptChains(sessions).values(), 60);
    expect(queue.map((i) => [i.root.sessionId, i.root.questionId])).toEqual([
      ['s1', 'q1'],
      ['s2', 'q1'],
      ['s1', 'q3'],
    ]);
    expect(dueNow(queue, DAY)).toHaveLength(0);
    expect(dueNow(queue, DAY + MINUTE).map((i) => i.root.questionId)).toEqual(['q1']);
    expect(dueNow(queue, 4 * DAY + MINUTE)).toHaveLength(3);
  });

  it('a drill takes the most overdue question and the due ones with the same setup', () => {
    const due = dueNow(drillQueue(attemptChains(sessions).values(), 60), 10 * DAY);
    expect(nextDrill(due).map((i) => `${i.root.sessionId}/${i.root.questionId}`)).toEqual(['s1/q1', 's1/q3']);
    expect(nextDrill([])).toEqual([]);
  });

  it('Home reads the same queue from session summaries as from whole sessions', () => {
    // Chains of retries and drills, a deleted original, a second good score: every path of the schedule.
    const all = [
      ...sessions,
      retry('r2', 3 * DAY, { sessionId: 's1', questionId: 'q3' }, 8),
      retry('r3', 5 * DAY, { sessionId: 's1', questionId: 'q3' }, 9),
      retry('r4', 4 * DAY, { sessionId: 'gone', questionId: 'q7' }, 2),
      retry('r5', 6 * DAY, { sessionId: 's2', questionId: 'q1' }, 7),
    ];
    const whole = drillQueue(attemptChains(all).values(), 60);
    const light = drillQueue(summaryChains(all.map(sessionSummaryOf)).values(), 60);
    const shape = (i: (typeof whole)[number] | (typeof light)[number]) => ({
      root: i.root,
      dueAt: i.dueAt,
      lastScore: i.lastScore,
      step: i.step,
      goodInARow: i.goodInARow,
      setup: [i.setup.type, i.setup.style, i.setup.language, i.setup.seniority],
    });
    expect(whole.length).toBeGreaterThan(2);
    expect(light.map(shape)).toEqual(whole.map(shape));
    expect(nextDrill(dueNow(light, 10 * DAY)).map((i) => refKey(i.root))).toEqual(
      nextDrill(dueNow(whole, 10 * DAY)).map((i) => refKey(i.root)),
    );
    // Summaries written before schema v4 carry no questions: no chain, rather than a wrong one.
    const v3 = all.map((s) => ({ ...sessionSummaryOf(s), questions: undefined }));
    expect(summaryChains(v3).size).toBe(0);
  });

  it('a drill asks at most five questions', () => {
    const many = session(
      'm',
      0,
      Array.from({ length: 7 }, (_, i) => ({ id: `q${i}`, score: 1 })),
    );
    expect(nextDrill(dueNow(drillQueue(attemptChains([many]).values(), 60), 2 * DAY))).toHaveLength(5);
  });
});

describe('the threshold setting', () => {
  it('defaults to 60 when absent or out of range', () => {
    expect(drillThreshold(undefined)).toBe(DEFAULT_DRILL_THRESHOLD);
    expect(drillThreshold(500)).toBe(60);
    expect(drillThreshold(75)).toBe(75);
  });

  it('accepts whole numbers from 10 to 100 and says what to enter otherwise', () => {
    expect(parseDrillThreshold(' 70 ')).toEqual({ ok: true, value: 70 });
    for (const bad of ['', '9', '101', '65.5', 'sixty'])
      expect(parseDrillThreshold(bad)).toEqual({ ok: false, message: 'Enter a whole number from 10 to 100.' });
  });
});
