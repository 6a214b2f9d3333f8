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
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError('Sample rates must be positive.');
  if (fromRate === toRate) return input.slice();
  const ratio = fromRate / toRate;
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  // Cut-off relative to the input rate: at most the lower of the two Nyquist frequencies, a bit below it.
  const cutoff = Math.min(1, toRate / fromRate) * 0.95;
  const halfWidth = KERNEL_HALF_ZEROS / cutoff;
  // The kernel is tabulated once (trigonometry per tap made a 10 s recording take seconds);
  // taps read it with linear interpolation between table steps.
  const table = kernelTable(cutoff, halfWidth);
  for (let i = 0; i < outLength; i++) {
    const center = i * ratio;
    const start = Math.max(0, Math.ceil(center - halfWidth));
    const end = Math.min(input.length - 1, Math.floor(center + halfWidth));
    let acc = 0;
    let weightSum = 0;
    for (let k = start; k <= end; k++) {
      const pos = (k - center + halfWidth) * TABLE_STEPS;
      const j = Math.floor(pos);
      const frac = pos - j;
      const w = table[j]! + (table[j + 1]! - table[j]!) * frac;
      acc += input[k]! * w;
      weightSum += w;
    }
    // Normalising by the kernel sum keeps DC gain exactly 1, also at the edges of the buffer.
    out[i] = weightSum === 0 ? 0 : acc / weightSum;
  }
  return out;
}

const TABLE_STEPS = 512;

function kernelTable(cutoff: number, halfWidth: number): Float32Array {
  const size = Math.ceil(2 * halfWidth * TABLE_STEPS) + 2;
  const table = new Float32Array(size);
  for (let j = 0; j < size; j++) {
    const d = j / TABLE_STEPS - halfWidth;
    table[j] = cutoff * sinc(cutoff * d) * blackman(d / halfWidth);
  }
  return table;
}

/** Joins recorded chunks into one buffer. */
export function concatChunks(chunks: readonly Float32Array[]): Float32Array {
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

/** Root-mean-square level of a block of samples, 0..1 for normalised audio. */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}
