import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { SessionHistory } from '../../../src/app/session-history';
import { rescueKey } from '../../../src/app/practice/answer-draft';
import { memoryStorage } from '../../doubles/memory-storage';

let db: RehearseDatabase | undefined;
afterEach(async () => {
  db?.close();
  await deleteRehearseDB();
});

describe('SessionHistory', () => {
  it('opens a session with its messages, and deleting it removes them and its rescued unsent answer', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    const storage = memoryStorage();
    const history = new SessionHistory(repos, storage);
    const usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
    await repos.sessions.put({
      id: 's1',
      mode: 'practice',
      title: 'One',
      status: 'active',
      createdAt: 1,
      updatedAt: 1,
      usage,
      engines: [],
    });
    await repos.messages.put({ id: 'm1', sessionId: 's1', index: 0, role: 'assistant', text: 'Hello', createdAt: 2 });
    storage.setItem(rescueKey('s1'), JSON.stringify({ text: 'unsent' }));
    storage.setItem(rescueKey('s2'), JSON.stringify({ text: 'other' }));

    expect((await history.open('s1'))?.messages.map((m) => m.text)).toEqual(['Hello']);
    expect(await history.open('nope')).toBeUndefined();
    await history.remove('s1');
    expect(await history.list()).toEqual([]);
    expect(await repos.messages.listBySession('s1')).toEqual([]);
    expect(storage.getItem(rescueKey('s1'))).toBeNull();
    expect(storage.getItem(rescueKey('s2'))).not.toBeNull();
  });

  it('deleting the last interview of a job description removes the job’s requirement list, not before', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    const history = new SessionHistory(repos, memoryStorage());
    const interview = (id: string) => ({
      id,
      mode: 'practice' as const,
      title: id,
      status: 'finished' as const,
      createdAt: 1,
      updatedAt: 1,
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      engines: [],
      jobKey: 'job-1',
    });
    await repos.sessions.put(interview('a'));
    await repos.sessions.put(interview('b'));
    await repos.jobs.put({ id: 'job-1', title: 'JD', requirements: [{ id: 'r1', text: 'Python' }], createdAt: 1, updatedAt: 1 });
    await history.remove('a');
    expect(await repos.jobs.get('job-1')).toBeDefined();
    await history.remove('b');
    expect(await repos.jobs.get('job-1')).toBeUndefined();
  });
});
