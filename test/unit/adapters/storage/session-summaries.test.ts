/**
 * Session summaries (what History lists and charts) never disagree with their sessions: the
 * IndexedDB repositories write or remove one in the same transaction as the session, backup
 * imports rebuild them, and the memory repositories derive the same ones.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../../src/adapters/storage/idb-repositories';
import { createMemoryRepositories } from '../../../../src/adapters/storage/memory-repositories';
import { createIdbBackupStore } from '../../../../src/adapters/storage/backup-io';
import { buildBackup } from '../../../../src/domain/backup/export';
import { planImport } from '../../../../src/domain/backup/plan';
import { sessionSummaryOf } from '../../../../src/domain/session-summary';
import type { Repositories } from '../../../../src/ports/repositories';
import { message, sampleStored, session } from '../../domain/backup/sample-data';

let counter = 0;
const opened: { db: RehearseDatabase; name: string }[] = [];
afterEach(async () => {
  for (const { db, name } of opened.splice(0)) {
    db.close();
    await deleteRehearseDB(name);
  }
});

async function freshDb(): Promise<RehearseDatabase> {
  const name = `summaries-${++counter}`;
  const db = await openRehearseDB({ name });
  opened.push({ db, name });
  return db;
}

/** Each summary equals the derivation of its stored session, and there is one per session. */
async function expectInStep(repos: Repositories): Promise<void> {
  const sessions = await repos.sessions.list();
  expect(await repos.sessions.summaries()).toEqual(sessions.map(sessionSummaryOf));
}

const implementations: [string, () => Promise<Repositories>][] = [
  ['IndexedDB', async () => createIdbRepositories(await freshDb())],
  ['memory', async () => createMemoryRepositories()],
];

describe.each(implementations)('%s session summaries', (_name, open) => {
  it('follow every put, turn and delete, newest first', async () => {
    const repos = await open();
    const a = session('a', { updatedAt: 10 });
    await repos.sessions.put(a);
    await repos.sessions.put(session('b', { updatedAt: 20, feedback: undefined, status: 'active' }));
    await repos.saveTurn({ message: message('a', 0), session: { ...a, updatedAt: 30, title: 'Renamed' } });
    await expectInStep(repos);
    expect((await repos.sessions.summaries()).map((s) => [s.id, s.title, s.revision])).toEqual([
      ['a', 'Renamed', 2],
      ['b', 'Interview b', 1],
    ]);
    await repos.sessions.delete('a');
    expect((await repos.sessions.summaries()).map((s) => s.id)).toEqual(['b']);
    await expectInStep(repos);
  });

  it('a refused or failed session write leaves the summary as it was', async () => {
    const repos = await open();
    const a = session('a', { title: 'Kept' });
    await repos.sessions.put(a);
    const before = await repos.sessions.summaries();
    // Stale (an older revision), a message at a taken place, and a value that cannot be stored.
    await expect(repos.sessions.put({ ...a, revision: 0, title: 'Stale' })).rejects.toMatchObject({ code: 'stale-session' });
    await repos.messages.put(message('a', 1));
    await expect(
      repos.saveTurn({ message: message('a', 1, { id: 'other' }), session: { ...a, title: 'Lost turn' } }),
    ).rejects.toMatchObject({ code: 'stale-session' });
    await expect(repos.sessions.put({ ...a, title: 'Unstorable', interviewState: { run: () => undefined } })).rejects.toBeDefined();
    await expect(repos.sessions.put(session('new', { interviewState: { run: () => undefined } }))).rejects.toBeDefined();
    // A new session whose turn fails after its session and summary were written in the
    // transaction (its message's place is taken): the whole transaction, summary included, is undone.
    await repos.messages.put(message('late', 0));
    await expect(repos.saveTurn({ message: message('late', 0, { id: 'other' }), session: session('late') })).rejects.toMatchObject({
      code: 'stale-session',
    });
    expect(await repos.sessions.get('late')).toBeUndefined();
    expect(await repos.sessions.summaries()).toEqual(before);
    await expectInStep(repos);
  });
});

describe('backup import (IndexedDB)', () => {
  it('rebuilds the summaries of imported sessions, and replace clears the others', async () => {
    const db = await freshDb();
    const repos = createIdbRepositories(db);
    await repos.sessions.put(session('only-here'));
    const store = createIdbBackupStore(db);
    const backup = buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }).data;

    await store.apply(planImport(backup, await store.readAll(), 'merge'));
    expect((await repos.sessions.summaries()).map((s) => s.id).sort()).toEqual(['only-here', 's1', 's2', 't1']);
    await expectInStep(repos);

    await store.apply(planImport(backup, await store.readAll(), 'replace'));
    expect((await repos.sessions.summaries()).map((s) => s.id).sort()).toEqual(['s1', 's2', 't1']);
    await expectInStep(repos);
    // Derived data: a backup never carries them.
    expect(Object.keys(await store.readAll())).not.toContain('sessionSummaries');
  });
});
