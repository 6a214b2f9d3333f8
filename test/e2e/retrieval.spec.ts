/**
 * Retrieval in a real browser: the ML worker built by Vite runs transformers.js (ORT wasm)
 * on the tiny generated BERT, served by a local "model mirror"; vectors land in real
 * IndexedDB; the hybrid retriever answers; and no request leaves our own origins.
 *
 * The page is a test harness built from the real modules (test/e2e/retrieval-harness),
 * served by its own local server, until the practice setup screen indexes documents itself.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { test, expect } from './fixtures';
import { TINY_BERT_HIDDEN, TINY_BERT_ID, writeTinyBert } from '../fixtures/tiny-bert';
import { corpus } from '../fixtures/retrieval-corpus';

const root = fileURLToPath(new URL('../..', import.meta.url));
const generated = join(root, 'test/.generated');
const harnessOut = join(generated, `retrieval-harness-${process.env.E2E_PORT ?? 'default'}`);
const models = join(generated, 'retrieval-models');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(handler: (path: string) => Promise<{ status: number; type: string; body: Buffer | string }>): Promise<Served> {
  const server: Server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const { status, type, body } = await handler(path);
    // The mirror is another origin than the page: transformers.js fetches it with CORS.
    res.writeHead(status, { 'content-type': type, 'access-control-allow-origin': '*' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function fileFrom(base: string, path: string): Promise<{ status: number; type: string; body: Buffer | string }> {
  try {
    return { status: 200, type: TYPES[extname(path)] ?? 'application/octet-stream', body: await readFile(join(base, path)) };
  } catch {
    return { status: 404, type: 'text/plain', body: 'not found' };
  }
}

let app: Served;
let mirror: Served;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  mkdirSync(models, { recursive: true });
  writeTinyBert(models);
  await build({
    configFile: false,
    root: join(root, 'test/e2e/retrieval-harness'),
    base: '/',
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: harnessOut, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  });
  // The harness must run the very worker the app ships (same content hash).
  const appAssets = join(root, process.env.E2E_DIST ?? 'dist', 'assets');
  if (existsSync(appAssets)) {
    const workerOf = (dir: string) => readdirSync(dir).filter((f) => /^ml\.worker-.*\.js$/.test(f));
    expect(workerOf(join(harnessOut, 'assets'))).toEqual(workerOf(appAssets));
  }
  app = await serve((path) => fileFrom(harnessOut, path === '/' ? '/index.html' : path));
  mirror = await serve(async (path) => {
    // `/<org>/<model>/resolve/main/<file>`, as on the hub.
    const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path);
    if (!match) return { status: 404, type: 'text/plain', body: 'not found' };
    // A mirror misconfigured as a single-page app: every path answers 200 with index.html.
    if (match[1] === 'rehearse-test/spa-fallback')
      return { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><html><body>app</body></html>' };
    return fileFrom(models, `/${match[1]}/${match[2]}`);
  });
});

test.afterAll(async () => {
  await app?.close();
  await mirror?.close();
});

test('the real ML worker embeds, indexes into IndexedDB and retrieves, talking only to our origins', async ({ page, requestLog }) => {
  test.setTimeout(120_000);
  await page.goto(`${app.url}/`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  const configured = await page.evaluate((host) => window.retrievalHarness.configure(host), `${mirror.url}/`);
  expect(configured.remoteHost).toBe(`${mirror.url}/`);

  const embedded = await page.evaluate(
    (id) => window.retrievalHarness.embed(id, ['React and TypeScript', 'mentoring engineers', 'payments security']),
    TINY_BERT_ID,
  );
  expect(embedded.ok, JSON.stringify(embedded)).toBe(true);
  if (!embedded.ok) return;
  expect(embedded.dims).toBe(TINY_BERT_HIDDEN);
  for (const norm of embedded.norms) expect(norm).toBeCloseTo(1, 4);
  expect(embedded.events.some((e) => e.phase === 'download' && e.file === 'onnx/model_quantized.onnx')).toBe(true);
  expect(embedded.events.filter((e) => e.phase === 'work').at(-1)?.label).toBe('Indexed 3 of 3 passages');

  const chunks = corpus.map(({ id, documentId, text }) => ({ id, documentId, text }));
  const result = await page.evaluate(([id, c]) => window.retrievalHarness.indexAndSearch(id, c, 'accessibility keyboard screen reader'), [
    TINY_BERT_ID,
    chunks,
  ] as const);
  expect(result.lastError).toBeNull();
  expect(result.count).toBe(corpus.length);
  expect(result.dims).toBe(TINY_BERT_HIDDEN);
  expect(result.storedAsFloat32).toBe(true);
  expect(result.modelIds).toEqual([TINY_BERT_ID]);
  expect(result.progress.at(-1)).toEqual([corpus.length, corpus.length]);
  expect(result.hits).toContain('jd-04');

  const remaining = await page.evaluate(() => window.retrievalHarness.deleteDocument('resume'));
  expect(remaining.length).toBe(corpus.filter((c) => c.documentId === 'jd').length);
  expect(new Set(remaining)).toEqual(new Set(['jd']));

  // The ONNX runtime came from our origin, the model from the mirror, nothing from anywhere else.
  const origins = new Set(requestLog.urls.filter((u) => u.startsWith('http')).map((u) => new URL(u).origin));
  expect([...origins].sort()).toEqual([app.url, mirror.url].sort());
  expect(requestLog.urls.some((u) => u.startsWith(app.url) && /ort-wasm-simd-threaded.*\.wasm$/.test(u))).toBe(true);
});

test('a model answered with an HTML page fails as model-download-failed and the worker keeps answering', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`${app.url}/`);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  await page.evaluate((host) => window.retrievalHarness.configure(host), `${mirror.url}/`);
  const failed = await page.evaluate(() => window.retrievalHarness.embed('rehearse-test/spa-fallback', ['x']));
  expect(failed.ok).toBe(false);
  if (failed.ok) return;
  expect(failed.error.code).toBe('model-download-failed');
  // Nothing of the bad model stays cached, so a fixed mirror is tried afresh.
  const cachedBad = await page.evaluate(async () => {
    const cache = await caches.open('transformers-cache');
    return (await cache.keys()).filter((r) => r.url.includes('spa-fallback')).length;
  });
  expect(cachedBad).toBe(0);
  const ok = await page.evaluate((id) => window.retrievalHarness.embed(id, ['still answering']), TINY_BERT_ID);
  expect(ok.ok).toBe(true);
});

declare global {
  interface Window {
    retrievalHarness: typeof import('./retrieval-harness/main').harness;
  }
}
