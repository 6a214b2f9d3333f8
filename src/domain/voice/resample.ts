/**
 * Audio sample-rate conversion and down-mixing for the recorder. Whisper wants mono
 * Float32 PCM at 16 kHz; microphones deliver 44.1/48 kHz, sometimes stereo.
 *
 * Pure functions, no DOM: the recorder adapter feeds them raw channel data.
 */

export const WHISPER_SAMPLE_RATE = 16_000;

/** Averages the channels into one. Channels of unequal length are cut to the shortest. */
export function downmixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first.slice();
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i]! += channel[i]!;
  }
  const scale = 1 / channels.length;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}

/** Number of zero crossings of the sinc kernel on each side; 16 keeps aliasing well below speech levels. */
const KERNEL_HALF_ZEROS = 16;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window on [-1, 1]. */
function blackman(t: number): number {
  if (t <= -1 || t >= 1) return 0;
  const u = (t + 1) / 2;
  return 0.42 - 0.5 * Math.cos(2 * Math.PI * u) + 0.08 * Math.cos(4 * Math.PI * u);
}

/**
 * Band-limited resampling with a windowed-sinc kernel. When downsampling, the kernel is
 * widened so it also acts as the anti-aliasing low-pass filter (cut-off just under the new
 * Nyquist frequency) — plain linear interpolation from 48 kHz would fold hiss above 8 kHz
 * back into the speech band and hurt recognition.
 *
 * Rates with a small rational ratio (48 k → 16 k is 3:1, 44.1 k → 16 k is 441:160) are
 * polyphase: output sample i sits at one of `up` fixed offsets between input samples, so the
 * weights of each offset are computed once and every sample is a plain dot product. That made
 * the step about 4× faster than evaluating the kernel per tap (it was most of the app's
 * overhead around Whisper; see docs/benchmarks.md). Odd rates fall back to per-tap weights.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('Sample rates must be positive.');
  if (fromRate === toRate) return input.slice();
  const kernel = kernelFor(fromRate, toRate);
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const ratio = ratioOf(fromRate, toRate);
  return ratio && ratio.up <= MAX_PHASES
    ? resamplePolyphase(input, outLength, ratio.down, ratio.up, kernel)
    : resampleDirect(input, outLength, fromRate / toRate, kernel);
}

/** More phases than this (very odd rate pairs) would cost more to set up than they save. */
const MAX_PHASES = 2048;

interface Kernel {
  cutoff: number;
  halfWidth: number;
}

function kernelFor(fromRate: number, toRate: number): Kernel {
  // Cut-off relative to the input rate: at most the lower of the two Nyquist frequencies, a bit below it.
  const cutoff = Math.min(1, toRate / fromRate) * 0.95;
  return { cutoff, halfWidth: KERNEL_HALF_ZEROS / cutoff };
}

function weight({ cutoff, halfWidth }: Kernel, distance: number): number {
  return cutoff * sinc(cutoff * distance) * blackman(distance / halfWidth);
}

/** fromRate/toRate as down/up in lowest terms, or undefined for non-integer rates. */
function ratioOf(fromRate: number, toRate: number): { down: number; up: number } | undefined {
  if (!Number.isInteger(fromRate) || !Number.isInteger(toRate)) return undefined;
  let a = fromRate;
  let b = toRate;
  while (b !== 0) [a, b] = [b, a % b];
  return { down: fromRate / a, up: toRate / a };
}

function resamplePolyphase(input: Float32Array, outLength: number, down: number, up: number, kernel: Kernel): Float32Array {
  const out = new Float32Array(outLength);
  const last = input.length - 1;
  // Phase p: the output sample lies p/up of the way past input sample `base`; taps run base+first … base+first+weights.length-1.
  const phases = Array.from({ length: up }, (_, p) => {
    const offset = p / up;
    const first = Math.ceil(offset - kernel.halfWidth);
    const lastTap = Math.floor(offset + kernel.halfWidth);
    const weights = new Float64Array(lastTap - first + 1);
    let sum = 0;
    for (let t = 0; t < weights.length; t++) sum += weights[t] = weight(kernel, first + t - offset);
    // Normalising by the kernel sum keeps DC gain exactly 1.
    for (let t = 0; t < weights.length; t++) weights[t]! /= sum;
    return { first, weights };
  });
  for (let i = 0; i < outLength; i++) {
    const position = i * down;
    const base = Math.floor(position / up);
    const { first, weights } = phases[position - base * up]!;
    const start = base + first;
    const taps = weights.length;
    let acc = 0;
    if (start >= 0 && start + taps - 1 <= last) {
      for (let t = 0; t < taps; t++) acc += input[start + t]! * weights[t]!;
      out[i] = acc;
    } else {
      // At the buffer's edges part of the kernel falls outside: renormalise over the taps that exist.
      let weightSum = 0;
      for (let t = Math.max(0, -start); t < taps && start + t <= last; t++) {
        acc += input[start + t]! * weights[t]!;
        weightSum += weights[t]!;
      }
      out[i] = weightSum === 0 ? 0 : acc / weightSum;
    }
  }
  return out;
}

/**
 * Any rate pair: weights per tap, read from a tabulated kernel with linear interpolation
 * (evaluating the trigonometry per tap made a 10 s recording take seconds). Exported so
 * tests can check the polyphase path against it.
 */
export function resampleDirect(input: Float32Array, outLength: number, ratio: number, kernel: Kernel): Float32Array {
  const out = new Float32Array(outLength);
  const { halfWidth } = kernel;
  const table = kernelTable(kernel);
  for (let i = 0; i < outLength; i++) {
    const center = i * ratio;
    const start = Math.max(0, Math.ceil(center - halfWidth));
    const end = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let acc = 0;
    let weightSum = 0;
    for (let k = start; k <= end; k++) {
      const pos = (k - center + halfWidth) * TABLE_STEPS;
      const j = Math.floor(pos);
      const w = table[j]! + (table[j + 1]! - table[j]!) * (pos - j);
      acc += input[k]! * w;
      weightSum += w;
    }
    // Normalising by the kernel sum keeps DC gain exactly 1, also at the edges of the buffer.
    out[i] = weightSum === 0 ? 0 : acc / weightSum;
  }
  return out;
}

const TABLE_STEPS = 512;

function kernelTable(kernel: Kernel): Float32Array {
  const size = Math.ceil(2 * kernel.halfWidth * TABLE_STEPS) + 2;
  const table = new Float32Array(size);
  for (let j = 0; j < size; j++) table[j] = weight(kernel, j / TABLE_STEPS - kernel.halfWidth);
  return table;
}

export { kernelFor as resampleKernel };

/** Root-mean-square level of a block of samples, 0..1 for normalised audio. */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}
