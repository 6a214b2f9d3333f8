/**
 * Energy voice-activity detection for "stop when the candidate stops talking".
 *
 * It works on the RMS level of short frames (the recorder computes one per ~20–100 ms
 * block). The threshold follows an adaptive noise floor, so a quiet room with a fan or
 * laptop hiss is not mistaken for speech, and a louder room simply raises the bar.
 *
 * Rules, in order:
 * - the noise floor drops fast to quieter frames, rises within seconds towards louder
 *   unvoiced frames (the room got louder) and only very slowly towards voiced ones, so a
 *   long answer cannot drag it up to speech level;
 * - a frame is "voiced" when it is clearly above the floor *and* above an absolute minimum;
 * - speech has started once voiced frames add up to `minSpeechSeconds`;
 * - after speech started, `silenceSeconds` without a voiced frame means "done";
 * - before any speech, `maxLeadingSilenceSeconds` (optional) gives up, for hands-free mode.
 */

export interface VadOptions {
  /** Silence after speech that ends the answer. */
  silenceSeconds: number;
  /** Voiced time needed before we believe someone is talking (ignores clicks and coughs). */
  minSpeechSeconds?: number;
  /** Give up when nobody speaks at all for this long; undefined waits forever. */
  maxLeadingSilenceSeconds?: number;
  /** Voiced means level > floor × ratio (3 ≈ 10 dB). */
  thresholdRatio?: number;
  /** Levels below this are never speech (about −46 dBFS). */
  absoluteMinimum?: number;
}

export interface VadState {
  /** The current frame is voiced. */
  voiced: boolean;
  /** Speech has been heard since the start. */
  speechStarted: boolean;
  /** Seconds since the last voiced frame (or since the start, before speech). */
  silenceSeconds: number;
  noiseFloor: number;
  /** Stop now: the answer ended, or nobody spoke within `maxLeadingSilenceSeconds`. */
  shouldStop: boolean;
  stopReason?: 'silence-after-speech' | 'no-speech';
}

const FLOOR_FALL_SECONDS = 0.1;
/** Unvoiced frames above the floor (the room got louder) pull it up within a few seconds. */
const FLOOR_RISE_SECONDS = 3;
/** Voiced frames pull it up only very slowly, so a long answer never raises the bar to speech level. */
const FLOOR_RISE_VOICED_SECONDS = 30;
/** A floor of exactly 0 (digital silence) would make any noise "speech"; start the ratio test from here. */
const FLOOR_MINIMUM = 1e-4;

export class EnergyVad {
  private readonly silenceLimit: number;
  private readonly minSpeech: number;
  private readonly leadingLimit: number;
  private readonly ratio: number;
  private readonly absoluteMinimum: number;
  private floor = Number.POSITIVE_INFINITY;
  private voicedTotal = 0;
  private started = false;
  private silence = 0;

  constructor(options: VadOptions) {
    if (!(options.silenceSeconds > 0)) throw new RangeError('silenceSeconds must be positive.');
    this.silenceLimit = options.silenceSeconds;
    this.minSpeech = options.minSpeechSeconds ?? 0.2;
    this.leadingLimit = options.maxLeadingSilenceSeconds ?? Number.POSITIVE_INFINITY;
    this.ratio = options.thresholdRatio ?? 3;
    this.absoluteMinimum = options.absoluteMinimum ?? 0.005;
  }

  /** Feeds one frame's RMS level and its duration in seconds. */
  push(level: number, frameSeconds: number): VadState {
    const threshold = Math.max(Math.max(this.floor, FLOOR_MINIMUM) * this.ratio, this.absoluteMinimum);
    // The very first frame only sets the floor: we cannot judge it against nothing.
    const voiced = Number.isFinite(this.floor) && level > threshold;
    this.updateFloor(level, frameSeconds, voiced);

    if (voiced) {
      this.voicedTotal += frameSeconds;
      this.silence = 0;
      if (this.voicedTotal >= this.minSpeech) this.started = true;
    } else {
      this.silence += frameSeconds;
    }

    const state: VadState = {
      voiced,
      speechStarted: this.started,
      silenceSeconds: this.silence,
      noiseFloor: this.floor,
      shouldStop: false,
    };
    if (this.started && this.silence >= this.silenceLimit) {
      state.shouldStop = true;
      state.stopReason = 'silence-after-speech';
    } else if (!this.started && this.silence >= this.leadingLimit) {
      state.shouldStop = true;
      state.stopReason = 'no-speech';
    }
    return state;
  }

  private updateFloor(level: number, dt: number, voiced: boolean): void {
    if (!Number.isFinite(this.floor)) {
      this.floor = level;
      return;
    }
    const tau = level < this.floor ? FLOOR_FALL_SECONDS : voiced ? FLOOR_RISE_VOICED_SECONDS : FLOOR_RISE_SECONDS;
    const alpha = Math.min(1, dt / tau);
    this.floor += (level - this.floor) * alpha;
  }
}
