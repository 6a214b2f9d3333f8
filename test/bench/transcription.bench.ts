/**
 * Transcription overhead: the app's path (48 kHz recording → resample → worker protocol →
 * transcription handler → pipeline) against calling the transformers.js pipeline directly on
 * the same 16 kHz audio, in the same run, on the tiny generated Whisper. Goal: ≤ 1.2×.
 * Measured and printed, never asserted.
 */
import { test } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { writeTinyWhisper } from '../fixtures/tiny-whisper';
import { readWavMono, writeSpeechWav } from '../fixtures/speech-wav';
import { createTranscriptionDeps, createTranscriptionHandlers, type TranscriptionApi } from '../../src/adapters/ml/transcription-handlers';
import { resample, WHISPER_SAMPLE_RATE } from '../../src/domain/voice/resample';
import { serveWorker, WorkerClient, type Endpoint } from '../../src/workers/protocol';
import { today, writeBenchSection } from './write-section';

// Enough runs for a stable median on a busy 2-core machine; the two paths alternate which goes first.
const RUNS = 20;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

test('transcription pipeline overhead', async () => {
  const root = await mkdtemp(join(tmpdir(), 'rehearse-bench-'));
  const modelId = await writeTinyWhisper(root);
  env.localModelPath = root;
  env.allowRemoteModels = false;
  const wav = writeSpeechWav(join(root, 'answer.wav'), 'I led the migration of our billing system to a new database last spring.');
  const { samples, sampleRate } = readWavMono(await readFile(wav));

  const direct = await pipeline('automatic-speech-recognition', modelId, { dtype: 'fp32' });
  const { port1, port2 } = new MessageChannel();
  serveWorker<TranscriptionApi>(port2 as unknown as Endpoint, createTranscriptionHandlers(createTranscriptionDeps(async () => undefined)));
  const client = new WorkerClient<TranscriptionApi>(
    port1 as unknown as Endpoint & { addEventListener(type: 'error', l: (e: Event) => void): void },
  );
  const pcm16k = resample(samples, sampleRate, WHISPER_SAMPLE_RATE);
  // Warm both paths (model load, first-run allocations).
  await direct(pcm16k.slice(), { return_timestamps: 'word', language: 'en', task: 'transcribe' });
  await client.call('transcribe', { audio: pcm16k.slice(), modelId, language: 'en', wordTimestamps: true });

  const directMs: number[] = [];
  const appMs: number[] = [];
  const runDirect = async () => {
    const t = performance.now();
    await direct(pcm16k.slice(), { return_timestamps: 'word', language: 'en', task: 'transcribe' });
    directMs.push(performance.now() - t);
  };
  const runApp = async () => {
    const t = performance.now();
    const audio = resample(samples, sampleRate, WHISPER_SAMPLE_RATE);
    await client.call('transcribe', { audio, modelId, language: 'en', wordTimestamps: true }, { transfer: [audio.buffer] });
    appMs.push(performance.now() - t);
  };
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      await runDirect();
      await runApp();
    } else {
      await runApp();
      await runDirect();
    }
  }
  port1.close();
  const d = median(directMs);
  const a = median(appMs);
  const table = [
    `| audio | direct pipeline (median ms) | app path: resample + worker protocol + handler (median ms) | ratio | goal |`,
    `|---|---|---|---|---|`,
    `| ${(samples.length / sampleRate).toFixed(1)} s espeak-ng speech, tiny Whisper, ${RUNS} runs | ${d.toFixed(1)} | ${a.toFixed(1)} | ${(a / d).toFixed(2)}× | ≤ 1.2× |`,
  ].join('\n');
  console.log(table);
  // A marked section, replaced on every run (appending left one copy per run).
  writeBenchSection('transcription', `## Voice: transcription overhead (${today()})\n\n${table}`);
  await rm(root, { recursive: true, force: true });
});
