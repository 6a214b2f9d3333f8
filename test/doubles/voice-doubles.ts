/**
 * Scripted voice ports for controller tests: a recorder that returns a prepared
 * recording when stopped (or at once, for auto-stop), a transcriber with a canned
 * transcript per call, and a speaker that logs and can be held mid-sentence.
 */
import type { Recorder, RecordOptions, Recording, RecordingSession, StopReason } from '../../src/ports/recorder';
import type { SpeakOptions, Speaker, TranscribeOptions, Transcriber, Transcript } from '../../src/ports/ml';
import type { Voice } from '../../src/domain/voice/speech-types';
import type { AppError } from '../../src/domain/errors';

export class ScriptedRecorder implements Recorder {
  readonly starts: RecordOptions[] = [];
  current: { stop(reason?: StopReason): void } | undefined;
  /** Throw this from start() (mic denied…). */
  failWith: AppError | undefined;
  /** End every recording by itself with this reason (silence auto-stop). */
  autoStop: StopReason | undefined;
  seconds = 2;
  warning: AppError | undefined;

  async start(options: RecordOptions): Promise<RecordingSession> {
    this.starts.push(options);
    if (this.failWith) throw this.failWith;
    let resolve!: (r: Recording) => void;
    const result = new Promise<Recording>((r) => (resolve = r));
    const finish = (reason: StopReason) => {
      this.current = undefined;
      const pcm16k =
        reason === 'cancelled' || reason === 'no-speech' ? new Float32Array(0) : new Float32Array(16_000 * this.seconds).fill(0.1);
      const recording: Recording = {
        pcm16k,
        durationSeconds: pcm16k.length / 16_000,
        stopReason: reason,
        speechDetected: reason !== 'no-speech',
      };
      if (this.warning) recording.warning = this.warning;
      resolve(recording);
    };
    this.current = { stop: (reason = 'manual') => finish(reason) };
    options.onLevel?.(0.5);
    options.onElapsed?.(1);
    if (this.autoStop) {
      const reason = this.autoStop;
      queueMicrotask(() => finish(reason));
    }
    return { result, stop: () => finish('manual'), cancel: () => finish('cancelled') };
  }
}

export class ScriptedTranscriber implements Transcriber {
  readonly modelId = 'test/scripted';
  readonly calls: Array<{ samples: number; options: TranscribeOptions }> = [];
  constructor(private readonly replies: Array<Transcript | AppError>) {}

  async transcribe(pcm16k: Float32Array, options: TranscribeOptions): Promise<Transcript> {
    this.calls.push({ samples: pcm16k.length, options });
    const next = this.replies.shift();
    if (!next) throw new Error('ScriptedTranscriber: no reply left');
    if (next instanceof Error) throw next;
    return next;
  }
}

export class LoggingSpeaker implements Speaker {
  readonly available = true;
  readonly said: Array<{ text: string; options: SpeakOptions | undefined }> = [];
  stops = 0;
  /** Keep speak() pending until release() or stop(). */
  hold = false;
  failWith: AppError | undefined;
  private pending: (() => void) | undefined;

  async speak(text: string, options?: SpeakOptions): Promise<void> {
    this.said.push({ text, options });
    if (this.failWith) throw this.failWith;
    if (this.hold) await new Promise<void>((r) => (this.pending = r));
  }
  release(): void {
    this.pending?.();
    this.pending = undefined;
  }
  stop(): void {
    this.stops++;
    this.release();
  }
  async voices(): Promise<Voice[]> {
    return [];
  }
}
