/**
 * Two tabs open one practice interview (issue 15, hole 5): each tab has its own connection to
 * the real IndexedDB repositories (fake-indexeddb) and its own InterviewSession; they share the
 * in-memory Web Locks manager and a notice hub, as two tabs share navigator.locks and
 * BroadcastChannel. Before ownership, the second tab's draft rolled the interview back.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { createConversationLock } from '../../../src/adapters/tabs/conversation-lock';
import { createMemoryLockManager } from '../../../src/adapters/tabs/lock-manager';
import { InterviewSession } from '../../../src/app/practice/interview-session.svelte';
import { PracticeService } from '../../../src/app/practice/practice-service';
import type { Repositories } from '../../../src/ports/repositories';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { ScriptedChatEngine } from '../../doubles/scripted-chat-engine';
import { createNoticeHub } from '../../doubles/tab-notices';

const GUIDELINE = JSON.stringify({
  questions: [
    { text: 'How have you operated PostgreSQL at scale?', topic: 'Databases', requirement: 'Operate PostgreSQL at scale.' },
    { text: 'How do you run a design review?', topic: 'Leadership', requirement: 'Lead design reviews.' },
  ],
});

const dbs: RehearseDatabase[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) db.close();
  await deleteRehearseDB();
});

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve));
};

let ids = 0;
async function twoTabs(turns: string[]) {
  const chat = new ScriptedChatEngine((request) => {
    if (request.messages.at(-1)!.content.includes('Write the guideline')) return GUIDELINE;
    const next = turns.shift();
    if (next === undefined) throw new Error('unexpected turn');
    return next;
  });
  const locks = createMemoryLockManager();
  const hub = createNoticeHub();
  let t = 1000;
  const tab = async (name: string) => {
    const db = await openRehearseDB();
    dbs.push(db);
    const repos: Repositories = createIdbRepositories(db);
    const service = new PracticeService({
      engine: () => chat,
      repos,
      retriever: new Bm25Retriever(),
      chunk: (text) => chunkText(text),
      clock: { now: () => (t += 5) },
      ids: () => `id${++ids}`,
      tokenCounter: async () => approximateTokenCounter,
    });
    const lock = createConversationLock({ locks, notices: hub.tab(), acrossTabs: true, tabId: name });
    const session = new InterviewSession(service, { lock, schedule: (flush) => flush(), storage: memoryStorage() });
    return { service, session, repos };
  };
  return { a: await tab('a'), b: await tab('b'), chat };
}

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (key) => map.get(key) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (key) => void map.delete(key),
    setItem: (key, value) => void map.set(key, value),
  };
}

async function open(session: InterviewSession, id: string) {
  await session.load(id);
  await session.begin(id);
}

describe('one tab owns an open interview', () => {
  it('the second tab shows it read-only, follows the owner, and continue here moves ownership without rolling anything back', async () => {
    const { a, b } = await twoTabs(['Hello! How have you operated PostgreSQL at scale?', 'Thanks. How do you run a design review?']);
    const record = await a.service.createSession({
      jobDescription: 'Operate PostgreSQL at scale. Lead design reviews.',
      resume: '',
      type: 'professional',
      questionCount: 2,
      style: 'neutral',
      language: 'en',
    });
    await open(a.session, record.id);
    expect(a.session.ownership.state).toBe('owned');
    expect(a.session.messages.map((m) => m.kind)).toEqual(['greeting']);

    await open(b.session, record.id);
    expect(b.session.ownership.readOnly).toBe(true);
    expect(b.session.canSend).toBe(false);
    // Shown, not written: the greeting is there, and typing in the read-only box saves nothing.
    expect(b.session.messages.map((m) => m.kind)).toEqual(['greeting']);
    const before = (await a.repos.sessions.get(record.id))?.revision;
    b.session.answerBox?.keep('typed in the read-only tab', null);
    expect(await b.session.send('an answer from the read-only tab')).toBe(false);
    await b.session.close();
    expect((await a.repos.sessions.get(record.id))?.revision).toBe(before);

    // b closed (released); open it again read-only, then the owner answers: b reads the interview again.
    await open(b.session, record.id);
    expect(b.session.ownership.readOnly).toBe(true);
    expect(await a.session.send('We partitioned the orders table.')).toBe(true);
    await settle();
    expect(b.session.messages.map((m) => m.text)).toEqual(a.session.messages.map((m) => m.text));
    expect(b.session.questionNumber).toBe(2);

    // Continue here in b: a turns read-only, b reads the latest copy and may write.
    await b.session.continueHere();
    await settle();
    expect(b.session.ownership.state).toBe('owned');
    expect(b.session.canSend).toBe(true);
    expect(a.session.ownership.readOnly).toBe(true);
    expect(a.session.canSend).toBe(false);

    // The stale tab cannot write: no draft, no answer; the stored interview stays at question 2.
    const stored = await a.repos.sessions.get(record.id);
    a.session.answerBox?.keep('a stale draft', null);
    expect(await a.session.send('a stale answer')).toBe(false);
    // Leaving the screen saves what the box holds, for an owner only.
    await a.session.close();
    const after = await a.repos.sessions.get(record.id);
    expect(after?.revision).toBe(stored?.revision);
    expect(after?.draft).toBeUndefined();
    expect(await a.repos.messages.listBySession(record.id)).toHaveLength(3);
  });
});
