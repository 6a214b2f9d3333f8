import type { TimedWord, Voice } from '../domain/voice/speech-types';
import type { ProgressEvent } from './progress';

export type ProgressListener = (event: ProgressEvent) => void;

export interface Embedder {
  readonly modelId: string;
  readonly dims: number;
  /** Returns one L2-normalised vector per text, in order. */
  embed(texts: string[], onProgress?: ProgressListener, signal?: AbortSignal): Promise<Float32Array[]>;
}

export interface Transcript {
  text: string;
  words?: TimedWord[];
  durationSeconds: number;
}

export interface TranscribeOptions {
  /** ISO 639-1 language of the interview, e.g. 'en'. */
  language: string;
  wordTimestamps?: boolean;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface Transcriber {
  readonly modelId: string;
  /** `pcm16k` is mono Float32 PCM at 16 kHz. */
  transcribe(pcm16k: Float32Array, options: TranscribeOptions): Promise<Transcript>;
}

export interface SpeakOptions {
  voiceId?: string;
  rate?: number;
  lang?: string;
  signal?: AbortSignal;
}

export interface Speaker {
  readonly available: boolean;
  speak(text: string, options?: SpeakOptions): Promise<void>;
  stop(): void;
  voices(): Promise<Voice[]>;
}
