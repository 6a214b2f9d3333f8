/**
 * The device check's arithmetic (pure): a short run of a downloaded model on this device gives
 * its prefill and decode speeds, and those give an honest expectation for the setup screen.
 *
 * - prefill tokens/s = prompt tokens ÷ time to the first token (the first token cannot come
 *   before the whole prompt is read, so this slightly understates prefill: honest, not flattering);
 * - decode tokens/s = tokens after the first ÷ time from the first token to the last.
 */
import type { DeviceProfile } from './device-fit';

/** What the check measured, in the clock's milliseconds. */
export interface CheckTimings {
  startedAt: number;
  /** undefined when no token arrived. */
  firstTokenAt: number | undefined;
  endedAt: number;
  /** From the engine's usage (exact for the model's tokenizer). */
  promptTokens: number;
  completionTokens: number;
}

export interface DeviceSpeed {
  prefillTokensPerSecond: number;
  decodeTokensPerSecond: number;
}

/** One stored result, per model (Settings.deviceChecks). */
export interface DeviceCheckResult extends DeviceSpeed {
  modelId: string;
  /** ISO date and time of the run. */
  measuredAt: string;
  promptTokens: number;
  completionTokens: number;
  /** Which graphics adapter ran it: a result from another adapter (a restored backup) is not used. */
  device: string;
}

/** Fewer tokens than this after the first make the decode rate noise. */
export const MIN_DECODE_TOKENS = 8;

export function speedFromTimings(t: CheckTimings): DeviceSpeed | undefined {
  if (t.firstTokenAt === undefined || t.promptTokens <= 0) return undefined;
  const prefillMs = t.firstTokenAt - t.startedAt;
  const decodeMs = t.endedAt - t.firstTokenAt;
  const decodedAfterFirst = t.completionTokens - 1;
  if (prefillMs <= 0 || decodeMs <= 0 || decodedAfterFirst < MIN_DECODE_TOKENS) return undefined;
  return {
    prefillTokensPerSecond: (t.promptTokens * 1000) / prefillMs,
    decodeTokensPerSecond: (decodedAfterFirst * 1000) / decodeMs,
  };
}

/**
 * A typical interview turn once the engine continues its cache: the new tokens are the
 * candidate's answer (~150) and the turn note (~100); an interviewer reply is ~60 tokens.
 */
export const TYPICAL_TURN = { newTokens: 250, replyTokens: 60 } as const;

export interface TurnExpectation {
  /** Seconds from sending an answer to the reply's first word. */
  firstWordSeconds: number;
  /** Seconds until the whole reply is written. */
  replySeconds: number;
}

export function expectTurn(speed: DeviceSpeed, turn: { newTokens: number; replyTokens: number } = TYPICAL_TURN): TurnExpectation {
  const firstWordSeconds = turn.newTokens / speed.prefillTokensPerSecond + 1 / speed.decodeTokensPerSecond;
  return { firstWordSeconds, replySeconds: firstWordSeconds + (turn.replyTokens - 1) / speed.decodeTokensPerSecond };
}

/** "under a second", "about 2 s", "about 15 s", "about 2 min": rounded the way people say it. */
export function aboutSeconds(seconds: number): string {
  if (seconds < 1) return 'under a second';
  if (seconds < 10) return `about ${Math.round(seconds)} s`;
  if (seconds < 90) return `about ${Math.round(seconds / 5) * 5} s`;
  return `about ${Math.round(seconds / 60)} min`;
}

/** The setup screen's line. */
export function describeExpectation(speed: DeviceSpeed): string {
  const { firstWordSeconds, replySeconds } = expectTurn(speed);
  return `Replies start in ${aboutSeconds(firstWordSeconds)} on this device and are complete in ${aboutSeconds(replySeconds)}.`;
}

/** The Models screen's figures: "420 tokens/s reading, 18 tokens/s writing". */
export function describeSpeed(speed: DeviceSpeed): string {
  const n = (v: number) => (v >= 100 ? Math.round(v / 10) * 10 : Math.round(v)).toLocaleString('en');
  return `${n(speed.prefillTokensPerSecond)} tokens/s reading, ${n(speed.decodeTokensPerSecond)} tokens/s writing`;
}

/** A stable name for the adapter a result belongs to. */
export function deviceKey(device: DeviceProfile | null | undefined): string {
  const info = device?.adapterInfo;
  if (!info) return device?.gpuClass ?? 'unknown';
  return [info.vendor, info.architecture, info.device ?? '', info.description].filter(Boolean).join(' ') || device.gpuClass;
}

/** The stored result for this model on this adapter, if any. */
export function resultFor(
  results: Record<string, DeviceCheckResult> | undefined,
  modelId: string | undefined,
  device: DeviceProfile | null | undefined,
): DeviceCheckResult | undefined {
  const result = modelId ? results?.[modelId] : undefined;
  return result && result.device === deviceKey(device) ? result : undefined;
}
