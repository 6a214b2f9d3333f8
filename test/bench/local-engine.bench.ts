/**
 * The local engine's cost to the page (measured and printed, never asserted). Goals from
 * issue #14: JavaScript fetched before the first local reply ≤ 2.5 MB gzip, and no main-thread
 * task over 50 ms while the local engine loads.
 *
 * The built app in headless Chromium with WebGPU (SwiftShader), the chat model marked as
 * downloaded, and the LLM worker replaced by test/doubles/webllm-worker.js (no GPU or weights
 * here) with its load paced at 10 × 150 ms. The double answers for the worker, so the bytes of
 * the real llm.worker chunk it stands in for are counted from dist. From opening the setup
 * screen (where the warm-up starts) to the first interviewer reply: every JavaScript file
 * fetched (page and workers, gzip -9 of the built file) and every long task. Writes the
 * "local-engine" section of docs/benchmarks.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { test } from 'vitest';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { patchStoredSettings } from '../e2e/idb-helpers';
import { serveStatic } from '../e2e/static-server';
import { interviewer } from '../e2e/practice-helpers';
import { today, writeBenchSection } from './write-section';
import { asFakeRequest, LOCAL_MODEL_ID } from '../e2e/local-model-helpers';

const DIST = resolve(process.env.E2E_DIST ?? 'dist');
const MODEL_ID = LOCAL_MODEL_ID;
const DOUBLE = readFileSync(fileURLToPath(new URL('../doubles/webllm-worker.js', import.meta.url)), 'utf8');
const LOAD_STEP_MS = 150;
const JS_GOAL = 2.5 * 1024 * 1024;
const LONG_TASK_GOAL_MS = 50;

function installObservers(): void {
  const w = window as unknown as { __bench: { longTasks: { start: number; duration: number }[]; firstReplyAt?: number } };
  w.__bench = { longTasks: [] };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  // The moment the first interviewer reply is on screen (wall clock, to compare with request times):
  // the scripted engine answers at once, so work started after the reply must not count as before it.
  const seen = new MutationObserver(() => {
    if (document.querySelector('[aria-label="Conversation"] > article[aria-label="Interviewer"]')) {
      w.__bench.firstReplyAt = Date.now();
      seen.disconnect();
    }
  });
  document.addEventListener('DOMContentLoaded', () => seen.observe(document.body, { childList: true, subtree: true }));
}

/** Relays the double's chat requests to the test, as test/e2e/local-mode.spec.ts does. */
function installRelay(): void {
  const channel = new BroadcastChannel('rehearse-test-llm');
  channel.onmessage = async (event: MessageEvent<{ type: string; id: string; request: unknown }>) => {
    if (event.data.type !== 'request') return;
    const reply = (window as unknown as { benchReply(r: unknown): Promise<object> }).benchReply;
    channel.postMessage({ type: 'reply', id: event.data.id, ...(await reply(event.data.request)) });
  };
}

const gzipCache = new Map<string, number>();
function gzipOf(file: string): number {
  if (!gzipCache.has(file)) gzipCache.set(file, existsSync(file) ? gzipSync(readFileSync(file), { level: 9 }).length : 0);
  return gzipCache.get(file)!;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

test('local engine: JavaScript before the first local reply, and long tasks while it loads', async () => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`No built app in ${DIST}: run \`npm run bench\` (it builds first).`);
  const executablePath: string | null = findChromium();
  if (!executablePath) throw new Error('No Chromium found: set CHROMIUM_PATH (see scripts/find-chromium.mjs).');
  const app = await serveStatic(DIST);
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--enable-unsafe-webgpu', '--no-first-run'] });
  try {
    const context = await browser.newContext({ baseURL: app.url, serviceWorkers: 'block' });
    await context.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
    await context.route(/\/assets\/llm\.worker-[\w-]+\.js$/, async (route) =>
      route.fulfill({ response: await route.fetch(), body: `self.LOAD_STEP_MS = ${LOAD_STEP_MS};\n${DOUBLE}` }),
    );
    const requested: { path: string; at: number }[] = [];
    let counting = false;
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (counting && url.origin === new URL(app.url).origin && /\.m?js$/.test(url.pathname))
        requested.push({ path: url.pathname, at: Date.now() });
    });
    const page = await context.newPage();
    const play = interviewer({ followUpAfter: [] });
    await page.exposeBinding('benchReply', (_source, body: Parameters<typeof asFakeRequest>[0]) => {
      const reply = play(asFakeRequest(body));
      return { text: typeof reply === 'string' ? reply : reply && 'text' in reply ? (reply.text ?? '') : '' };
    });
    await page.addInitScript(installObservers);
    await page.addInitScript(installRelay);

    // Earlier visits: settings saved, the chat model downloaded (placeholder weights where WebLLM looks).
    await page.goto('/#/');
    await page.locator('main h1').first().waitFor();
    await patchStoredSettings(page, { engine: 'local' });
    await page.evaluate(async (modelId) => {
      const base = `https://huggingface.co/mlc-ai/${modelId}/resolve/main/`;
      const cache = await caches.open('webllm/model');
      await cache.put(
        new Request(`${base}tensor-cache.json`),
        new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }] })),
      );
      await cache.put(new Request(`${base}params_shard_0.bin`), new Response(new Uint8Array(16)));
    }, MODEL_ID);

    // A fresh page load, as a user opening the app to practise (the browser cache is cold for our chunks).
    await context.clearCookies();
    counting = true;
    await page.goto('/#/practice');
    const t0 = await page.evaluate(() => performance.now());
    await page.getByLabel('Job description', { exact: true }).waitFor();
    const warmupShown = await page
      .getByTestId('setup-warmup')
      .waitFor({ timeout: 30_000 })
      .then(() => true)
      .catch(() => false);
    const tWarm = await page.evaluate(() => performance.now());
    // The warm-up's end: the engine is loaded while the form is still being filled in.
    const warmedUp = await page
      .getByTestId('setup-warmup')
      .filter({ hasText: 'loaded and ready' })
      .waitFor({ timeout: 60_000 })
      .then(() => true)
      .catch(() => false);
    const tLoaded = await page.evaluate(() => performance.now());
    await page
      .getByLabel('Job description', { exact: true })
      .fill('Senior Platform Engineer. You resolve disagreements between teams calmly.');
    await page.getByRole('radio', { name: /^Behavioral/ }).check();
    await page.getByLabel('Questions', { exact: true }).fill('3');
    await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
    const replies = page.getByRole('log', { name: 'Conversation' }).locator(':scope > article[aria-label="Interviewer"]');
    await replies.first().waitFor({ timeout: 120_000 });
    const t1 = await page.evaluate(() => performance.now());
    counting = false;

    const all = await page.evaluate(
      () => (window as unknown as { __bench: { longTasks: { start: number; duration: number }[] } }).__bench.longTasks,
    );
    const within = (from: number, to: number) => all.filter((t) => t.start + t.duration >= from && t.start <= to).map((t) => t.duration);
    // While the engine loads: from opening the setup screen until the warm-up reports it ready.
    const longTasks = within(t0, warmedUp ? tLoaded : t1);
    const afterStart = within(tLoaded, t1);
    // Of those, the ones after the first percent: the model loading in the worker while the page shows progress.
    const duringLoad = within(tWarm, warmedUp ? tLoaded : t1);
    const firstReplyAt = await page.evaluate(() => (window as unknown as { __bench: { firstReplyAt?: number } }).__bench.firstReplyAt);
    const scripts = requested.filter((r) => firstReplyAt === undefined || r.at <= firstReplyAt).map((r) => r.path);
    const unique = [...new Set(scripts)];
    const rows = unique.map((path) => ({ name: basename(path), gzip: gzipOf(join(DIST, path)) })).sort((a, b) => b.gzip - a.gzip);
    const total = rows.reduce((sum, r) => sum + r.gzip, 0);
    const pageSide = rows.filter((r) => !/worker/.test(r.name)).reduce((sum, r) => sum + r.gzip, 0);
    const webllmOnPage = rows.some((r) => /webllm-lib/.test(r.name));
    const worst = longTasks.length ? Math.max(...longTasks) : 0;
    const over = longTasks.filter((d) => d > LONG_TASK_GOAL_MS).length;
    const version = browser.version();
    await context.close();

    const top = rows
      .slice(0, 6)
      .map((r) => `| ${r.name} | ${mb(r.gzip)} |`)
      .join('\n');
    const table = [
      `## Local engine: JavaScript and main-thread work before the first local reply`,
      '',
      `Measured ${today()} by \`npm run bench\` (\`test/bench/local-engine.bench.ts\`), Chromium ${version} with WebGPU (SwiftShader), the built app, the chat model marked downloaded, the LLM worker replaced by \`test/doubles/webllm-worker.js\` (load paced at 10 × ${LOAD_STEP_MS} ms; the real \`llm.worker\` chunk's size is counted). JavaScript: from opening the setup screen (the warm-up starts there) to the first interviewer reply on screen (requests started after it appeared are not counted: the scripted engine replies at once). Long tasks "while the engine loads": from opening the setup screen until the warm-up says the model is loaded. Sizes are gzip -9 of the built files.`,
      '',
      '| measure | value | goal |',
      '|---|---|---|',
      `| JavaScript fetched before the first local reply (page and workers) | ${mb(total)} in ${rows.length} files | ≤ 2.50 MB: ${total <= JS_GOAL ? 'met' : 'missed'} |`,
      `| of it on the page (not in a worker) | ${mb(pageSide)} | |`,
      `| WebLLM loaded on the page | ${webllmOnPage ? 'yes' : 'no'} | no |`,
      `| main-thread tasks over ${LONG_TASK_GOAL_MS} ms while the engine loads | ${over} (longest ${worst.toFixed(0)} ms, ${longTasks.length} long tasks in all) | none: ${over === 0 ? 'met' : 'missed'} |`,
      `| of them after the first percent is shown (the worker loading, the page showing progress) | ${duringLoad.filter((d) => d > LONG_TASK_GOAL_MS).length} (longest ${(duringLoad.length ? Math.max(...duringLoad) : 0).toFixed(0)} ms) | none |`,
      `| warm-up percent shown on the setup screen | ${warmupShown ? 'yes' : 'no'} | yes |`,
      `| for comparison: long tasks from the loaded engine to the first reply (Start, interview screen, guideline) | ${afterStart.length} (longest ${(afterStart.length ? Math.max(...afterStart) : 0).toFixed(0)} ms) | |`,
      '',
      'Largest files:',
      '',
      '| file | gzip |',
      '|---|---|',
      top,
      '',
      `${
        rows.some((r) => /cl100k/.test(r.name))
          ? `What is not the engine: the page's token-counting table (\`cl100k_base\`, ${mb(rows.find((r) => /cl100k/.test(r.name))?.gzip ?? 0)}) and the search model's worker`
          : "The page's token-counting table (`cl100k_base`, about 0.42 MB) is not in it: the practice service fetches it after the first reply (`DeferredTokenCounter`, estimating until then). What is not the engine: the search model's worker"
      }; WebLLM's worker alone is ${mb(rows.find((r) => /llm\.worker/.test(r.name))?.gzip ?? 0)}.${
        over > 0
          ? ' Long tasks before the first percent come from opening the setup screen and building its services, before the engine reports any progress.'
          : ' Opening the setup screen builds the feature services in four stages, each in a task of its own (`src/app/composition/feature-modules.ts`).'
      }`,
      '',
      'Before this change (issue #14): the page also loaded `webllm-lib-*.js` (2.13 MB gzip, 5.7 MB raw, compiled on the main thread) next to `llm.worker-*.js` (2.18 MB), about 4.4 MB before the first local reply.',
    ].join('\n');
    writeBenchSection('local-engine', table);
    console.log(table);
  } finally {
    await browser.close();
    await app.close();
  }
});
