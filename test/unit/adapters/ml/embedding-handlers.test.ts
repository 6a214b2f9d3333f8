/**
 * The embedding handlers with the REAL transformers.js (onnxruntime-node) on the tiny
 * generated BERT model, through the real worker protocol over a MessageChannel.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEmbeddingHandlers,
  defaultEmbeddingDeps,
  type EmbeddingApi,
  type EmbeddingDeps,
} from '../../../../src/adapters/ml/embedding-handlers';
import { WorkerEmbedder } from '../../../../src/adapters/ml/embedder-client';
import { transferablesOf } from '../../../../src/adapters/ml/transferables';
import { serveWorker, WorkerClient } from '../../../../src/workers/protocol';
import { type ProgressEvent } from '../../../../src/ports/progress';
import { TINY_BERT_HIDDEN, TINY_BERT_ID, writeTinyBert } from '../../../fixtures/tiny-bert';

let root = '';
const forgotten: string[] = [];
const ports: MessagePort[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'rehearse-tiny-bert-'));
  writeTinyBert(root);
  writeTinyBert(root, 'rehearse-test/tiny-bert-16', 16);
  // A "model" whose ONNX file is an SPA fallback page.
  const broken = writeTinyBert(root, 'rehearse-test/html-instead');
  writeFileSync(join(broken, 'onnx/model_quantized.onnx'), '<!doctype html><html><body>App</body></html>');
});

afterAll(() => {
  for (const port of ports) port.close();
});

function deps(): EmbeddingDeps {
  return {
    ...defaultEmbeddingDeps,
    async beforeFirstLoad() {
      // Node: read the generated files from disk; nothing may go to the network.
      const { env } = await import('@huggingface/transformers');
      env.allowRemoteModels = false;
      env.allowLocalModels = true;
      env.localModelPath = `${root}/`;
    },
    async forgetModel(modelId) {
      forgotten.push(modelId);
    },
  };
}

/** A WorkerClient talking to the real handlers through a MessageChannel, as in the worker. */
function connect(): WorkerClient<EmbeddingApi> {
  const channel = new MessageChannel();
  ports.push(channel.port1, channel.port2);
  serveWorker<EmbeddingApi>(channel.port2 as never, createEmbeddingHandlers(deps()), transferablesOf);
  const client = new WorkerClient<EmbeddingApi>(channel.port1 as never);
  channel.port1.start();
  channel.port2.start();
  return client;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

describe('embedding handlers on the tiny BERT (real transformers.js)', () => {
  it('returns one normalised vector per text, with the width read from the model', async () => {
    const client = connect();
    const texts = ['React and TypeScript', 'mentoring junior engineers', 'PostgreSQL tuning', ''];
    const result = await client.call('embed', { modelId: TINY_BERT_ID, texts, batchSize: 3 });
    expect(result.dims).toBe(TINY_BERT_HIDDEN);
    expect(result.count).toBe(4);
    expect(result.device).toBe('cpu');
    expect(result.vectors).toBeInstanceOf(Float32Array);
    expect(result.vectors.length).toBe(4 * TINY_BERT_HIDDEN);
    for (let i = 0; i < 4; i++) {
      const row = result.vectors.subarray(i * TINY_BERT_HIDDEN, (i + 1) * TINY_BERT_HIDDEN);
      expect(Math.hypot(...row)).toBeCloseTo(1, 4);
    }
    // Another model, another width: nothing assumes 384.
    const small = await client.call('embed', { modelId: 'rehearse-test/tiny-bert-16', texts: ['hello'] });
    expect(small.dims).toBe(16);
  });

  it('is deterministic, batch-independent, and ranks shared words as closer', async () => {
    const embedder = new WorkerEmbedder({ modelId: TINY_BERT_ID, batchSize: 2, client: connect });
    const [a, b, c, a2] = await embedder.embed([
      'react typescript frontend',
      'typescript react developer',
      'payments security review',
      'react typescript frontend',
    ]);
    const [alone] = await new WorkerEmbedder({ modelId: TINY_BERT_ID, batchSize: 1, client: connect }).embed(['react typescript frontend']);
    expect(Array.from(a2!)).toEqual(Array.from(a!));
    for (let i = 0; i < a!.length; i++) expect(alone![i]).toBeCloseTo(a![i]!, 5);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!));
    expect(embedder.dims).toBe(TINY_BERT_HIDDEN);
    // Rows are independent copies, not views on one batch buffer (IndexedDB would store it all).
    expect(a!.buffer).not.toBe(b!.buffer);
    expect(a!.buffer.byteLength).toBe(TINY_BERT_HIDDEN * 4);
  });

  it('reports download bytes per file, then "Indexed n of N passages"', async () => {
    const client = connect();
    const events: ProgressEvent[] = [];
    await client.call(
      'embed',
      { modelId: TINY_BERT_ID, texts: Array.from({ length: 5 }, (_, i) => `passage ${i}`), batchSize: 2 },
      { onProgress: (e) => events.push(e) },
    );
    const download = events.filter((e) => e.phase === 'download');
    expect(download.some((e) => e.file === 'onnx/model_quantized.onnx' && typeof e.total === 'number' && e.total > 1000)).toBe(true);
    expect(events.filter((e) => e.phase === 'work').map((e) => e.label)).toEqual([
      'Indexed 2 of 5 passages',
      'Indexed 4 of 5 passages',
      'Indexed 5 of 5 passages',
    ]);
    expect(events.findIndex((e) => e.phase === 'work')).toBeGreaterThan(events.findIndex((e) => e.phase === 'download'));
  });

  it('turns a missing or HTML model into model-download-failed, forgets its cache, and keeps answering', async () => {
    const client = connect();
    await expect(client.call('embed', { modelId: 'rehearse-test/html-instead', texts: ['x'] })).rejects.toMatchObject({
      code: 'model-download-failed',
    });
    expect(forgotten).toContain('rehearse-test/html-instead');
    await expect(client.call('embed', { modelId: 'rehearse-test/does-not-exist', texts: ['x'] })).rejects.toMatchObject({
      code: 'model-download-failed',
    });
    const ok = await client.call('embed', { modelId: TINY_BERT_ID, texts: ['still here'] });
    expect(ok.count).toBe(1);
  });

  it('prepares (downloads + warms) ahead of time and reports the width', async () => {
    const embedder = new WorkerEmbedder({ modelId: TINY_BERT_ID, client: connect });
    expect(embedder.dims).toBe(0);
    expect(await embedder.prepare()).toEqual({ dims: TINY_BERT_HIDDEN, device: 'cpu' });
    expect(embedder.dims).toBe(TINY_BERT_HIDDEN);
  });

  it('stops between batches when aborted', async () => {
    const client = connect();
    await client.call('prepareEmbedder', { modelId: TINY_BERT_ID });
    const controller = new AbortController();
    const pending = client.call(
      'embed',
      { modelId: TINY_BERT_ID, texts: Array.from({ length: 50 }, (_, i) => `t${i}`), batchSize: 1 },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });
});
