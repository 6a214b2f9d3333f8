/** Making retry and drill sessions, the drill queue and a report's attempts, on the real IndexedDB repositories (fake-indexeddb). */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../../src/adapters/storage/idb-repositories';
import { PracticeAttempts } from '../../../../src/app/coaching/practice-attempts';
import type { Repositories } from '../../../../src/ports/repositories';
import type { StoredPracticeState } from '../../../../src/app/practice/loaded-interview.svelte';
import { DAY, retry, session } from '../../domain/coaching/attempt-fixtures';

let db: RehearseDatabase | undefined;
afterEach(async () => {
  db?.close();
  db = undefined;
  await deleteRehearseDB();
});

async function setup(now: number) {
  db = await openRehearseDB();
  const repos = createIdbRepositories(db);
  let ids = 0;
  return { repos, attempts: new PracticeAttempts({ repos, clock: { now: () => now }, ids: () => `new${++ids}` }) };
}

async function answer(repos: Repositories, sessionId: string, index: number, questionIndex: number, text: string) {
  await repos.messages.put({
    id: `${sessionId}-m${index}`,
    sessionId,
    index,
    role: index % 2 === 0 ? 'assistant' : 'user',
    text,
    createdAt: index,
    questionIndex,
    kind: index % 2 === 0 ? 'question' : 'answer',
  });
}

const original = () => {
  const s = session(
    's1',
    0,
    [
      { id: 'q1', text: 'How do you shard PostgreSQL?', score: 4, strengths: [] },
      { id: 'q2', score: 9 },
    ],
    { overall: 60 },
  );
  return { ...s, jobKey: 'job-1', setup: { ...s.setup!, seniority: 'senior' as const, focusRequirements: ['Operate PostgreSQL'] } };
};

describe('PracticeAttempts', () => {
  it('makes a retry: the question copied verbatim with its source, the same setup, no follow-ups, ready to open', async () => {
    const { repos, attempts } = await setup(5 * DAY);
    await repos.sessions.put(original());
    const made = await attempts.retry('s1', 'q1');
    const stored = await repos.sessions.get(made.id);
    expect(stored).toMatchObject({
      mode: 'practice',
      status: 'active',
      createdAt: 5 * DAY,
      origin: { kind: 'retry', sessionId: 's1', questionId: 'q1' },
      jobKey: 'job-1',
      title: 'Again: How do you shard PostgreSQL?',
    });
    expect(stored?.guideline?.questions).toEqual([
      {
        id: 'q1',
        text: 'How do you shard PostgreSQL?',
        topic: 'Topic',
        requirement: 'Requirement',
        source: { sessionId: 's1', questionId: 'q1' },
      },
    ]);
    expect(stored?.setup).toMatchObject({ type: 'professional', style: 'neutral', language: 'en', seniority: 'senior', questionCount: 1 });
    expect(stored?.setup?.focusRequirements).toBeUndefined();
    const state = stored?.interviewState as StoredPracticeState;
    expect(state.machine).toMatchObject({ phase: 'not-started', questionCount: 1, maxFollowUps: 0 });
  });

  it('continues an unfinished retry of the same question instead of making a second, and retries an attempt from its root', async () => {
    const { repos, attempts } = await setup(5 * DAY);
    await repos.sessions.put(original());
    const first = await attempts.retry('s1', 'q1');
    expect((await attempts.retry('s1', 'q1')).id).toBe(first.id);
    await repos.sessions.put({ ...(await repos.sessions.get(first.id))!, status: 'finished' });
    const second = await attempts.retry(first.id, 'q1');
    expect(second.id).not.toBe(first.id);
    expect(second.origin).toEqual({ kind: 'retry', sessionId: 's1', questionId: 'q1' });
    expect(second.guideline?.questions[0]?.source).toEqual({ sessionId: 's1', questionId: 'q1' });
  });

  it('refuses a question that does not exist', async () => {
    const { repos, attempts } = await setup(0);
    await repos.sessions.put(original());
    await expect(attempts.retry('s1', 'q9')).rejects.toMatchObject({ code: 'not-found' });
    await expect(attempts.retry('nope', 'q1')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('the drill: nothing due before a day has passed; then a session asking the due questions; an unfinished drill is continued', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    let now = DAY / 2;
    const attempts = new PracticeAttempts({ repos, clock: { now: () => now }, ids: () => 'drill1' });
    await repos.sessions.put(original());
    await repos.sessions.put(session('s2', 1000, [{ id: 'q1', score: 2 }], { setup: { language: 'de' } }));
    expect((await attempts.drill(undefined)).due).toEqual([]);
    expect((await attempts.drill(undefined)).queued).toHaveLength(2);
    expect(await attempts.startDrill(undefined)).toBeUndefined();

    now = 2 * DAY;
    expect((await attempts.drill(undefined)).due).toHaveLength(2);
    const drill = await attempts.startDrill(undefined);
    // One session has one language: the most overdue (English) question now, the German one stays due.
    expect(drill?.origin).toEqual({ kind: 'drill' });
    expect(drill?.title).toBe('Drill: 1 question');
    expect(drill?.guideline?.questions.map((q) => q.source)).toEqual([{ sessionId: 's1', questionId: 'q1' }]);
    expect((await attempts.drill(undefined)).unfinished?.id).toBe('drill1');
    expect((await attempts.startDrill(undefined))?.id).toBe('drill1');
    // The threshold comes from Settings: at 100, question 2 (scored 90) is weak too.
    expect((await attempts.drill(100)).queued).toHaveLength(3);
  });

  it('a report sees both attempts side by side, the change with verified quotes, and the overall from the latest attempt', async () => {
    const { repos, attempts } = await setup(5 * DAY);
    await repos.sessions.put(original());
    await answer(repos, 's1', 0, 0, 'How do you shard PostgreSQL?');
    await answer(repos, 's1', 1, 0, 'I would add an index.');
    const again = retry('r1', DAY, { sessionId: 's1', questionId: 'q1' }, 8);
    again.feedback!.questions[0] = {
      ...again.feedback!.questions[0]!,
      evidence: ['we split tenants across 8 shards', 'a quote never said'],
      strengths: ['Concrete numbers'],
    };
    await repos.sessions.put(again);
    await answer(repos, 'r1', 0, 0, 'How do you shard PostgreSQL?');
    await answer(repos, 'r1', 1, 0, 'At Acme we split tenants across 8 shards by customer id.');

    const report = await attempts.forReport('s1');
    expect(report.latest).toMatchObject({ overallScore: 80, ownScore: 60 });
    expect(Object.keys(report.byQuestion)).toEqual(['q1']);
    const q1 = report.byQuestion.q1!;
    expect(q1.attempts.map((a) => [a.sessionId, a.kind, a.current, a.answers])).toEqual([
      ['s1', 'interview', true, ['I would add an index.']],
      ['r1', 'retry', false, ['At Acme we split tenants across 8 shards by customer id.']],
    ]);
    expect(q1.comparison?.result).toEqual({
      from: 4,
      to: 8,
      change: '4 → 8 (+4)',
      improved: ['Concrete numbers'],
      quotes: ['we split tenants across 8 shards'],
    });
    // The attempt's own report shows the same pair, with itself as the current one, and its own overall.
    const fromAttempt = await attempts.forReport('r1');
    expect(fromAttempt.latest).toBeUndefined();
    expect(fromAttempt.byQuestion.q1?.attempts.map((a) => a.current)).toEqual([false, true]);
    expect(fromAttempt.byQuestion.q1?.comparison?.result.change).toBe('4 → 8 (+4)');
  });
});
