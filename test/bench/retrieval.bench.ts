/**
 * Retrieval benchmarks (measured and printed, never asserted):
 *  1. query latency, top-10 cosine over 1k/10k/100k × 384: contiguous matrix + partial top-k
 *     (what IdbVectorStore does) vs a naive baseline (array of objects + full sort);
 *  2. memory of a cached 100k-chunk namespace vs the raw Float32 bytes;
 *  3. indexing throughput: the worker path (WorkerEmbedder → protocol → handlers) and the
 *     full store path (+ IdbVectorStore on fake-indexeddb) vs calling the pipeline directly,
 *     on the tiny generated BERT model (Node, onnxruntime-node).
 * Writes its table to the "Retrieval" section of docs/benchmarks.md.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'vitest';
import { buildMatrix, IdbVectorStore } from '../../src/adapters/storage/idb-vector-store';
import { openRehearseDB } from '../../src/adapters/storage/db';
import { createEmbeddingHandlers, defaultEmbeddingDeps, type EmbeddingApi } from '../../src/adapters/ml/embedding-handlers';
import { WorkerEmbedder } from '../../src/adapters/ml/embedder-client';
import { transferablesOf } from '../../src/adapters/ml/transferables';
import { cosineTopK } from '../../src/domain/retrieval/top-k';
import type { ChunkRecord } from '../../src/domain/records';
import { serveWorker, WorkerClient } from '../../src/workers/protocol';
import { TINY_BERT_ID, writeTinyBert } from '../fixtures/tiny-bert';

const DIMS = 384;
const rows: string[] = [];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

function randomUnit(random: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  let n = 0;
  for (let i = 0; i < DIMS; i++) n += (v[i] = random()) ** 2;
  n = Math.sqrt(n);
  for (let i = 0; i < DIMS; i++) v[i]! /= n;
  return v;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void, repeats: number): number {
  fn(); // warm the JIT
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

function records(count: number, random: () => number): ChunkRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `doc-${Math.floor(i / 50)}:chunk-${i % 50}`,
    documentId: `doc-${Math.floor(i / 50)}`,
    namespace: 'bench',
    index: i % 50,
    text: '',
    modelId: 'bench-model',
    vector: randomUnit(random),
  }));
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

test('query latency: contiguous matrix + partial top-k vs naive objects + full sort', () => {
  rows.push('| Query latency, top-10 of N × 384 (median) | ours | naive | speed-up | goal ≥ 3× |', '|---|---|---|---|---|');
  for (const n of [1_000, 10_000, 100_000]) {
    const random = rng(n);
    const recs = records(n, random);
    const cache = buildMatrix(recs);
    const naive = recs.map((r) => ({ id: r.id, vector: r.vector }));
    const query = randomUnit(random);
    const repeats = n >= 100_000 ? 9 : 51;
    let ourTop: string[] = [];
    let naiveTop: string[] = [];
    const ours = time(() => {
      ourTop = cosineTopK(cache.matrix, cache.dims, cache.count, query, 10).map((h) => cache.ids[h.index]!);
    }, repeats);
    const baseline = time(() => {
      naiveTop = naive
        .map((item) => {
          let s = 0;
          for (let d = 0; d < DIMS; d++) s += item.vector[d]! * query[d]!;
          return { id: item.id, score: s };
        })
        .sort((a, b) => b.score - a.score)
        .slice(0, 10)
        .map((h) => h.id);
    }, repeats);
    if (ourTop.join() !== naiveTop.join()) throw new Error('the two implementations disagree');
    const speedup = baseline / ours;
    rows.push(
      `| ${n.toLocaleString('en')} | ${ours.toFixed(2)} ms | ${baseline.toFixed(2)} ms | ${speedup.toFixed(1)}× | ${n < 10_000 ? 'n/a' : speedup >= 3 ? 'met' : 'missed'} |`,
    );
  }
});

test('memory of a cached 100k × 384 namespace vs raw Float32 bytes', () => {
  const n = 100_000;
  const recs = records(n, rng(42));
  const raw = n * DIMS * 4;
  gc();
  const before = process.memoryUsage();
  const cache = buildMatrix(recs);
  gc();
  const after = process.memoryUsage();
  const measured = after.heapUsed - before.heapUsed + (after.arrayBuffers - before.arrayBuffers);
  const ratio = measured / raw;
  rows.push(
    '',
    '| Cache memory, 100k × 384 | bytes | × raw | goal ≤ 1.2× |',
    '|---|---|---|---|',
    `| raw Float32 vectors | ${(raw / 1e6).toFixed(1)} MB | 1.00× | |`,
    `| cached namespace (matrix + ids), measured${(globalThis as { gc?: unknown }).gc ? '' : ' (no --expose-gc: noisy)'} | ${(measured / 1e6).toFixed(1)} MB | ${ratio.toFixed(2)}× | ${ratio <= 1.2 ? 'met' : 'missed'} |`,
  );
  if (cache.count !== n) throw new Error('matrix incomplete');
});

test('indexing throughput on the tiny BERT (384 wide): worker path and store path vs direct pipeline', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-tiny-bert-'));
  // 384 wide, like MiniLM, so the model does some real work per passage.
  writeTinyBert(root, TINY_BERT_ID, DIMS);
  const { env, pipeline } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}/`;
  const texts = Array.from(
    { length: 512 },
    (_, i) =>
      `Passage ${i}: led the migration of a large React and TypeScript dashboard, improved performance, mentored engineers and reviewed code for payments security.`,
  );
  const batch = 16;

  const direct = await pipeline('feature-extraction', TINY_BERT_ID, { dtype: 'q8' });
  await direct(['warm up'], { pooling: 'mean', normalize: true });
  const directRun = async (): Promise<void> => {
    for (let s = 0; s < texts.length; s += batch) await direct(texts.slice(s, s + batch), { pooling: 'mean', normalize: true });
  };

  const channel = new MessageChannel();
  serveWorker<EmbeddingApi>(
    channel.port2 as never,
    createEmbeddingHandlers({ ...defaultEmbeddingDeps, beforeFirstLoad: async () => undefined }),
    transferablesOf,
  );
  const client = new WorkerClient<EmbeddingApi>(channel.port1 as never);
  channel.port1.start();
  channel.port2.start();
  const embedder = new WorkerEmbedder({ modelId: TINY_BERT_ID, batchSize: batch, client: () => client });
  await embedder.prepare();
  const workerRun = async (): Promise<Float32Array[]> => embedder.embed(texts);

  let round = 0;
  const store = new IdbVectorStore(() => openRehearseDB({ name: 'bench-store' }));
  const storeRun = async (): Promise<void> => {
    const vectors = await embedder.embed(texts);
    round++;
    await store.upsert(
      'bench',
      TINY_BERT_ID,
      vectors.map((vector, i) => ({ id: `r${round}-${i}`, documentId: `d${round}`, index: i, text: texts[i]!, vector })),
    );
  };

  // The three paths take turns (rotating which goes first) so that a busy moment of the
  // machine or onnxruntime's thread pool warming up does not land on one path only.
  const paths = [directRun, workerRun, storeRun];
  const samples: number[][] = paths.map(() => []);
  for (const fn of paths) await fn();
  for (let i = 0; i < 9; i++) {
    for (let j = 0; j < paths.length; j++) {
      const which = (i + j) % paths.length;
      const t = performance.now();
      await paths[which]!();
      samples[which]!.push(performance.now() - t);
    }
  }
  const [directRate, workerRate, storeRate] = samples.map((s) => texts.length / (median(s) / 1000)) as [number, number, number];
  channel.port1.close();
  rows.push(
    '',
    `| Indexing throughput, ${texts.length} passages, tiny BERT 384-wide (Node, onnxruntime-node) | passages/s | vs direct | goal ≥ 0.9× |`,
    '|---|---|---|---|',
    `| direct pipeline, batches of ${batch} | ${directRate.toFixed(0)} | 1.00× | |`,
    `| worker path (WorkerEmbedder → protocol → handlers) | ${workerRate.toFixed(0)} | ${(workerRate / directRate).toFixed(2)}× | ${workerRate / directRate >= 0.9 ? 'met' : 'missed'} |`,
    `| worker path + IdbVectorStore.upsert (fake-indexeddb) | ${storeRate.toFixed(0)} | ${(storeRate / directRate).toFixed(2)}× | ${storeRate / directRate >= 0.9 ? 'met' : 'missed'} |`,
  );
});

test('write the table', () => {
  const table = rows.join('\n');
  console.log(`\n${table}\n`);
  const path = join(process.cwd(), 'docs/benchmarks.md');
  const start = '<!-- retrieval:start -->';
  const end = '<!-- retrieval:end -->';
  const section = `${start}\n## Retrieval\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.versions.node} (\`npx vitest run --config test/bench/vitest.config.ts test/bench/retrieval.bench.ts\`).\n\n${table}\n${end}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
});
