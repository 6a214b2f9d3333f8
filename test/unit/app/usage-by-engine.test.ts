import { describe, expect, it } from 'vitest';
import { LoadedInterview } from '../../../src/app/practice/loaded-interview.svelte';
import { createInterviewState } from '../../../src/domain/interview/state';
import type { SessionRecord } from '../../../src/domain/records';
import { emptyUsage } from '../../../src/domain/usage';
import { createMemoryRepositories } from '../../doubles/memory-repositories';
import { PracticeService } from '../../../src/app/practice/practice-service';
import { Bm25Retriever } from '../../../src/domain/retrieval/bm25-retriever';
import { chunkText } from '../../../src/domain/retrieval/chunking';
import { approximateTokenCounter } from '../../doubles/approximate-token-counter';
import type { ChatEngine } from '../../../src/ports/chat-engine';
import { ScriptedChatEngine } from '../../doubles/scripted-chat-engine';
import { TWO_QUESTION_SETUP } from '../../fixtures/practice-interview';

const u = (prompt: number, completion: number) => ({
  promptTokens: prompt,
  completionTokens: completion,
  totalTokens: prompt + completion,
});

describe('a practice session’s usage per engine', () => {
  it('adds every request to the total and to its engine, and keeps both in the stored session', async () => {
    const repos = createMemoryRepositories();
    const session: SessionRecord = {
      id: 's1',
      mode: 'practice',
      title: 'T',
      status: 'active',
      createdAt: 1,
      updatedAt: 1,
      usage: emptyUsage(),
      engines: [],
    };
    await repos.sessions.put(session);
    const interview = new LoadedInterview(
      (await repos.sessions.get('s1'))!,
      [],
      { machine: createInterviewState(2), excerpts: { job: [], resume: [] } },
      repos,
      () => 2,
    );
    await interview.noteEngine({ id: 'local:qwen', label: 'Qwen' });
    await interview.addUsage(u(100, 10), 'local:qwen');
    await interview.noteEngine({ id: 'remote:gpt', label: 'GPT' });
    await interview.addUsage(u(50, 5), 'remote:gpt');
    await interview.addUsage(u(1, 1), 'remote:gpt');
    const stored = await repos.sessions.get('s1');
    expect(stored?.usage).toEqual(u(151, 16));
    expect(stored?.usageByEngine).toEqual({ 'local:qwen': u(100, 10), 'remote:gpt': u(51, 6) });
    expect(interview.session.usageByEngine).toEqual(stored?.usageByEngine);
  });

  it('counts the guideline, the turns and the rest of the guideline for the engine that wrote each', async () => {
    const one = (text: string) => JSON.stringify({ questions: [{ text, topic: 'T', requirement: 'Lead design reviews.' }] });
    const local = new ScriptedChatEngine([{ text: one('How have you operated PostgreSQL at scale?'), usage: u(40, 4) }], {
      id: 'local:qwen',
    });
    const remote = new ScriptedChatEngine(
      [
        { text: 'Hello! How have you operated PostgreSQL at scale?', usage: u(20, 2) },
        { text: one('How do you run a design review?'), usage: u(30, 3) },
      ],
      { id: 'remote:gpt' },
    );
    let current: ChatEngine = local;
    let t = 1000;
    let id = 0;
    const repos = createMemoryRepositories();
    const service = new PracticeService({
      engine: () => current,
      repos,
      retriever: new Bm25Retriever(),
      chunk: (text) => chunkText(text),
      clock: { now: () => (t += 10) },
      ids: () => `id${++id}`,
      tokenCounter: async () => approximateTokenCounter,
    });
    const session = await service.createSession(TWO_QUESTION_SETUP);
    await service.prepare(session.id);
    current = remote;
    await service.start();
    await service.settled();
    const stored = await repos.sessions.get(session.id);
    expect(stored?.usageByEngine).toEqual({ 'local:qwen': u(40, 4), 'remote:gpt': u(50, 5) });
    expect(stored?.usage).toEqual(u(90, 9));
  });
});
