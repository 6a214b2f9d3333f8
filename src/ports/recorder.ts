/**
 * What the voice controller needs from a microphone recorder. The browser adapter
 * (adapters/speech/recorder.ts) implements it; tests use a scripted double.
 */
import type { AppError } from '../domain/errors';

export type StopReason = 'manual' | 'silence' | 'max-length' | 'no-speech' | 'mic-lost' | 'cancelled';

export interface Recording {
  /** Mono Float32 PCM at 16 kHz. */
  pcm16k: Float32Array;
  durationSeconds: number;
  stopReason: StopReason;
  /** The energy detector heard speech at some point. */
  speechDetected: boolean;
  /** Set when the recording ended abnormally but kept what it had (e.g. 'mic-lost'). */
  warning?: AppError;
}

export interface RecordOptions {
  /** Silence after speech that ends the recording; 0 or less disables auto-stop. */
  silenceSeconds: number;
  maxSeconds: number;
  /** Hands-free: give up when nobody speaks for this long. */
  maxLeadingSilenceSeconds?: number;
  /** Live level for a meter, 0..1 (dB-scaled), about 20 times a second. */
  onLevel?: (level: number) => void;
  onElapsed?: (seconds: number) => void;
}

export interface RecordingSession {
  /** Resolves once capture ended (auto-stop, stop(), or mic lost) with the audio. */
  readonly result: Promise<Recording>;
  /** Ends the recording; `result` resolves with what was captured. */
  stop(): void;
  /** Ends the recording and discards it; `result` resolves with reason 'cancelled'. */
  cancel(): void;
}

export interface Recorder {
  /** Opens the microphone and starts capturing; rejects with AppError 'mic-denied' / 'mic-unavailable'. */
  start(options: RecordOptions): Promise<RecordingSession>;
}
