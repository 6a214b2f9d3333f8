/**
 * IndexedDB repositories. Each write is its own awaited transaction, so a reload or a
 * crash right after a message appears loses nothing; failures become AppErrors. A session
 * write checks its revision in the same transaction it writes in (see ports/repositories), and
 * writes or removes the session's summary (`sessionSummaries`) in that transaction too, so the
 * summary History reads can never disagree with the session.
 */
import type { DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../domain/records';
import { withDefaults } from '../../domain/settings-defaults';
import { newestFirst, sessionSummaryOf } from '../../domain/session-summary';
import type { Repositories, Turn } from '../../ports/repositories';
import type { IDBPTransaction } from 'idb';
import { storageError, type RehearseDatabase, type RehearseDB } from './db';
import { nextRevision, staleSessionError } from './revision';

type TurnStores = ('sessions' | 'sessionSummaries' | 'messages')[];
type TurnTx = IDBPTransaction<RehearseDB, TurnStores, 'readwrite'>;

/** Sessions per read in `sessions.list`: each page is deserialized in its own main-thread task. */
const SESSION_PAGE = 25;

/**
 * Every session, newest first. A thousand sessions with their reports are megabytes, and one
 * getAll deserializes all of them in a single main-thread task (about a second per 250 on a
 * loaded machine: test/bench/history-trends.bench.ts); read as pages of a few, in one
 * transaction (one consistent snapshot), each page is its own task and the page stays responsive.
 */
async function listSessionsInPages(db: RehearseDatabase): Promise<SessionRecord[]> {
  const tx = db.transaction('sessions');
  const keys = await tx.store.getAllKeys();
  const sessions: SessionRecord[] = [];
  for (let i = 0; i < keys.length; i += SESSION_PAGE) {
    const last = keys[Math.min(keys.length, i + SESSION_PAGE) - 1]!;
    sessions.push(...(await tx.store.getAll(IDBKeyRange.bound(keys[i]!, last))));
  }
  await tx.done;
  // The order the byUpdatedAt index gave, reversed: newest first, ties by id descending.
  return sessions.sort(newestFirst);
}

export function createIdbRepositories(db: RehearseDatabase): Repositories {
  async function write<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (cause) {
      // Another message at the same place: another tab added it first.
      if ((cause as { name?: unknown } | null)?.name === 'ConstraintError') throw staleSessionError(cause);
      throw storageError(cause, 'write', db);
    }
  }

  async function read<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (cause) {
      throw storageError(cause, 'read', db);
    }
  }

  /**
   * Writes `session` at its next revision, and its summary, inside `tx`; or throws stale-session
   * (the tx then writes nothing).
   */
  async function putSession(tx: TurnTx, session: SessionRecord): Promise<number> {
    const store = tx.objectStore('sessions');
    const revision = nextRevision(await store.get(session.id), session);
    const stored = { ...session, revision };
    await Promise.all([store.put(stored), tx.objectStore('sessionSummaries').put(sessionSummaryOf(stored))]);
    return revision;
  }

  /** Runs `work` in one readwrite transaction over `stores`; on any failure nothing of it is kept. */
  async function inTransaction<T>(stores: TurnStores, work: (tx: TurnTx) => Promise<T>): Promise<T> {
    const tx = db.transaction(stores, 'readwrite');
    try {
      const result = await work(tx);
      await tx.done;
      return result;
    } catch (cause) {
      try {
        tx.abort();
      } catch {
        // Already aborted by the failed request.
      }
      await tx.done.catch(() => undefined);
      throw cause;
    }
  }

  return {
    saveTurn: ({ message, session }: Turn) =>
      write(async () => {
        const revision = await inTransaction(['sessions', 'sessionSummaries', 'messages'], async (tx) => {
          const [next] = await Promise.all([putSession(tx, session), tx.objectStore('messages').put(message)]);
          return next;
        });
        session.revision = revision;
      }),
    sessions: {
      put: (session: SessionRecord) =>
        write(async () => {
          session.revision = await inTransaction(['sessions', 'sessionSummaries'], (tx) => putSession(tx, session));
        }),
      get: (id) => read(() => db.get('sessions', id)),
      list: () => read(() => listSessionsInPages(db)),
      // A few hundred bytes each: one read, even for a thousand sessions (history-trends bench).
      summaries: () => read(async () => (await db.getAll('sessionSummaries')).sort(newestFirst)),
      listByJob: (jobKey) =>
        read(async () => (await db.getAllFromIndex('sessions', 'byJob', jobKey)).sort((a, b) => b.updatedAt - a.updatedAt)),
      delete: (id) =>
        write(async () => {
          const tx = db.transaction(['sessions', 'sessionSummaries', 'messages', 'documents', 'chunks'], 'readwrite');
          const messageKeys = await tx.objectStore('messages').index('bySession').getAllKeys(id);
          const docs = await tx.objectStore('documents').index('bySession').getAll(id);
          const chunkKeys = (await Promise.all(docs.map((d) => tx.objectStore('chunks').index('byDocument').getAllKeys(d.id)))).flat();
          await Promise.all([
            ...messageKeys.map((k) => tx.objectStore('messages').delete(k)),
            ...docs.map((d) => tx.objectStore('documents').delete(d.id)),
            ...chunkKeys.map((k) => tx.objectStore('chunks').delete(k)),
            tx.objectStore('sessions').delete(id),
            tx.objectStore('sessionSummaries').delete(id),
          ]);
          await tx.done;
        }),
    },
    messages: {
      put: (message: MessageRecord) => write(async () => void (await db.put('messages', message))),
      listBySession: (sessionId) =>
        read(() =>
          db.getAllFromIndex('messages', 'bySessionIndex', IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER])),
        ),
    },
    documents: {
      put: (doc: DocumentRecord) => write(async () => void (await db.put('documents', doc))),
      listBySession: (sessionId) => read(() => db.getAllFromIndex('documents', 'bySession', sessionId)),
      listByProfile: (profileId) => read(() => db.getAllFromIndex('documents', 'byProfile', profileId)),
      delete: (id) =>
        write(async () => {
          const tx = db.transaction(['documents', 'chunks'], 'readwrite');
          const chunkKeys = await tx.objectStore('chunks').index('byDocument').getAllKeys(id);
          await Promise.all([...chunkKeys.map((k) => tx.objectStore('chunks').delete(k)), tx.objectStore('documents').delete(id)]);
          await tx.done;
        }),
    },
    profiles: {
      put: (profile: ProfileRecord) => write(async () => void (await db.put('profiles', profile))),
      get: (id) => read(() => db.get('profiles', id)),
      list: () => read(async () => (await db.getAllFromIndex('profiles', 'byUpdatedAt')).reverse()),
      delete: (id) => write(async () => void (await db.delete('profiles', id))),
    },
    jobs: {
      put: (job: JobRecord) => write(async () => void (await db.put('jobs', job))),
      get: (id) => read(() => db.get('jobs', id)),
      list: () => read(async () => (await db.getAllFromIndex('jobs', 'byUpdatedAt')).reverse()),
      delete: (id) => write(async () => void (await db.delete('jobs', id))),
    },
    settings: {
      get: () => read(async () => withDefaults(await db.get('settings', 'settings'))),
      put: (settings: Settings) => write(async () => void (await db.put('settings', settings))),
    },
  };
}
