import { describe, expect, it } from 'vitest';
import {
  aboutSeconds,
  describeExpectation,
  describeSpeed,
  deviceKey,
  expectTurn,
  resultFor,
  speedFromTimings,
  type DeviceCheckResult,
} from '../../../src/domain/device-check';
import type { DeviceProfile } from '../../../src/domain/device-fit';

describe('speedFromTimings', () => {
  it('prefill from the time to the first token, decode from the tokens after it', () => {
    // 600 prompt tokens, first token after 1.5 s, 97 tokens in all, done 4.8 s after the first.
    const speed = speedFromTimings({ startedAt: 1000, firstTokenAt: 2500, endedAt: 7300, promptTokens: 600, completionTokens: 97 });
    expect(speed?.prefillTokensPerSecond).toBeCloseTo(400);
    expect(speed?.decodeTokensPerSecond).toBeCloseTo(20);
  });

  it('says nothing when the run cannot support a figure', () => {
    const base = { startedAt: 0, firstTokenAt: 1000, endedAt: 2000, promptTokens: 500, completionTokens: 40 };
    expect(speedFromTimings({ ...base, firstTokenAt: undefined })).toBeUndefined();
    expect(speedFromTimings({ ...base, completionTokens: 8 })).toBeUndefined();
    expect(speedFromTimings({ ...base, endedAt: 1000 })).toBeUndefined();
    expect(speedFromTimings({ ...base, promptTokens: 0 })).toBeUndefined();
    expect(speedFromTimings({ ...base, completionTokens: 9 })).toBeDefined();
  });
});

describe('expectTurn', () => {
  it('on the 400/20 laptop profile a typical turn starts in under a second and ends in about 4 s', () => {
    const turn = expectTurn({ prefillTokensPerSecond: 400, decodeTokensPerSecond: 20 });
    expect(turn.firstWordSeconds).toBeCloseTo(250 / 400 + 1 / 20);
    expect(turn.replySeconds).toBeCloseTo(turn.firstWordSeconds + 59 / 20);
  });

  it('a slow software adapter gets a slow, honest answer', () => {
    const line = describeExpectation({ prefillTokensPerSecond: 40, decodeTokensPerSecond: 2 });
    expect(line).toBe('Replies start in about 7 s on this device and are complete in about 35 s.');
  });
});

describe('wording', () => {
  it('rounds the way people say it', () => {
    expect(aboutSeconds(0.4)).toBe('under a second');
    expect(aboutSeconds(2.4)).toBe('about 2 s');
    expect(aboutSeconds(13)).toBe('about 15 s');
    expect(aboutSeconds(150)).toBe('about 3 min');
    expect(describeSpeed({ prefillTokensPerSecond: 1234.5, decodeTokensPerSecond: 17.6 })).toBe(
      '1,230 tokens/s reading, 18 tokens/s writing',
    );
  });
});

describe('resultFor', () => {
  const gpu: DeviceProfile = {
    webgpu: true,
    gpuClass: 'discrete',
    shaderF16: true,
    adapterInfo: { vendor: 'nvidia', architecture: 'ampere', description: '' },
  };
  const result: DeviceCheckResult = {
    modelId: 'M',
    measuredAt: '2026-12-02T06:00:00.000Z',
    prefillTokensPerSecond: 900,
    decodeTokensPerSecond: 40,
    promptTokens: 600,
    completionTokens: 90,
    device: deviceKey(gpu),
  };

  it('uses a result only for the adapter that measured it', () => {
    expect(deviceKey(gpu)).toBe('nvidia ampere');
    expect(resultFor({ M: result }, 'M', gpu)).toBe(result);
    expect(
      resultFor({ M: result }, 'M', { ...gpu, adapterInfo: { vendor: 'intel', architecture: 'xe', description: '' } }),
    ).toBeUndefined();
    expect(resultFor({ M: result }, 'Other', gpu)).toBeUndefined();
    expect(resultFor(undefined, 'M', gpu)).toBeUndefined();
  });
});
