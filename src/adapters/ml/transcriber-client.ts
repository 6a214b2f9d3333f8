/**
 * The main-thread face of Whisper: a `Transcriber` that sends the recording to the shared
 * ML worker. The PCM buffer is *transferred* (zero-copy), so the caller must not use the
 * array afterwards; pass a copy when the audio is still needed.
 */
import { whisperModelFor } from '../../domain/voice/whisper-models';
import type { Transcriber, TranscribeOptions, Transcript, ProgressListener } from '../../ports/ml';
import type { WorkerClient } from '../../workers/protocol';
import type { TranscriptionApi } from './transcription-handlers';

export interface WorkerTranscriberOptions {
  /** The Whisper model chosen in settings (VoiceSettings.whisperModel); read at each call so changes apply at once. */
  modelSetting: () => string;
}

export class WorkerTranscriber implements Transcriber {
  constructor(
    /** The shared ML worker's client, created lazily on first use (embedder-client.ts owns the singleton). */
    private readonly client: () => WorkerClient<TranscriptionApi>,
    private readonly options: WorkerTranscriberOptions,
  ) {}

  /** The multilingual model id in settings; the English-only sibling is picked per call for English interviews. */
  get modelId(): string {
    return this.options.modelSetting();
  }

  async transcribe(pcm16k: Float32Array, options: TranscribeOptions): Promise<Transcript> {
    const modelId = whisperModelFor(this.options.modelSetting(), options.language);
    const result = await this.client().call(
      'transcribe',
      { audio: pcm16k, modelId, language: options.language, wordTimestamps: options.wordTimestamps ?? true },
      {
        transfer: [pcm16k.buffer],
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const transcript: Transcript = { text: result.text, durationSeconds: result.durationSeconds };
    if (result.words) transcript.words = result.words;
    return transcript;
  }

  /** Downloads and compiles the model for a language ahead of time (Models screen, "prepare for offline"). */
  async prepare(language: string, onProgress?: ProgressListener): Promise<void> {
    const modelId = whisperModelFor(this.options.modelSetting(), language);
    await this.client().call('prepareTranscriber', { modelId }, onProgress ? { onProgress } : {});
  }
}
