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
});
