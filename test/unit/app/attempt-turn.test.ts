/** The turns of an attempt, written by code: each question verbatim, no follow-up, a close without words. */
import { describe, expect, it } from 'vitest';
import { createMemoryRepositories } from '../../../src/adapters/storage/memory-repositories';
import { PracticeAttempts } from '../../../src/app/coaching/practice-attempts';
import { LoadedInterview, type StoredPracticeState } from '../../../src/app/practice/loaded-interview.svelte';
import { runAttemptTurn } from '../../../src/app/practice/attempt-turn';
import { recordAnswer, requestOpening } from '../../../src/domain/interview/state';
import { session } from '../domain/coaching/attempt-fixtures';

async function drillInterview() {
  const repos = createMemoryRepositories();
  await repos.sessions.put(
    session('s1', 0, [
      { id: 'q1', text: '¿Cómo diseñas una API?', score: 2 },
      { id: 'q2', text: 'How do you test it?', score: 3 },
    ]),
  );
  let ids = 0;
  const attempts = new PracticeAttempts({ repos, clock: { now: () => 3 * 86_400_000 }, ids: () => `id${++ids}` });
  const drill = (await attempts.startDrill(undefined))!;
  const interview = new LoadedInterview(drill, [], drill.interviewState as StoredPracticeState, repos, () => 5);
  const turn = () => runAttemptTurn({ interview, newId: () => `id${++ids}`, now: () => 7 });
  return { repos, interview, turn };
}

describe('runAttemptTurn', () => {
  it('asks each question exactly as first asked, then closes without a message', async () => {
    const { repos, interview, turn } = await drillInterview();
    await interview.saveState(requestOpening(interview.state));
    const first = await turn();
    expect(first).toMatchObject({ role: 'assistant', text: '¿Cómo diseñas una API?', kind: 'question', questionIndex: 0, index: 0 });
    expect(interview.state).toMatchObject({ phase: 'awaiting-answer', questionIndex: 0 });

    const answer = {
      id: 'a1',
      sessionId: interview.id,
      index: 1,
      role: 'user' as const,
      text: 'Con contratos.',
      createdAt: 6,
      questionIndex: 0,
    };
    await interview.recordAnswer(answer, recordAnswer(interview.state), (s) => s);
    // No follow-up is ever planned: the next question comes.
    expect(interview.state.pending).toEqual({ kind: 'question', questionIndex: 1 });
    expect((await turn()).text).toBe('How do you test it?');

    await interview.recordAnswer({ ...answer, id: 'a2', index: 3, questionIndex: 1 }, recordAnswer(interview.state), (s) => s);
    expect(interview.state.pending).toEqual({ kind: 'closing' });
    const last = await turn();
    expect(last.id).toBe('a2');
    expect(interview.state.phase).toBe('closed');
    expect((await repos.messages.listBySession(interview.id)).map((m) => [m.role, m.text])).toEqual([
      ['assistant', '¿Cómo diseñas una API?'],
      ['user', 'Con contratos.'],
      ['assistant', 'How do you test it?'],
      ['user', 'Con contratos.'],
    ]);
  });

  it('rewrites a question left incomplete in its own place', async () => {
    const { interview, turn } = await drillInterview();
    await interview.saveState(requestOpening(interview.state));
    await interview.putMessage({
      id: 'half',
      sessionId: interview.id,
      index: 0,
      role: 'assistant',
      text: '¿Cómo',
      createdAt: 1,
      incomplete: true,
    });
    const asked = await turn();
    expect(asked).toMatchObject({ id: 'half', index: 0, text: '¿Cómo diseñas una API?' });
    expect(asked.incomplete).toBeUndefined();
    expect(interview.messages).toHaveLength(1);
  });
});
