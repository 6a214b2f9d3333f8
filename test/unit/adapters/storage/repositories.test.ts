/**
 * The rules both repository implementations keep (IndexedDB under fake-indexeddb, and the
 * in-memory fallback): no write rolls a session back, a message's place is unique, and a turn
 * (a message and its session) is written whole or not at all.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../../src/adapters/storage/idb-repositories';
import { createMemoryRepositories } from '../../../../src/adapters/storage/memory-repositories';
import type { MessageRecord, SessionRecord } from '../../../../src/domain/records';
import type { AppError } from '../../../../src/domain/errors';
import type { Repositories } from '../../../../src/ports/repositories';

const session = (id: string, extra: Partial<SessionRecord> = {}): SessionRecord => ({
  id,
  mode: 'practice',
  title: `Session ${id}`,
  status: 'active',
  createdAt: 1,
  updatedAt: 1,
  usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
  engines: [],
  ...extra,
});
const message = (sessionId: string, index: number, extra: Partial<MessageRecord> = {}): MessageRecord => ({
  id: `${sessionId}-${index}`,
  sessionId,
  index,
  role: index % 2 ? 'user' : 'assistant',
  text: `m${index}`,
  createdAt: index,
  ...extra,
});

const STALE = 'This conversation changed in another tab. Reload to see the latest.';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the write to be refused');
}

let counter = 0;
const opened: { db: RehearseDatabase; name: string }[] = [];
afterEach(async () => {
  for (const { db, name } of opened.splice(0)) {
    db.close();
    await deleteRehearseDB(name);
  }
});

/**
 * Two "tabs" over one store: two IndexedDB connections to one database, or, in memory, the same
 * repositories (a memory store lives in one tab, so its two writers share it).
 */
const implementations: [string, () => Promise<[Repositories, Repositories]>][] = [
  [
    'IndexedDB',
    async () => {
      const name = `repositories-${++counter}`;
      const a = await openRehearseDB({ name });
      const b = await openRehearseDB({ name });
      opened.push({ db: a, name }, { db: b, name });
      return [createIdbRepositories(a), createIdbRepositories(b)];
    },
  ],
  [
    'memory',
    async () => {
      const repos = createMemoryRepositories();
      return [repos, repos];
    },
  ],
];

describe.each(implementations)('%s repositories', (_name, open) => {
  describe('session revisions: no write rolls a session back', () => {
    it('stores revision + 1 and sets it on the object it was given', async () => {
      const [repos] = await open();
      const s = session('s');
      await repos.sessions.put(s);
      expect(s.revision).toBe(1);
      expect((await repos.sessions.get('s'))?.revision).toBe(1);
      // A caller that keeps its copy (and spreads it for the next change) stays current.
      const next = { ...s, title: 'Renamed' };
      await repos.sessions.put(next);
      expect(next.revision).toBe(2);
      expect(await repos.sessions.get('s')).toMatchObject({ title: 'Renamed', revision: 2 });
    });

    it('refuses a copy read before another tab saved, with stale-session, and keeps the newer one', async () => {
      const [tabA, tabB] = await open();
      const original = session('s', { interviewState: { question: 0 } });
      await tabA.sessions.put(original);
      const staleCopy = (await tabB.sessions.get('s'))!;
      const fresh = (await tabA.sessions.get('s'))!;
      await tabA.sessions.put({ ...fresh, interviewState: { question: 1 } });

      // The stale tab types a draft: it must not put question 0 back.
      const error = await rejection(tabB.sessions.put({ ...staleCopy, draft: { text: 'typing', savedAt: 2 } }));
      expect(error.code).toBe('stale-session');
      expect(error.message).toBe(STALE);
      expect(error.message).not.toMatch(/space/i);
      expect(await tabA.sessions.get('s')).toMatchObject({ interviewState: { question: 1 }, revision: 2 });
      expect((await tabA.sessions.get('s'))?.draft).toBeUndefined();
    });

    it('a refused copy keeps its revision; after a fresh read the write goes through', async () => {
      const [tabA, tabB] = await open();
      await tabA.sessions.put(session('s'));
      const stale = (await tabB.sessions.get('s'))!;
      await tabA.sessions.put((await tabA.sessions.get('s'))!);
      await rejection(tabB.sessions.put(stale));
      expect(stale.revision).toBe(1);
      const reread = (await tabB.sessions.get('s'))!;
      await tabB.sessions.put({ ...reread, title: 'From B' });
      expect(await tabA.sessions.get('s')).toMatchObject({ title: 'From B', revision: 3 });
    });
  });

  it('lists every session newest first, however many (IndexedDB reads them in pages)', async () => {
    const [repos] = await open();
    // 60 sessions over three pages, written in an order unlike both their ids and their dates.
    const ids = Array.from({ length: 60 }, (_, i) => `s${String((i * 37) % 60).padStart(2, '0')}`);
    for (const [i, id] of ids.entries()) await repos.sessions.put(session(id, { updatedAt: 1000 + ((i * 13) % 60) }));
    const listed = await repos.sessions.list();
    expect(listed).toHaveLength(60);
    expect(listed.map((s) => s.updatedAt)).toEqual(Array.from({ length: 60 }, (_, i) => 1059 - i));
    expect(new Set(listed.map((s) => s.id))).toEqual(new Set(ids));
  });

  describe('jobs (coverage)', () => {
    it('stores jobs, lists sessions by job newest first, and deletes a job without its sessions', async () => {
      const [repos] = await open();
      await repos.sessions.put(session('a', { jobKey: 'job-1', updatedAt: 1 }));
      await repos.sessions.put(session('b', { jobKey: 'job-1', updatedAt: 5 }));
      await repos.sessions.put(session('c', { jobKey: 'job-2' }));
      await repos.sessions.put(session('d'));
      expect((await repos.sessions.listByJob('job-1')).map((s) => s.id)).toEqual(['b', 'a']);
      const job = { id: 'job-1', title: 'Engineer', requirements: [{ id: 'r1', text: 'Python' }], createdAt: 1, updatedAt: 2 };
      await repos.jobs.put(job);
      await repos.jobs.put({ ...job, id: 'job-2', updatedAt: 3 });
      expect(await repos.jobs.get('job-1')).toEqual(job);
      expect((await repos.jobs.list()).map((j) => j.id)).toEqual(['job-2', 'job-1']);
      await repos.jobs.delete('job-1');
      expect(await repos.jobs.get('job-1')).toBeUndefined();
      expect(await repos.sessions.listByJob('job-1')).toHaveLength(2);
    });
  });

  describe('messages', () => {
    it('refuses a second message at the same place with stale-session, never blaming storage space', async () => {
      const [tabA, tabB] = await open();
      await tabA.messages.put(message('s', 1, { text: 'from A' }));
      const error = await rejection(tabB.messages.put(message('s', 1, { id: 'other-id', text: 'from B' })));
      expect(error.code).toBe('stale-session');
      expect(error.message).not.toMatch(/space/i);
      expect((await tabA.messages.listBySession('s')).map((m) => m.text)).toEqual(['from A']);
    });

    it('rewrites a message in its own place (a streaming reply)', async () => {
      const [repos] = await open();
      await repos.messages.put(message('s', 0, { text: 'Hel' }));
      await repos.messages.put(message('s', 0, { text: 'Hello' }));
      expect((await repos.messages.listBySession('s')).map((m) => m.text)).toEqual(['Hello']);
    });
  });

  describe('saveTurn: a message and its session in one transaction', () => {
    it('writes both, and sets the new revision on the session object', async () => {
      const [repos] = await open();
      const s = session('s');
      await repos.sessions.put(s);
      const next = { ...s, interviewState: { question: 1 } };
      await repos.saveTurn({ message: message('s', 1, { text: 'My answer' }), session: next });
      expect(next.revision).toBe(2);
      expect(await repos.sessions.get('s')).toMatchObject({ interviewState: { question: 1 }, revision: 2 });
      expect((await repos.messages.listBySession('s')).map((m) => m.text)).toEqual(['My answer']);
    });

    it('a message that cannot be written leaves the session as it was (nothing written)', async () => {
      const [tabA, tabB] = await open();
      const s = session('s', { interviewState: { question: 0 } });
      await tabA.sessions.put(s);
      await tabA.messages.put(message('s', 1, { text: 'first answer' }));
      // Same place, another id: the unique index refuses the message, so the session must not move.
      const turn = { ...s, interviewState: { question: 1 } };
      const error = await rejection(tabB.saveTurn({ message: message('s', 1, { id: 'duplicate', text: 'again' }), session: turn }));
      expect(error.code).toBe('stale-session');
      expect(await tabA.sessions.get('s')).toMatchObject({ interviewState: { question: 0 }, revision: 1 });
      expect(turn.revision).toBe(1);
      expect((await tabA.messages.listBySession('s')).map((m) => m.text)).toEqual(['first answer']);
    });

    it('a stale session writes no message either', async () => {
      const [tabA, tabB] = await open();
      await tabA.sessions.put(session('s'));
      const stale = (await tabB.sessions.get('s'))!;
      await tabA.sessions.put((await tabA.sessions.get('s'))!);
      const error = await rejection(tabB.saveTurn({ message: message('s', 1), session: { ...stale, title: 'stale' } }));
      expect(error.code).toBe('stale-session');
      expect(await tabA.messages.listBySession('s')).toEqual([]);
      expect(await tabA.sessions.get('s')).toMatchObject({ title: 'Session s', revision: 2 });
    });

    it('a session that cannot be stored writes no message', async () => {
      const [repos] = await open();
      const unstorable = session('s', { interviewState: { run: () => undefined } });
      const error = await rejection(repos.saveTurn({ message: message('s', 0), session: unstorable }));
      expect(error.code).toBeDefined();
      expect(await repos.messages.listBySession('s')).toEqual([]);
      expect(await repos.sessions.get('s')).toBeUndefined();
    });
  });
});

describe('IndexedDB sessions saved before revisions existed', () => {
  it('count as revision 0: a copy read from them writes on, and the next stale copy is refused', async () => {
    const name = `repositories-${++counter}`;
    const db = await openRehearseDB({ name });
    opened.push({ db, name });
    // A record as older versions stored it: no revision field.
    await db.put('sessions', session('old'));
    const repos = createIdbRepositories(db);
    const read = (await repos.sessions.get('old'))!;
    expect(read.revision).toBeUndefined();
    await repos.sessions.put({ ...read, title: 'Renamed' });
    expect(await repos.sessions.get('old')).toMatchObject({ title: 'Renamed', revision: 1 });
    const error = await rejection(repos.sessions.put({ ...read, title: 'Stale' }));
    expect(error.code).toBe('stale-session');
  });
});
