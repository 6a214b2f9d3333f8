/**
 * Whisper transcription inside the shared ML worker (registered by ml.worker.ts next to
 * the embedding handlers). transformers.js runs the `automatic-speech-recognition`
 * pipeline: WebGPU when a real GPU is there (fp32 encoder + q4 decoder — q8 decoders
 * produce gibberish on WebGPU), otherwise WASM with q8 weights. Pipelines are cached per
 * model and device, so the model downloads and compiles once per page.
 */
import { AppError, isQuotaError, toAppError } from '../../domain/errors';
import type { TimedWord } from '../../domain/voice/speech-types';
import type { Handlers, HandlerContext } from '../../workers/protocol';
import type { ProgressEvent } from '../../ports/progress';
import { loadProgressEvent, type LoadProgress } from './load-progress';
import { ensureConfigured } from './transformers-env';

export type AsrDevice = 'webgpu' | 'wasm' | 'cpu';

export interface TranscribeParams {
  /** Mono Float32 PCM at 16 kHz (transferred, not copied). */
  audio: Float32Array;
  modelId: string;
  /** ISO 639-1 interview language, e.g. 'en'. */
  language: string;
  wordTimestamps: boolean;
}

export interface TranscribeResult {
  text: string;
  words?: TimedWord[];
  durationSeconds: number;
  modelId: string;
  device: AsrDevice;
}

export interface PrepareTranscriberParams {
  modelId: string;
}

export type TranscriptionApi = {
  transcribe(params: TranscribeParams): TranscribeResult;
  /** Downloads and compiles the model ahead of time ("prepare for offline"). */
  prepareTranscriber(params: PrepareTranscriberParams): { modelId: string; device: AsrDevice };
};

/** The slice of the transformers.js ASR pipeline we use. */
export interface AsrOutput {
  text: string;
  chunks?: Array<{ text: string; timestamp: [number, number | null] }>;
}
export interface AsrPipeline {
  (audio: Float32Array, options: Record<string, unknown>): Promise<AsrOutput | AsrOutput[]>;
  model?: { generation_config?: { is_multilingual?: boolean | null } };
}

export type { LoadProgress };

export interface TranscriptionDeps {
  loadPipeline(modelId: string, device: AsrDevice, onProgress: (p: LoadProgress) => void): Promise<AsrPipeline>;
  detectDevice(): Promise<AsrDevice>;
}

const SAMPLE_RATE = 16_000;
/** Whisper sees 30 s windows; longer answers are chunked with overlap and merged. */
const WINDOW_SECONDS = 30;
const STRIDE_SECONDS = 5;
/** Peak level under which a recording is treated as silence without running the model. */
const SILENT_PEAK = 0.003;

export function dtypeFor(device: AsrDevice): string | Record<string, string> {
  if (device === 'webgpu') return { encoder_model: 'fp32', decoder_model_merged: 'q4' };
  if (device === 'wasm') return 'q8';
  return 'fp32';
}

export function toProgressEvent(p: LoadProgress): ProgressEvent | undefined {
  return loadProgressEvent(p, 'speech model', { label: 'Speech model ready', phase: 'load', fraction: 1 });
}

function nothingHeard(cause?: unknown): AppError {
  return new AppError(
    'nothing-heard',
    'I didn’t catch that — try again, a little closer to the microphone, or type your answer.',
    cause === undefined ? {} : { cause },
  );
}

function peak(audio: Float32Array): number {
  let max = 0;
  for (let i = 0; i < audio.length; i++) {
    const v = Math.abs(audio[i]!);
    if (v > max) max = v;
  }
  return max;
}

/** Whisper's stock outputs for silence and noise: "[BLANK_AUDIO]", "(music)", "…". */
function isEmptyTranscript(text: string): boolean {
  const stripped = text.replace(/\[[^\]]*\]|\([^)]*\)/g, '').trim();
  return !/[\p{L}\p{N}]/u.test(stripped);
}

function loadFailed(modelId: string, cause: unknown): AppError {
  if (cause instanceof AppError) return cause;
  if (isQuotaError(cause)) return toAppError(cause);
  return new AppError(
    'model-download-failed',
    `Couldn’t load the speech-recognition model (${modelId}). Check your connection and try again — once downloaded it works offline. You can type your answer meanwhile.`,
    { cause },
  );
}

export function createTranscriptionHandlers(deps: TranscriptionDeps): Handlers<TranscriptionApi> {
  const pipelines = new Map<string, Promise<{ pipe: AsrPipeline; device: AsrDevice }>>();

  async function load(modelId: string, context: HandlerContext): Promise<{ pipe: AsrPipeline; device: AsrDevice }> {
    const preferred = await deps.detectDevice();
    const key = `${modelId}|${preferred}`;
    let entry = pipelines.get(key);
    if (!entry) {
      const onProgress = (p: LoadProgress) => {
        const event = toProgressEvent(p);
        if (event) context.progress(event);
      };
      entry = (async () => {
        try {
          return { pipe: await deps.loadPipeline(modelId, preferred, onProgress), device: preferred };
        } catch (error) {
          // A GPU that fails to build the session (driver, memory) should not cost the user their voice input.
          if (preferred !== 'webgpu') throw error;
          return { pipe: await deps.loadPipeline(modelId, 'wasm', onProgress), device: 'wasm' as const };
        }
      })();
      pipelines.set(key, entry);
      // A failed load must not stay cached: the next attempt (e.g. back online) retries.
      entry.catch(() => pipelines.delete(key));
    }
    try {
      return await entry;
    } catch (error) {
      throw loadFailed(modelId, error);
    }
  }

  return {
    async prepareTranscriber({ modelId }, context) {
      const { device } = await load(modelId, context);
      context.progress({ label: 'Speech model ready', phase: 'done', fraction: 1 });
      return { modelId, device };
    },

    async transcribe({ audio, modelId, language, wordTimestamps }, context) {
      const durationSeconds = audio.length / SAMPLE_RATE;
      if (audio.length === 0 || peak(audio) < SILENT_PEAK) throw nothingHeard();
      const { pipe, device } = await load(modelId, context);
      if (context.signal.aborted) throw new AppError('aborted', 'Stopped.');
      context.progress({ label: 'Transcribing', phase: 'work' });

      const options: Record<string, unknown> = {};
      if (pipe.model?.generation_config?.is_multilingual) {
        options.language = language;
        options.task = 'transcribe';
      }
      if (wordTimestamps) options.return_timestamps = 'word';
      if (durationSeconds > WINDOW_SECONDS) {
        options.chunk_length_s = WINDOW_SECONDS;
        options.stride_length_s = STRIDE_SECONDS;
      }

      let output: AsrOutput;
      try {
        const raw = await pipe(audio, options);
        output = Array.isArray(raw) ? raw[0]! : raw;
      } catch (error) {
        throw new AppError('transcription-failed', 'Transcribing your answer failed. Try recording again, or type your answer.', {
          cause: error,
        });
      }
      if (context.signal.aborted) throw new AppError('aborted', 'Stopped.');

      const text = (output.text ?? '').trim();
      if (isEmptyTranscript(text)) throw nothingHeard();
      const result: TranscribeResult = { text, durationSeconds, modelId, device };
      if (wordTimestamps && output.chunks) {
        result.words = output.chunks
          .filter((c) => c.text.trim() !== '')
          .map((c) => {
            // Whisper works on a 30 s window padded with silence, and cross-attention DTW can
            // time the last words into that padding (a 6 s answer "spoken for 30 s"). Nothing
            // was said after the recording ended, so timings are clamped to its length.
            const start = Math.min(c.timestamp[0], durationSeconds);
            const end = Math.min(c.timestamp[1] ?? start, durationSeconds);
            return { text: c.text, start, end: Math.max(start, end) };
          });
      }
      return result;
    },
  };
}

/**
 * Real dependencies: transformers.js behind a dynamic import (only ever loaded in the worker),
 * configured first by `configure` (the worker passes transformers-env's ensureConfigured:
 * own-origin ORT wasm, model mirror, cache). Tests pass their own `configure` to point
 * transformers.js at a folder of generated models.
 */
export function createTranscriptionDeps(configure: () => Promise<unknown>): TranscriptionDeps {
  return {
    async loadPipeline(modelId, device, onProgress) {
      await configure();
      const { pipeline } = await import('@huggingface/transformers');
      const pipe = await pipeline('automatic-speech-recognition', modelId, {
        device,
        dtype: dtypeFor(device) as never,
        progress_callback: onProgress as never,
      });
      return pipe as unknown as AsrPipeline;
    },
    detectDevice: detectAsrDevice,
  };
}

/** Like transformers-env's detectDevice, but a software WebGPU adapter (SwiftShader) counts as none: WASM is faster for Whisper there. */
export async function detectAsrDevice(): Promise<AsrDevice> {
  const inBrowser = typeof self !== 'undefined' || typeof window !== 'undefined';
  if (!inBrowser) return 'cpu';
  type AdapterLike = { info?: { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean };
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } } | undefined)?.gpu;
  if (!gpu) return 'wasm';
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter || adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter) return 'wasm';
    return 'webgpu';
  } catch {
    return 'wasm';
  }
}

/** The worker's handlers, configured through transformers-env. */
export const transcriptionHandlers: Handlers<TranscriptionApi> = createTranscriptionHandlers(
  createTranscriptionDeps(() => ensureConfigured()),
);
