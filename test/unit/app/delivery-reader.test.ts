import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { DeliveryReader } from '../../../src/app/coaching/delivery-reader';
import { SessionHistory } from '../../../src/app/session-history';
import type { MessageRepository } from '../../../src/ports/repositories';
import { message, session } from '../domain/backup/sample-data';

let db: RehearseDatabase | undefined;
afterEach(async () => {
  db?.close();
  await deleteRehearseDB();
});

async function seeded(count: number) {
  db = await openRehearseDB();
  const repos = createIdbRepositories(db);
  const sessions = [];
  for (let i = 0; i < count; i++) {
    const s = session(`s${i}`, { createdAt: i });
    await repos.sessions.put(s);
    sessions.push(s);
    // A question and a spoken answer (120 words per minute in the sample); every third interview typed.
    await repos.messages.put(message(s.id, 0));
    await repos.messages.put(message(s.id, 1, i % 3 === 2 ? { spoken: false, metrics: undefined } : {}));
  }
  return { repos, sessions };
}

/** Counts the index reads, to show what is read and when. */
function counting(messages: MessageRepository) {
  const reads: string[] = [];
  return {
    reads,
    repo: { listBySession: (id: string) => (reads.push(id), messages.listBySession(id)) },
  };
}

describe('DeliveryReader', () => {
  it('reads each interview once, in batches with a pause for the page between them, and again only after it changed', async () => {
    const { repos, sessions } = await seeded(45);
    const { reads, repo } = counting(repos.messages);
    let pauses = 0;
    const reader = new DeliveryReader(repo, async () => void pauses++);

    const first = await reader.read(sessions);
    expect(first).toHaveLength(30); // 15 of the 45 were typed
    expect(first[0]).toMatchObject({ sessionId: 's0', wordsPerMinute: 120, fillersPerMinute: 6, answers: 1 });
    expect(reads).toHaveLength(45);
    expect(pauses).toBe(2); // 20 + 20 + 5

    expect(await reader.read(sessions)).toHaveLength(30);
    expect(reads).toHaveLength(45);

    const changed = { ...sessions[4]!, revision: (sessions[4]!.revision ?? 0) + 1 };
    await reader.read([changed, ...sessions.slice(5)]);
    expect(reads.slice(45)).toEqual(['s4']);
  });

  it('stops between batches when the view is closed', async () => {
    const { repos, sessions } = await seeded(45);
    const { reads, repo } = counting(repos.messages);
    const stop = new AbortController();
    const reader = new DeliveryReader(repo, async () => stop.abort());
    await reader.read(sessions, stop.signal);
    expect(reads).toHaveLength(20);
  });

  it('is what SessionHistory.delivery reads, loaded on first use', async () => {
    const { repos } = await seeded(3);
    const history = new SessionHistory(repos);
    // History passes the summaries it lists.
    expect((await history.delivery(await history.summaries())).map((d) => d.sessionId).sort()).toEqual(['s0', 's1']);
  });
});
