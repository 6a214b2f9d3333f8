import { describe, expect, it } from 'vitest';
import { DeviceCheck, CHECK_MAX_TOKENS } from '../../../src/app/models/device-check.svelte';
import type { ChatEngine, ChatRequest } from '../../../src/ports/chat-engine';
import type { ChatDelta } from '../../../src/domain/chat';
import type { DeviceCheckResult } from '../../../src/domain/device-check';
import type { DeviceProfile } from '../../../src/domain/device-fit';

const gpu: DeviceProfile = {
  webgpu: true,
  gpuClass: 'integrated',
  shaderF16: true,
  adapterInfo: { vendor: 'apple', architecture: 'metal-3', description: '' },
};

/**
 * An engine on a scripted clock: reading the prompt takes promptTokens / prefill seconds,
 * each token after it 1 / decode seconds.
 */
function pacedEngine(clock: { t: number }, opts: { prefill: number; decode: number; promptTokens: number; tokens: number }) {
  const requests: ChatRequest[] = [];
  const engine: ChatEngine = {
    info: { id: 'webllm:M', kind: 'webllm', label: 'M on this device', model: 'M' },
    contextWindow: 4096,
    async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
      requests.push(request);
      clock.t += (opts.promptTokens / opts.prefill) * 1000;
      for (let i = 0; i < opts.tokens; i++) {
        if (i > 0) clock.t += 1000 / opts.decode;
        if (request.signal?.aborted) {
          yield { finishReason: 'abort' };
          return;
        }
        yield { text: 'word ' };
      }
      yield {
        usage: { promptTokens: opts.promptTokens, completionTokens: opts.tokens, totalTokens: opts.promptTokens + opts.tokens },
        finishReason: 'stop',
      };
    },
  };
  return { engine, requests };
}

function setup(opts = { prefill: 400, decode: 20, promptTokens: 480, tokens: 96 }) {
  const clock = { t: 5000 };
  const { engine, requests } = pacedEngine(clock, opts);
  const stored: Record<string, DeviceCheckResult> = {};
  const check = new DeviceCheck({
    engineFor: async () => engine,
    device: () => gpu,
    store: { get: () => stored, save: async (r) => void (stored[r.modelId] = r) },
    clock: () => clock.t,
    now: () => new Date('2026-12-02T06:30:00Z'),
  });
  return { check, stored, requests };
}

describe('DeviceCheck', () => {
  it('measures prefill and decode on the scripted clock and stores the result for this adapter', async () => {
    const { check, stored, requests } = setup();
    const result = await check.run('M');
    expect(result?.prefillTokensPerSecond).toBeCloseTo(400);
    expect(result?.decodeTokensPerSecond).toBeCloseTo(20);
    expect(stored.M).toEqual(result);
    expect(result).toMatchObject({
      measuredAt: '2026-12-02T06:30:00.000Z',
      promptTokens: 480,
      completionTokens: 96,
      device: 'apple metal-3',
    });
    expect(check.result('M')).toEqual(result);
    expect(requests[0]).toMatchObject({ temperature: 0, maxTokens: CHECK_MAX_TOKENS });
    expect(check.running).toBeNull();
  });

  it('a second check reads its whole prompt again (no shared cached prompt)', async () => {
    const { check, requests } = setup();
    await check.run('M');
    await check.run('M');
    expect(requests[0]!.messages[0]!.content).not.toBe(requests[1]!.messages[0]!.content);
  });

  it('cancel stops the run and stores nothing', async () => {
    const { check, stored } = setup();
    const running = check.run('M');
    check.cancel();
    expect(await running).toBeUndefined();
    expect(stored).toEqual({});
    expect(check.problem).toBeNull();
    expect(check.running).toBeNull();
  });

  it('a reply too short to measure says so and stores nothing', async () => {
    const { check, stored } = setup({ prefill: 400, decode: 20, promptTokens: 480, tokens: 3 });
    expect(await check.run('M')).toBeUndefined();
    expect(check.problem?.message).toMatch(/too briefly/);
    expect(stored).toEqual({});
  });
});
