import { describe, expect, it } from 'vitest';
import { MicRecorder } from '../../../../src/adapters/speech/recorder';
import { AppError } from '../../../../src/domain/errors';
import { FakeMic } from '../../../doubles/fake-media';

const speechThenSilence = [...Array(10).fill(0.001), ...Array(30).fill(0.2), ...Array(200).fill(0.001)];

describe('MicRecorder', () => {
  it('asks for a mono, echo-cancelled microphone', async () => {
    const mic = new FakeMic();
    const session = await new MicRecorder(mic.environment()).start({ silenceSeconds: 2.5, maxSeconds: 60 });
    expect(mic.constraints[0]).toEqual({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    session.cancel();
    await session.result;
  });

  it('stops on its own after the silence that follows speech, at 16 kHz mono, and releases the mic', async () => {
    const mic = new FakeMic({ levels: speechThenSilence, decodedSeconds: 2 });
    const levels: number[] = [];
    const session = await new MicRecorder(mic.environment()).start({ silenceSeconds: 2.5, maxSeconds: 60, onLevel: (l) => levels.push(l) });
    mic.advance(39);
    expect(mic.tick).toBeDefined();
    mic.advance(60);
    const recording = await session.result;
    expect(recording.stopReason).toBe('silence');
    expect(recording.speechDetected).toBe(true);
    // 2 s of 48 kHz stereo (0.2 / 0.4) → 32 000 mono samples at 0.3.
    expect(recording.pcm16k.length).toBe(32_000);
    expect(recording.pcm16k[16_000]).toBeCloseTo(0.3, 5);
    expect(recording.durationSeconds).toBe(2);
    expect(mic.track.stopped).toBe(true);
    expect(mic.contextsClosed).toBe(1);
    expect(Math.max(...levels)).toBeGreaterThan(0.5);
    expect(levels.at(-1)).toBe(0);
  });

  it('stops at the maximum length', async () => {
    const mic = new FakeMic({ levels: [0.2] });
    const elapsed: number[] = [];
    const session = await new MicRecorder(mic.environment()).start({
      silenceSeconds: 2.5,
      maxSeconds: 3,
      onElapsed: (s) => elapsed.push(s),
    });
    mic.advance(100);
    const recording = await session.result;
    expect(recording.stopReason).toBe('max-length');
    expect(elapsed.at(-1)).toBeCloseTo(3, 5);
  });

  it('gives up when nobody speaks in hands-free mode', async () => {
    const mic = new FakeMic({ levels: [0.001] });
    const session = await new MicRecorder(mic.environment()).start({ silenceSeconds: 2.5, maxSeconds: 60, maxLeadingSilenceSeconds: 5 });
    mic.advance(200);
    const recording = await session.result;
    expect(recording.stopReason).toBe('no-speech');
    expect(recording.speechDetected).toBe(false);
  });

  it('keeps recording through silence when auto-stop is off, until stop()', async () => {
    const mic = new FakeMic({ levels: speechThenSilence });
    const session = await new MicRecorder(mic.environment()).start({ silenceSeconds: 0, maxSeconds: 60 });
    mic.advance(200);
    session.stop();
    expect((await session.result).stopReason).toBe('manual');
  });

  it('keeps what was recorded when the mic is unplugged and says so', async () => {
    const mic = new FakeMic({ levels: [0.2], decodedSeconds: 1 });
    const session = await new MicRecorder(mic.environment()).start({ silenceSeconds: 2.5, maxSeconds: 60 });
    mic.advance(10);
    mic.track.unplug();
    const recording = await session.result;
    expect(recording.stopReason).toBe('mic-lost');
    expect(recording.warning?.code).toBe('mic-lost');
    expect(recording.pcm16k.length).toBe(16_000);
  });

  it('discards audio on cancel', async () => {
    const mic = new FakeMic({ levels: [0.2] });
    const session = await new MicRecorder(mic.environment()).start({ silenceSeconds: 2.5, maxSeconds: 60 });
    session.cancel();
    const recording = await session.result;
    expect(recording.stopReason).toBe('cancelled');
    expect(recording.pcm16k.length).toBe(0);
    expect(mic.track.stopped).toBe(true);
  });

  it.each([
    ['NotAllowedError', 'mic-denied', /Allow/],
    ['NotFoundError', 'mic-unavailable', /No microphone/],
    ['NotReadableError', 'mic-unavailable', /busy/],
  ])('maps %s to %s', async (name, code, message) => {
    const error = await new MicRecorder(new FakeMic({ failWith: name }).environment())
      .start({ silenceSeconds: 2.5, maxSeconds: 60 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(code);
    expect((error as AppError).message).toMatch(message);
    expect((error as AppError).message).toMatch(/type your answer/);
  });

  it('says so when the browser has no microphone API', async () => {
    const env = { ...new FakeMic().environment() };
    delete env.mediaDevices;
    const error = await new MicRecorder(env).start({ silenceSeconds: 2.5, maxSeconds: 60 }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('mic-unavailable');
  });
});
