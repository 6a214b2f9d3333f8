import { describe, expect, it } from 'vitest';
import { downmixToMono, resample, resampleDirect, resampleKernel, rms } from '../../../../src/domain/voice/resample';

function concatChunks(chunks: readonly Float32Array[]): Float32Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Float32Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function tone(freq: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

/** Amplitude of one frequency via correlation (a single DFT bin). */
function amplitudeAt(signal: Float32Array, freq: number, rate: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < signal.length; i++) {
    re += signal[i]! * Math.cos((2 * Math.PI * freq * i) / rate);
    im += signal[i]! * Math.sin((2 * Math.PI * freq * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / signal.length;
}

describe('downmixToMono', () => {
  it('averages channels sample by sample', () => {
    const left = Float32Array.from([1, 0.5, -1]);
    const right = Float32Array.from([0, 0.5, 1]);
    expect(Array.from(downmixToMono([left, right]))).toEqual([0.5, 0.5, 0]);
  });
  it('returns a copy for mono and an empty buffer for no channels', () => {
    const mono = Float32Array.from([0.25]);
    const out = downmixToMono([mono]);
    out[0] = 1;
    expect(mono[0]).toBe(0.25);
    expect(downmixToMono([]).length).toBe(0);
  });
});

describe('resample', () => {
  it('produces the expected number of samples for 48 kHz → 16 kHz and 44.1 kHz → 16 kHz', () => {
    expect(resample(new Float32Array(48_000), 48_000, 16_000).length).toBe(16_000);
    expect(resample(new Float32Array(44_100 * 2), 44_100, 16_000).length).toBe(32_000);
  });

  it('keeps a 440 Hz tone at the same frequency and level', () => {
    const out = resample(tone(440, 48_000, 0.5), 48_000, 16_000);
    expect(amplitudeAt(out, 440, 16_000)).toBeGreaterThan(0.45);
    expect(amplitudeAt(out, 440, 16_000)).toBeLessThan(0.55);
  });

  it('removes content above the new Nyquist frequency instead of folding it into speech', () => {
    // 12 kHz would alias to 4 kHz with naive decimation.
    const out = resample(tone(12_000, 48_000, 0.5), 48_000, 16_000);
    expect(amplitudeAt(out, 4_000, 16_000)).toBeLessThan(0.01);
    expect(rms(out)).toBeLessThan(0.02);
  });

  it('keeps DC gain at 1 and returns a copy when rates match', () => {
    const dc = new Float32Array(4800).fill(0.3);
    const out = resample(dc, 48_000, 16_000);
    for (const v of out) expect(v).toBeCloseTo(0.3, 5);
    const same = resample(dc, 16_000, 16_000);
    expect(same).not.toBe(dc);
    expect(same.length).toBe(dc.length);
  });

  it('upsamples too', () => {
    const out = resample(tone(300, 8_000, 0.25), 8_000, 16_000);
    expect(out.length).toBe(4_000);
    expect(amplitudeAt(out, 300, 16_000)).toBeGreaterThan(0.45);
  });

  it.each([
    [48_000, 16_000],
    [44_100, 16_000],
    [22_050, 16_000],
    [8_000, 16_000],
  ])('computes %i → %i Hz with precomputed phases the same as per-tap weights, edges included', (from, to) => {
    const input = new Float32Array(Math.round(from * 0.05));
    for (let i = 0; i < input.length; i++) input[i] = 0.4 * Math.sin(i * 0.05) + 0.2 * Math.sin(i * 0.31) + (i % 7 === 0 ? 0.1 : 0);
    const fast = resample(input, from, to);
    const reference = resampleDirect(input, fast.length, from / to, resampleKernel(from, to));
    let worst = 0;
    for (let i = 0; i < fast.length; i++) worst = Math.max(worst, Math.abs(fast[i]! - reference[i]!));
    expect(fast.length).toBe(Math.floor((input.length * to) / from));
    // The reference interpolates a tabulated kernel; the phases are exact. Both are far below 16-bit audio's step.
    expect(worst).toBeLessThan(1e-4);
  });

  it('keeps a 1 kHz tone from a 44.1 kHz microphone at the same level', () => {
    const out = resample(tone(1_000, 44_100, 0.5), 44_100, 16_000);
    expect(amplitudeAt(out, 1_000, 16_000)).toBeGreaterThan(0.45);
    expect(amplitudeAt(out, 1_000, 16_000)).toBeLessThan(0.55);
  });

  it('rejects nonsense rates', () => {
    expect(() => resample(new Float32Array(4), 0, 16_000)).toThrow(RangeError);
  });
});

describe('concatChunks and rms', () => {
  it('joins chunks in order', () => {
    expect(Array.from(concatChunks([Float32Array.from([1, 2]), new Float32Array(0), Float32Array.from([3])]))).toEqual([1, 2, 3]);
  });
  it('computes the RMS of a full-scale square wave and of silence', () => {
    expect(rms(Float32Array.from([1, -1, 1, -1]))).toBe(1);
    expect(rms(new Float32Array(10))).toBe(0);
    expect(rms(new Float32Array(0))).toBe(0);
  });
});
