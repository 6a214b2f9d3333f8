import { describe, expect, it } from 'vitest';
import { EnergyVad, type VadOptions, type VadState } from '../../../../src/domain/voice/vad';
import { rms } from '../../../../src/domain/voice/resample';

const RATE = 16_000;
const FRAME = 0.05; // 50 ms frames, like the recorder
const FRAME_SAMPLES = RATE * FRAME;

/** Deterministic pseudo-random numbers so the tests never flake. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

type Gen = (i: number, t: number) => number;
const silence: Gen = () => 0;
const noise = (amplitude: number, seed = 1): Gen => {
  const r = lcg(seed);
  return () => amplitude * 2 * r();
};
const tone =
  (amplitude: number, freq = 220): Gen =>
  (i) =>
    amplitude * Math.sin((2 * Math.PI * freq * i) / RATE);
/** Noise shaped by a 4 Hz syllable envelope: how speech looks to an energy detector. */
const speechLike = (amplitude: number, seed = 7): Gen => {
  const r = lcg(seed);
  return (_i, t) => amplitude * Math.max(0.1, Math.abs(Math.sin(2 * Math.PI * 2 * t))) * 2 * r();
};
const mix =
  (...gens: Gen[]): Gen =>
  (i, t) =>
    gens.reduce((sum, g) => sum + g(i, t), 0);

/** Runs the VAD over segments of [generator, seconds]; returns every frame's state with its time. */
function run(options: VadOptions, segments: Array<[Gen, number]>): Array<VadState & { t: number }> {
  const vad = new EnergyVad(options);
  const states: Array<VadState & { t: number }> = [];
  let sample = 0;
  for (const [gen, seconds] of segments) {
    const frames = Math.round(seconds / FRAME);
    for (let f = 0; f < frames; f++) {
      const block = new Float32Array(FRAME_SAMPLES);
      for (let k = 0; k < FRAME_SAMPLES; k++, sample++) block[k] = gen(sample, sample / RATE);
      states.push({ ...vad.push(rms(block), FRAME), t: sample / RATE });
    }
  }
  return states;
}

const firstStop = (states: Array<VadState & { t: number }>) => states.find((s) => s.shouldStop);

describe('EnergyVad', () => {
  it('never hears speech in digital silence and waits forever by default', () => {
    const states = run({ silenceSeconds: 2.5 }, [[silence, 10]]);
    expect(states.some((s) => s.voiced || s.speechStarted || s.shouldStop)).toBe(false);
  });

  it('gives up on no speech when a leading limit is set (hands-free)', () => {
    const stop = firstStop(run({ silenceSeconds: 2.5, maxLeadingSilenceSeconds: 4 }, [[noise(0.002), 10]]));
    expect(stop?.stopReason).toBe('no-speech');
    expect(stop!.t).toBeCloseTo(4, 1);
  });

  it('stops about silenceSeconds after a tone burst ends', () => {
    const states = run({ silenceSeconds: 2.5 }, [
      [noise(0.001), 0.5],
      [tone(0.3), 1],
      [noise(0.001), 5],
    ]);
    const stop = firstStop(states);
    expect(stop?.stopReason).toBe('silence-after-speech');
    // Burst ends at 1.5 s → stop at ~4.0 s.
    expect(stop!.t).toBeGreaterThan(3.8);
    expect(stop!.t).toBeLessThan(4.2);
  });

  it('does not stop during speech-like noise with short gaps between syllables', () => {
    const states = run({ silenceSeconds: 1.5 }, [
      [noise(0.002), 0.5],
      [speechLike(0.2), 6],
      [noise(0.002), 0.5],
      [speechLike(0.2, 9), 4],
    ]);
    expect(states.find((s) => s.t > 0.5 && s.speechStarted)).toBeDefined();
    expect(firstStop(states)).toBeUndefined();
  });

  it('ignores a steady quiet room (fan hiss) but hears speech over it, then stops', () => {
    const room = noise(0.02, 3);
    const states = run({ silenceSeconds: 2 }, [
      [room, 3],
      [mix(room, speechLike(0.25)), 2],
      [room, 4],
    ]);
    expect(states.filter((s) => s.t <= 3).some((s) => s.voiced)).toBe(false);
    expect(states.find((s) => s.t > 3 && s.t <= 5 && s.speechStarted)).toBeDefined();
    const stop = firstStop(states);
    expect(stop?.stopReason).toBe('silence-after-speech');
    expect(stop!.t).toBeGreaterThan(6.8);
    expect(stop!.t).toBeLessThan(7.5);
  });

  it('treats a single click as noise, not the start of an answer', () => {
    const states = run({ silenceSeconds: 1, minSpeechSeconds: 0.2 }, [
      [noise(0.001), 1],
      [tone(0.5), 0.05],
      [noise(0.001), 3],
    ]);
    expect(states.some((s) => s.speechStarted)).toBe(false);
    expect(firstStop(states)).toBeUndefined();
  });

  it('rejects a non-positive silence window', () => {
    expect(() => new EnergyVad({ silenceSeconds: 0 })).toThrow(RangeError);
  });
});
