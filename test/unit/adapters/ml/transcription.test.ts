/**
 * The real transformers.js Whisper pipeline, running the tiny generated model, behind the
 * real worker protocol (serveWorker ↔ WorkerClient over a MessageChannel).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';
import { TINY_WHISPER_TEXT, writeTinyWhisper } from '../../../fixtures/tiny-whisper';
import {
  createTranscriptionHandlers,
  createTranscriptionDeps,
  toProgressEvent,
  type AsrDevice,
  type TranscriptionApi,
  type TranscriptionDeps,
} from '../../../../src/adapters/ml/transcription-handlers';
import { WorkerTranscriber } from '../../../../src/adapters/ml/transcriber-client';
import { serveWorker, WorkerClient, type Endpoint } from '../../../../src/workers/protocol';
import { type ProgressEvent } from '../../../../src/ports/progress';
import { AppError } from '../../../../src/domain/errors';

const RATE = 16_000;
/** transformers.js is pointed at the generated model folder in beforeAll; nothing else to configure. */
const defaultTranscriptionDeps = createTranscriptionDeps(async () => undefined);
let root = '';
let modelId = '';

/** A voiced-sounding signal: a 220 Hz tone with a 3 Hz syllable envelope, framed by silence. */
function speechLike(seconds: number, amplitude = 0.3): Float32Array {
  const out = new Float32Array(Math.round((seconds + 1) * RATE));
  for (let i = 0; i < seconds * RATE; i++) {
    out[i + RATE / 2] = amplitude * Math.sin((2 * Math.PI * 220 * i) / RATE) * (0.5 + 0.5 * Math.sin((2 * Math.PI * 3 * i) / RATE));
  }
  return out;
}

function connect(deps: TranscriptionDeps = defaultTranscriptionDeps): WorkerClient<TranscriptionApi> {
  const { port1, port2 } = new MessageChannel();
  serveWorker<TranscriptionApi>(port2 as unknown as Endpoint, createTranscriptionHandlers(deps));
  port1.start();
  port2.start();
  return new WorkerClient<TranscriptionApi>(
    port1 as unknown as Endpoint & { addEventListener(type: 'error', l: (e: Event) => void): void },
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'rehearse-whisper-'));
  modelId = await writeTinyWhisper(root);
  env.localModelPath = root;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('WorkerTranscriber over the ML worker protocol', () => {
  it('transcribes speech with word timestamps and transfers the buffer', async () => {
    const transcriber = new WorkerTranscriber(() => client, { modelSetting: () => modelId });
    const client = connect();
    const audio = speechLike(2);
    const progress: ProgressEvent[] = [];
    const result = await transcriber.transcribe(audio, { language: 'en', onProgress: (p) => progress.push(p) });

    expect(result.text).toBe(TINY_WHISPER_TEXT.trim());
    expect(result.durationSeconds).toBe(3);
    // Whisper attaches the final period to the last word.
    expect(result.words?.map((w) => w.text)).toEqual([' Hello', ' from', ' the', ' tiny', ' whisper.']);
    let previous = 0;
    for (const w of result.words ?? []) {
      expect(w.start).toBeGreaterThanOrEqual(previous);
      expect(w.end).toBeGreaterThanOrEqual(w.start);
      // Whisper pads to a 30 s window; no word may be timed in the padding after the recording.
      expect(w.end).toBeLessThanOrEqual(result.durationSeconds);
      previous = w.start;
    }
    expect(progress.some((p) => p.phase === 'work' && p.label === 'Transcribing')).toBe(true);
    // Transferred, not copied: the caller's buffer is detached.
    expect(audio.byteLength).toBe(0);
  });

  it('passes the interview language to a multilingual model and can skip word timings', async () => {
    const transcriber = new WorkerTranscriber(() => client, { modelSetting: () => modelId });
    const client = connect();
    const result = await transcriber.transcribe(speechLike(1.5), { language: 'fr', wordTimestamps: false });
    expect(result.text).toBe(TINY_WHISPER_TEXT.trim());
    expect(result.words).toBeUndefined();
  });

  it('chunks answers longer than 30 seconds and merges the text', async () => {
    const client = connect();
    const audio = new Float32Array(45 * RATE);
    audio.set(speechLike(2), 0);
    audio.set(speechLike(2), 36 * RATE);
    const result = await client.call('transcribe', { audio, modelId, language: 'en', wordTimestamps: true });
    expect(result.durationSeconds).toBe(45);
    expect(result.text).toContain('Hello from the tiny whisper');
  });

  it('says "nothing heard" for digital silence without running the model', async () => {
    let loads = 0;
    const client = connect({
      ...defaultTranscriptionDeps,
      loadPipeline: async (...args) => (loads++, defaultTranscriptionDeps.loadPipeline(...args)),
    });
    const error = await client
      .call('transcribe', { audio: new Float32Array(RATE * 2), modelId, language: 'en', wordTimestamps: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('nothing-heard');
    expect((error as AppError).message).toContain('didn’t catch that');
    expect(loads).toBe(0);
  });

  it('says "nothing heard" when the model hears only quiet room noise', async () => {
    const client = connect();
    const audio = new Float32Array(RATE * 2);
    let s = 5;
    for (let i = 0; i < audio.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      audio[i] = 0.004 * (s / 2 ** 32 - 0.5) * 2;
    }
    const error = await client.call('transcribe', { audio, modelId, language: 'en', wordTimestamps: false }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('nothing-heard');
  });

  it('maps a model that cannot be loaded to model-download-failed, and retries next time', async () => {
    const client = connect();
    const call = () =>
      client.call('transcribe', { audio: speechLike(1), modelId: 'test/not-downloaded', language: 'en', wordTimestamps: false });
    const error = await call().catch((e: unknown) => e);
    expect((error as AppError).code).toBe('model-download-failed');
    expect((error as AppError).message).toMatch(/type your answer/);
    // Not cached as a failure: a second call tries again (and fails the same way, not with a stale promise).
    expect(((await call().catch((e: unknown) => e)) as AppError).code).toBe('model-download-failed');
  });

  it('prepares a model ahead of time and reports it ready', async () => {
    const transcriber = new WorkerTranscriber(() => client, { modelSetting: () => modelId });
    const client = connect();
    const progress: ProgressEvent[] = [];
    await transcriber.prepare('en', (p) => progress.push(p));
    expect(progress.at(-1)).toMatchObject({ phase: 'done', fraction: 1 });
  });
});

describe('transcription handler policy', () => {
  it('falls back from WebGPU to WASM when the GPU session cannot be built', async () => {
    const devices: AsrDevice[] = [];
    const deps: TranscriptionDeps = {
      detectDevice: async () => 'webgpu',
      loadPipeline: async (id, device, onProgress) => {
        devices.push(device);
        if (device === 'webgpu') throw new Error('no adapter');
        return defaultTranscriptionDeps.loadPipeline(id, 'cpu', onProgress);
      },
    };
    const client = connect(deps);
    const result = await client.call('transcribe', { audio: speechLike(1), modelId, language: 'en', wordTimestamps: false });
    expect(devices).toEqual(['webgpu', 'wasm']);
    expect(result.device).toBe('wasm');
  });

  it('turns download progress into byte counts and fractions', () => {
    expect(toProgressEvent({ status: 'progress', file: 'onnx/encoder_model.onnx', loaded: 50, total: 200, progress: 25 })).toEqual({
      label: 'Downloading speech model (onnx/encoder_model.onnx)',
      phase: 'download',
      file: 'onnx/encoder_model.onnx',
      loaded: 50,
      total: 200,
      fraction: 0.25,
    });
    expect(toProgressEvent({ status: 'initiate', file: 'x' })).toBeUndefined();
  });
});
