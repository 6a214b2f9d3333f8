/**
 * A full disk mid-interview, as browsers report it: the write's requests succeed and the
 * transaction's commit fails with QuotaExceededError (test/doubles/idb-commit-failure.ts). The
 * candidate is told there is no room and that nothing saved was lost, and that is checked: the
 * interview and an earlier one read back exactly as before, through another connection.
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
import { failCommits, type CommitFailure } from '../../doubles/idb-commit-failure';
import { TWO_QUESTION_GUIDELINE, TWO_QUESTION_SETUP } from '../../fixtures/practice-interview';

const setup = TWO_QUESTION_SETUP;
const GUIDELINE = TWO_QUESTION_GUIDELINE;

function engine() {
  return new ScriptedChatEngine((request) => {
    if (request.messages.at(-1)!.content.includes('Write the guideline')) return GUIDELINE;
    const answered = request.messages.filter((m) => m.role === 'user' && m.content.includes('partitioned')).length;
    return answered > 0 ? '[NEXT] How do you run a design review?' : 'Hello. How have you operated PostgreSQL at scale?';
  });
}

let ids = 0;
function service(repos: Repositories) {
  let t = 1000;
  return new PracticeService({
    engine: () => engine(),
    repos,
    retriever: new Bm25Retriever(),
    chunk: (text) => chunkText(text),
    clock: { now: () => (t += 10) },
    ids: () => `id${++ids}`,
    tokenCounter: async () => approximateTokenCounter,
  });
}

/** Everything stored about the given sessions, read through a fresh connection. */
async function snapshot(sessionIds: string[]) {
  const db = await openRehearseDB();
  try {
    const repos = createIdbRepositories(db);
    return await Promise.all(
      sessionIds.map(async (id) => ({ session: await repos.sessions.get(id), messages: await repos.messages.listBySession(id) })),
    );
  } finally {
    db.close();
  }
}

let db: RehearseDatabase | undefined;
let disk: CommitFailure | undefined;
afterEach(async () => {
  disk?.restore();
  disk = undefined;
  db?.close();
  db = undefined;
  await deleteRehearseDB();
});

describe('a full disk when an answer is committed', () => {
  it('says there is no room and nothing saved was lost, and it was not: earlier data reads back intact', async () => {
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    // An earlier interview, and the one in progress, saved while there was room.
    const earlier = service(repos);
    const old = await earlier.createSession({ ...setup, jobDescription: `${setup.jobDescription}\n- Mentor engineers.` });
    await earlier.prepare(old.id);
    await earlier.start();
    await earlier.answer('We partitioned the orders table by month.');
    const practice = service(repos);
    const session = await practice.createSession(setup);
    await practice.prepare(session.id);
    await practice.start();
    // Background work (the rest of the guideline, a summary ahead) writes too: let it finish first.
    await Promise.all([earlier.settled(), practice.settled()]);
    const before = await snapshot([old.id, session.id]);
    expect(before[1]!.messages).toHaveLength(1);

    let full = true;
    disk = failCommits(() => full);
    const failure = await practice.answer('We partitioned the orders table by month.').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'quota-exceeded' });
    expect((failure as Error).message).toContain('no room left');
    expect((failure as Error).message).toContain('Nothing you had already saved was lost');
    // The failure came from a commit (every request had succeeded), not from a request refused on its own.
    expect(disk.failed).toBeGreaterThan(0);

    await practice.settled();
    full = false;
    // Nothing half-written, nothing rolled back too far: both interviews are exactly as they were.
    expect(await snapshot([old.id, session.id])).toEqual(before);
    // The interview in memory is where the disk left it, so the answer can be sent again once there is room.
    expect(practice.interview?.state.phase).toBe('awaiting-answer');
    await practice.answer('We partitioned the orders table by month.');
    const after = await snapshot([session.id]);
    expect(after[0]!.messages.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    expect(after[0]!.messages.filter((m) => m.role === 'user')).toHaveLength(1);
  });
});
