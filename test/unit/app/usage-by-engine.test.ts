import { describe, expect, it } from 'vitest';
import { LoadedInterview } from '../../../src/app/practice/loaded-interview.svelte';
import { createInterviewState } from '../../../src/domain/interview/state';
import type { SessionRecord } from '../../../src/domain/records';
import { emptyUsage } from '../../../src/domain/usage';
import { createMemoryRepositories } from '../../doubles/memory-repositories';

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
    // A step that names no engine counts for the engine the session noted last.
    await interview.addUsage(u(1, 1));
    const stored = await repos.sessions.get('s1');
    expect(stored?.usage).toEqual(u(151, 16));
    expect(stored?.usageByEngine).toEqual({ 'local:qwen': u(100, 10), 'remote:gpt': u(51, 6) });
    expect(interview.session.usageByEngine).toEqual(stored?.usageByEngine);
  });
});
