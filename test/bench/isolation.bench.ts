/**
 * Cross-origin isolation and the CPU path (issue 14, "The CPU path uses every core"): the same
 * work in headless Chromium on a page served with COOP/COEP (isolated: onnxruntime-web's WASM
 * backend may run one thread per core) and on the same page served without them (one thread),
 * in one run. Work: transcribing the 9.2 s espeak-ng sample, and indexing 512 passages
 * (embed + store, the retriever's real path), both in the app's real ML worker, on the
 * generated models with a realistic compute load (test/bench/fixtures/workload-models.ts).
 * No WebGPU here (--disable-gpu), so this is the path of a laptop without a usable GPU.
 * Goal ≥ 1.5× on a 2-core machine. Measured and printed, never asserted; writes the
 * "isolation" section of docs/benchmarks.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Page } from 'playwright';
import { build } from 'vite';
import { test } from 'vitest';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { securityHeaders } from '../../src/domain/content-security-policy';
import { resample, WHISPER_SAMPLE_RATE } from '../../src/domain/voice/resample';
import { startModelServer } from '../e2e/model-server';
import { readWavMono, writeSpeechWav } from '../fixtures/speech-wav';
import { BENCH_BERT_ID, benchBertFiles, benchWhisperFiles, WHISPER_LOADS } from './fixtures/workload-models';
import { quantile, today, writeBenchSection } from './write-section';

const ROOT = resolve('.');
const OUT = join(ROOT, 'test/.generated/isolation-harness');
const PASSAGES = 512;
const TRANSCRIPTIONS = 3;
const INDEX_ROUNDS = 1;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

type Harness = typeof import('./isolation-harness/main').harness;
declare global {
  interface Window {
    benchHarness: Harness;
  }
}

/** Serves the built harness, with the app's headers or with none. */
async function serveHarness(headers: Record<string, string>): Promise<{ url: string; close(): void }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = normalize(new URL(req.url ?? '/', 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const file = join(OUT, path === '/' ? 'index.html' : path);
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => server.close() };
}

function passages(): string[] {
  const words =
    'led the migration of a large react and typescript dashboard improved performance mentored engineers reviewed code for payments security team api design'.split(
      ' ',
    );
  return Array.from({ length: PASSAGES }, (_, i) => Array.from({ length: 40 }, (_, j) => words[(i * 7 + j * 3) % words.length]).join(' '));
}

test('transcription and indexing on the CPU path: isolated (threads) vs not', async () => {
  mkdirSync(OUT, { recursive: true });
  await build({
    configFile: false,
    root: join(ROOT, 'test/bench/isolation-harness'),
    base: '/',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: OUT, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  });
  const mirror = await startModelServer({
    [BENCH_BERT_ID]: benchBertFiles(),
    [WHISPER_LOADS.tiny.id]: benchWhisperFiles('tiny'),
    [WHISPER_LOADS.base.id]: benchWhisperFiles('base'),
  });
  const wavPath = join(ROOT, 'test/.generated/isolation-answer.wav');
  writeSpeechWav(wavPath, 'I led the migration of our billing system to a new database last spring.');
  const { samples, sampleRate } = readWavMono(readFileSync(wavPath));
  const audio = Array.from(resample(samples, sampleRate, WHISPER_SAMPLE_RATE));
  const seconds = samples.length / sampleRate;

  const loadBefore = loadavg()[0]!;
  const isolatedServer = await serveHarness(securityHeaders());
  const plainServer = await serveHarness({});
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? findChromium() ?? undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const open = async (url: string): Promise<Page> => {
      const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
      await page.goto(`${url}/`);
      await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
      await page.evaluate((host) => window.benchHarness.configure(host), `${mirror.url}/`);
      return page;
    };
    const modes = { plain: await open(plainServer.url), isolated: await open(isolatedServer.url) };
    const threads = await modes.isolated.evaluate(() => [window.benchHarness.isolated(), navigator.hardwareConcurrency] as const);
    const plainIsolated = await modes.plain.evaluate(() => window.benchHarness.isolated());
    if (!threads[0] || plainIsolated) throw new Error(`isolation not as intended: isolated=${threads[0]}, plain=${plainIsolated}`);

    // Warm up: downloads, session creation, first-run allocations.
    const sizes = ['base', 'tiny'] as const;
    for (const page of Object.values(modes)) {
      for (const size of sizes)
        await page.evaluate(({ id, a }) => window.benchHarness.transcribe(id, a), { id: WHISPER_LOADS[size].id, a: audio });
      await page.evaluate(({ id, t }) => window.benchHarness.index(id, t, 'warm'), { id: BENCH_BERT_ID, t: passages().slice(0, 16) });
    }

    const times = {
      plain: { base: [] as number[], tiny: [] as number[], index: [] as number[] },
      isolated: { base: [] as number[], tiny: [] as number[], index: [] as number[] },
    };
    let text = '';
    // The two alternate which goes first, so a busy moment of the machine falls on both.
    for (let i = 0; i < TRANSCRIPTIONS; i++) {
      const order = i % 2 === 0 ? (['plain', 'isolated'] as const) : (['isolated', 'plain'] as const);
      for (const size of sizes)
        for (const mode of order) {
          const result = await modes[mode].evaluate(({ id, a }) => window.benchHarness.transcribe(id, a), {
            id: WHISPER_LOADS[size].id,
            a: audio,
          });
          times[mode][size].push(result.ms);
          text = result.text;
        }
    }
    for (let i = 0; i < INDEX_ROUNDS; i++) {
      const order = i % 2 === 0 ? (['plain', 'isolated'] as const) : (['isolated', 'plain'] as const);
      for (const mode of order) {
        const ms = await modes[mode].evaluate(({ id, t, ns }) => window.benchHarness.index(id, t, ns), {
          id: BENCH_BERT_ID,
          t: passages(),
          ns: `bench-${i}`,
        });
        times[mode].index.push(ms);
      }
    }

    const median = (v: number[]) => quantile(v, 0.5);
    const row = (label: string, plain: number[], isolated: number[]) => {
      const p = median(plain);
      const s = median(isolated);
      const ratio = p / s;
      return `| ${label} | ${(p / 1000).toFixed(2)} s | ${(s / 1000).toFixed(2)} s | ${ratio.toFixed(2)}× | ≥ 1.5× (${ratio >= 1.5 ? 'met' : 'missed'}) |`;
    };
    const table = [
      `| work (median) | not isolated: 1 WASM thread | isolated: ${threads[1]} WASM threads | speed-up | goal |`,
      `|---|---|---|---|---|`,
      row(
        `transcribe the ${seconds.toFixed(1)} s sample, Whisper Base compute: the app's default (${TRANSCRIPTIONS} runs each)`,
        times.plain.base,
        times.isolated.base,
      ),
      row(
        `transcribe the ${seconds.toFixed(1)} s sample, Whisper Tiny compute (${TRANSCRIPTIONS} runs each)`,
        times.plain.tiny,
        times.isolated.tiny,
      ),
      row(`index ${PASSAGES} passages of 40 words (${INDEX_ROUNDS} runs each)`, times.plain.index, times.isolated.index),
    ].join('\n');
    console.log(table);
    console.log(`transcript: ${text}`);
    writeBenchSection(
      'isolation',
      `## CPU path: cross-origin isolated vs not\n\nMeasured ${today()} by \`npm run bench\`. ` +
        `Headless Chromium without WebGPU, ${cpus().length} CPU cores (navigator.hardwareConcurrency ${threads[1]}), the app's ML worker on the ` +
        `generated models with the multiply-adds of all-MiniLM-L6-v2 (embedder) and of Whisper Base or Tiny (encoder and, per generated token, decoder: \`WHISPER_LOADS\` in \`test/bench/fixtures/workload-models.ts\`; fp32, where the app's CPU path runs the 8-bit models) (\`test/bench/isolation.bench.ts\`). ` +
        `The same harness page served with COOP \`same-origin\` + COEP \`credentialless\` and without them. ` +
        `Load average ${loadBefore.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end: on a machine busy with other work ` +
        `each thread also gets its own share of the CPU, which flatters the threaded figure.\n\n${table}`,
    );
    void (await Promise.all(Object.values(modes).map((p) => p.context().close())));
  } finally {
    await browser.close();
    isolatedServer.close();
    plainServer.close();
    await mirror.close();
  }
});
