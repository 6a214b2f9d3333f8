/**
 * Hole 6 of issue 15: an erase or an upgrade in another tab closes this tab's connection. It must
 * say why (to the app, for the banner) and later writes must fail with `storage-closed` and a
 * message that says what happened, never blaming storage space.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { DB_VERSION, deleteRehearseDB, openRehearseDB } from '../../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../../src/adapters/storage/idb-repositories';
import { createIdbBackupStore } from '../../../../src/adapters/storage/backup-io';
import type { SessionRecord } from '../../../../src/domain/records';
import type { AppError } from '../../../../src/domain/errors';

let counter = 0;
const fresh = () => `db-close-${++counter}`;

const session: SessionRecord = {
  id: 's',
  mode: 'practice',
  title: 'Session',
  status: 'active',
  createdAt: 1,
  updatedAt: 1,
  usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  engines: [],
};

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

/** What another tab does: the plain IndexedDB API, outside this module's bookkeeping. */
function deleteFromAnotherTab(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}
function openFromAnotherTab(name: string, version: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

describe('the database closed under this tab', () => {
  it('an erase in another tab: reported as erased, and a later write says so instead of blaming space', async () => {
    const name = fresh();
    const onClosed = vi.fn();
    const db = await openRehearseDB({ name, onClosed });
    const repos = createIdbRepositories(db);
    await repos.sessions.put({ ...session });

    await deleteFromAnotherTab(name);
    expect(onClosed).toHaveBeenCalledWith('erased');

    const error = await rejection(repos.sessions.put({ ...session, title: 'after' }));
    expect(error.code).toBe('storage-closed');
    expect(error.message).toMatch(/erased in another tab/);
    expect(error.message).toMatch(/Reload/);
    expect(error.message).not.toMatch(/space/i);
    // Reads say the same, and a turn too.
    expect((await rejection(repos.sessions.list())).code).toBe('storage-closed');
    expect(
      (
        await rejection(
          repos.saveTurn({
            session: { ...session },
            message: { id: 'm', sessionId: 's', index: 0, role: 'user', text: 'hi', createdAt: 1 },
          }),
        )
      ).code,
    ).toBe('storage-closed');
  });

  it('a newer version opened in another tab: reported as upgraded, and writes say a newer version is open', async () => {
    const name = fresh();
    const onClosed = vi.fn();
    const db = await openRehearseDB({ name, onClosed });
    const other = await openFromAnotherTab(name, DB_VERSION + 1);
    expect(onClosed).toHaveBeenCalledWith('upgraded');
    const error = await rejection(createIdbRepositories(db).sessions.put({ ...session }));
    expect(error.code).toBe('storage-closed');
    expect(error.message).toMatch(/newer version of Rehearse is open in another tab/);
    expect(error.message).not.toMatch(/space/i);
    other.close();
    await deleteFromAnotherTab(name);
  });

  it('other storage code (backups) gets the same error after a close', async () => {
    const name = fresh();
    const db = await openRehearseDB({ name });
    await deleteFromAnotherTab(name);
    const error = await rejection(createIdbBackupStore(db).readAll());
    expect(error.code).toBe('storage-closed');
    expect(error.message).not.toMatch(/space/i);
  });

  it('this tab’s own Erase everything is told apart (the page reloads itself, no banner needed)', async () => {
    const name = fresh();
    const onClosed = vi.fn();
    await openRehearseDB({ name, onClosed });
    await deleteRehearseDB(name);
    expect(onClosed).toHaveBeenCalledWith('erased-here');
    expect(onClosed).toHaveBeenCalledTimes(1);
  });

  it('an open blocked by another tab holding an older version says so, then proceeds when that tab closes', async () => {
    const name = fresh();
    const old = await openFromAnotherTab(name, DB_VERSION);
    // That old tab does not close when asked (a frozen tab, or an old version of the app).
    old.onversionchange = null;
    let onBlocked!: () => void;
    const blocked = new Promise<void>((resolve) => (onBlocked = resolve));
    const opening = openRehearseDB({ name, version: DB_VERSION + 1, onBlocked });
    await blocked;
    old.close();
    const db = await opening;
    expect(db.version).toBe(DB_VERSION + 1);
    db.close();
    await deleteFromAnotherTab(name);
  });

  it('this tab, older than the database a newer version left behind, says so instead of blaming private browsing', async () => {
    const name = fresh();
    const newer = await openFromAnotherTab(name, DB_VERSION + 1);
    newer.close();
    const error = await rejection(openRehearseDB({ name }));
    expect(error.code).toBe('storage-unavailable');
    expect(error.message).toMatch(/newer version of Rehearse has updated your saved data/);
    expect(error.message).not.toMatch(/private browsing|space/i);
    await deleteFromAnotherTab(name);
  });
});
