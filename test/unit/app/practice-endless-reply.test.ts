/**
 * An endless reply, end to end below the screen: a remote server that ignores max_tokens and
 * never stops streaming. Sending max_tokens is not enough (the server decides whether to obey):
 * the reply must be cut by the app, what arrived saved (on IndexedDB, marked incomplete), and the
 * interview must go on from there. The real OpenAI engine talks to the fake server over HTTP.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { OpenAIEngine, replyCharLimit } from '../../../src/adapters/llm/openai-engine';
import { PracticeService } from '../../../src/app/practice/practice-service';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { startFakeOpenAI, type FakeOpenAI } from '../../fake-openai';
import { TWO_QUESTION_GUIDELINE, TWO_QUESTION_SETUP } from '../../fixtures/practice-interview';

const setup = TWO_QUESTION_SETUP;
const GUIDELINE = TWO_QUESTION_GUIDELINE;

let server: FakeOpenAI;
let db: RehearseDatabase | undefined;
beforeAll(async () => {
  server = await startFakeOpenAI({ wordDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  db?.close();
  db = undefined;
  server.reset();
  await deleteRehearseDB();
});

describe('an endless reply from a server that ignores max_tokens', () => {
  it('is cut by the app, what arrived is saved (marked incomplete), and the interview goes on', async () => {
    let turns = 0;
    server.respondWith((request) => {
      if (request.messages.at(-1)!.content.includes('Write the guideline')) return GUIDELINE;
      turns++;
      if (turns === 1) return 'Hello. How have you operated PostgreSQL at scale?';
      // The reply to the first answer never ends, whatever max_tokens said.
      if (turns === 2) return { endless: 'And also, let me add one more thought about that. ' };
      return '[NEXT] How do you run a design review?';
    });
    db = await openRehearseDB();
    const repos = createIdbRepositories(db);
    let ids = 0;
    let t = 1000;
    const engine = new OpenAIEngine({ baseUrl: server.url, model: 'fake-model', apiKey: 'test-key' });
    const practice = new PracticeService({
      engine: () => engine,
      repos,
      retriever: new Bm25Retriever(),
      chunk: (text) => chunkText(text),
      clock: { now: () => (t += 10) },
      ids: () => `id${++ids}`,
      tokenCounter: async () => approximateTokenCounter,
    });
    const session = await practice.createSession(setup);
    await practice.prepare(session.id);
    await practice.start();

    await expect(practice.answer('We partitioned the orders table by month.')).rejects.toMatchObject({
      code: 'remote-bad-response',
      details: { oversize: 'reply', partial: true },
    });
    // max_tokens was sent, and the server ignored it: the cut is the app's own.
    const endlessRequest = server.chatRequests().at(-1)!;
    expect(endlessRequest.maxTokens).toBeGreaterThan(0);
    const limit = replyCharLimit(endlessRequest.maxTokens);

    // Saved, not only shown: the partial reply is on disk, bounded and marked incomplete.
    const stored = await repos.messages.listBySession(session.id);
    expect(stored.map((m) => m.role)).toEqual(['assistant', 'user', 'assistant']);
    const cut = stored[2]!;
    expect(cut.incomplete).toBe(true);
    expect(cut.text.length).toBeGreaterThan(0);
    expect(cut.text.length).toBeLessThanOrEqual(limit);
    expect(cut.text.startsWith('And also, let me add one more thought')).toBe(true);
    expect(practice.interview?.state.phase).toBe('awaiting-reply');

    // The interview goes on: the reply is asked for again, and the next question comes.
    const next = await practice.retry();
    expect(next).toMatchObject({ kind: 'question', questionIndex: 1 });
    const after = await repos.messages.listBySession(session.id);
    expect(after.at(-1)).toMatchObject({ role: 'assistant', text: '[NEXT] How do you run a design review?'.replace('[NEXT] ', '') });
    expect(after.at(-1)?.incomplete).toBeFalsy();
  }, 60_000);
});
