/**
 * The practice service on the real IndexedDB repositories (fake-indexeddb): unique indexes,
 * transactions and the revision rule, which the in-memory double of earlier tests lacked.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { PracticeService } from '../../../src/app/practice/practice-service';
import type { Repositories } from '../../../src/ports/repositories';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { ScriptedChatEngine } from '../../doubles/scripted-chat-engine';
import { TWO_QUESTION_GUIDELINE, TWO_QUESTION_SETUP } from '../../fixtures/practice-interview';

const setup = TWO_QUESTION_SETUP;
const GUIDELINE = TWO_QUESTION_GUIDELINE;
const FEEDBACK = JSON.stringify({
  overallScore: 70,
  summary: 'Clear.',
  categories: { relevance: 7, depth: 6, structure: 7, clarity: 8, confidence: 7 },
  questions: [
    {
      question: 1,
      score: 7,
      evidence: ['we partitioned the orders table'],
      strengths: ['Specific'],
      improvements: [],
      sampleAnswer: 'At Acme…',
    },
    { question: 2, score: 6, evidence: [], strengths: [], improvements: [], sampleAnswer: 'I start with…' },
  ],
  strengths: ['Concrete'],
  improvements: ['Quantify'],
});

function engine(turns: string[]) {
  return new ScriptedChatEngine((request) => {
    const all = request.messages.map((m) => m.content).join('\n');
    if (request.messages.at(-1)!.content.includes('Write the guideline')) return GUIDELINE;
    if (all.includes('interview coach')) return FEEDBACK;
    const next = turns.shift();
    if (next === undefined) throw new Error('unexpected turn');
    return next;
  });
}

let db: RehearseDatabase | undefined;
let other: RehearseDatabase | undefined;
afterEach(async () => {
  db?.close();
  other?.close();
  db = other = undefined;
  await deleteRehearseDB();
});

let ids = 0;
function service(repos: Repositories, chat: ScriptedChatEngine) {
  let t = 1000;
  return new PracticeService({
    engine: () => chat,
    repos,
    retriever: new Bm25Retriever(),
    chunk: (text) => chunkText(text),
    clock: { now: () => (t += 10) },
    ids: () => `id${++ids}`,
    tokenCounter: async () => approximateTokenCounter,
  });
}

describe('PracticeService on IndexedDB', () => {
  it('runs a whole interview; every message has its own place and the session its latest state', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    const practice = service(
      repos,
      engine([
        'Hello. How have you operated PostgreSQL at scale?',
        '[NEXT] How do you run a design review?',
        '[NEXT] Thank you, that is all.',
      ]),
    );
    const session = await practice.createSession(setup);
    await practice.prepare(session.id);
    await practice.start();
    await practice.answer('We partitioned the orders table by month.');
    await practice.answer('I write a short design doc first.');
    const finished = await practice.finish();
    expect(finished.status).toBe('finished');
    const messages = await repos.messages.listBySession(session.id);
    expect(messages.map((m) => m.index)).toEqual([0, 1, 2, 3, 4]);
    const stored = await repos.sessions.get(session.id);
    expect(stored?.feedback?.overallScore).toBe(70);
    expect((stored?.interviewState as { machine: { phase: string } }).machine.phase).toBe('finished');
  });

  it('saves an answer and the turn it starts in one transaction: when the session write fails, the answer is not saved either and can be sent again once', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    const practice = service(
      repos,
      engine(['Hello. How have you operated PostgreSQL at scale?', '[NEXT] How do you run a design review?']),
    );
    const session = await practice.createSession(setup);
    await practice.prepare(session.id);
    await practice.start();
    // This tab's own background work (the rest of the guideline) is done while the candidate reads.
    await practice.settled();
    // Another tab writes the session meanwhile: this tab's copy is now stale, so its next session write fails.
    other = await openRehearseDB();
    const elsewhere = createIdbRepositories(other);
    const latest = (await elsewhere.sessions.get(session.id))!;
    await elsewhere.sessions.put({ ...latest, title: 'Renamed elsewhere' });

    await expect(practice.answer('We partitioned the orders table by month.')).rejects.toMatchObject({ code: 'stale-session' });
    expect((await repos.messages.listBySession(session.id)).filter((m) => m.role === 'user')).toHaveLength(0);
    expect(practice.interview?.messages.filter((m) => m.role === 'user')).toHaveLength(0);
    expect(practice.interview?.state.phase).toBe('awaiting-answer');

    // Reopened (what the reload the message asks for does), the same answer is saved exactly once.
    await practice.resume(session.id);
    await practice.answer('We partitioned the orders table by month.');
    expect((await repos.messages.listBySession(session.id)).filter((m) => m.role === 'user')).toHaveLength(1);
  });

  it('a stale tab typing a draft never rolls the interview back', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    const practice = service(
      repos,
      engine(['Hello. How have you operated PostgreSQL at scale?', '[NEXT] How do you run a design review?']),
    );
    const session = await practice.createSession(setup);
    await practice.prepare(session.id);
    await practice.start();
    // A second tab opened the interview before the first answer.
    other = await openRehearseDB();
    const staleTab = service(createIdbRepositories(other), engine([]));
    await staleTab.resume(session.id);

    await practice.answer('We partitioned the orders table by month.');
    const before = await repos.sessions.get(session.id);
    await expect(staleTab.saveDraft(session.id, { text: 'typed in the old tab' })).rejects.toMatchObject({ code: 'stale-session' });
    const after = await repos.sessions.get(session.id);
    expect(after?.interviewState).toEqual(before?.interviewState);
    expect(after?.draft).toBeUndefined();
  });
});
