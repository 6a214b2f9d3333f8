import { describe, expect, it } from 'vitest';
import { emptyUsage, usagePerEngine, withEngineUsage, type UsageKeeper } from '../../../src/domain/usage';

const u = (prompt: number, completion: number) => ({
  promptTokens: prompt,
  completionTokens: completion,
  totalTokens: prompt + completion,
});

describe('usage per engine', () => {
  it('adds each request to the total and to the engine that served it', () => {
    let session: UsageKeeper & { id: string } = { id: 's1', usage: emptyUsage() };
    session = withEngineUsage(session, 'local:qwen', u(100, 20));
    session = withEngineUsage(session, 'remote:gpt', u(300, 50));
    session = withEngineUsage(session, 'local:qwen', u(10, 5));
    expect(session.usage).toEqual(u(410, 75));
    expect(session.usageByEngine).toEqual({ 'local:qwen': u(110, 25), 'remote:gpt': u(300, 50) });
    expect(session.id).toBe('s1');
  });

  it('lists the split in the order engines were used, with their labels; older sessions have none', () => {
    const engines = [
      { engineId: 'remote:gpt', label: 'GPT (old label)', at: 1 },
      { engineId: 'local:qwen', label: 'Qwen on this device', at: 2 },
      { engineId: 'remote:gpt', label: 'GPT-4o', at: 3 },
    ];
    const byEngine = { 'local:qwen': u(110, 25), 'remote:gpt': u(300, 50), 'prompt-api': u(0, 0), 'other:x': u(1, 1) };
    expect(usagePerEngine({ usageByEngine: byEngine }, engines)).toEqual([
      { engineId: 'remote:gpt', label: 'GPT-4o', usage: u(300, 50) },
      { engineId: 'local:qwen', label: 'Qwen on this device', usage: u(110, 25) },
      { engineId: 'other:x', label: 'other:x', usage: u(1, 1) },
    ]);
    expect(usagePerEngine({}, engines)).toEqual([]);
  });
});
