/**
 * Offline, for a whole interview, not only the shell: a first visit online with the models
 * cached, then the network off (`context.setOffline`), a reload, and a full local-mode interview
 * from setup to the report, the service worker serving the app and its workers.
 *
 * As in local-mode.spec.ts, the LLM worker is test/doubles/webllm-worker.js (no GPU, no weights
 * here), served in place of the built worker while online; the service worker caches it on first
 * use (CacheFirst, `rehearse-runtime`) like the real one, so offline it comes from that cache.
 * The search model is the generated tiny model from a local mirror, downloaded once online.
 * Voice included: the first answer is spoken (the fake microphone of the voice project plays
 * speech.wav) and transcribed offline by the generated tiny Whisper, downloaded once online.
 * Runs in the `offline` project: WebGPU (the app only offers a local model where it exists) and
 * the fake microphone together.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dumpDatabase, patchStoredSettings } from './idb-helpers';
import { startModelServer, type ModelServer } from './model-server';
import { TINY_BERT_ID, tinyBertFiles } from '../fixtures/tiny-bert';
import { TINY_WHISPER_ID, TINY_WHISPER_TEXT, tinyWhisperFiles } from '../fixtures/tiny-whisper';
import { ANSWERS, answer, fillSetup, interviewer, waitForReplies } from './practice-helpers';
import { asFakeRequest, markModelCached, LOCAL_MODEL_ID } from './local-model-helpers';

const MODEL_ID = LOCAL_MODEL_ID;
const WORKER_DOUBLE = fileURLToPath(new URL('../doubles/webllm-worker.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let models: ModelServer;
test.beforeAll(async () => {
  models = await startModelServer({ [TINY_BERT_ID]: tinyBertFiles(), [TINY_WHISPER_ID]: tinyWhisperFiles() });
});
test.afterAll(async () => {
  await models?.close();
});

/** The built LLM worker's path (hashed name), to find it in the service worker's cache. */
function llmWorkerPath(): string {
  const dist = process.env.E2E_DIST ?? 'dist';
  const dir = dist.startsWith('/') ? `${dist}/assets` : `${ROOT}/${dist}/assets`;
  const name = readdirSync(dir).find((file) => /^llm\.worker-[\w-]+\.js$/.test(file));
  if (!name) throw new Error(`No llm.worker-*.js in ${dir}`);
  return `/assets/${name}`;
}

/** One online visit that caches everything, then the network off and a whole interview; the first answer spoken or typed. */
async function offlineInterview(page: Page, context: BrowserContext, spoken: boolean): Promise<void> {
  const play = interviewer({ followUpAfter: [] });
  // The worker double asks this test for each reply over a BroadcastChannel: no network involved.
  await page.exposeBinding('rehearseTestReply', (_source, body: Parameters<typeof asFakeRequest>[0]) => {
    const reply = play(asFakeRequest(body));
    return { text: typeof reply === 'string' ? reply : reply && 'text' in reply ? (reply.text ?? '') : '' };
  });
  await page.addInitScript(() => {
    const channel = new BroadcastChannel('rehearse-test-llm');
    channel.onmessage = async (event: MessageEvent<{ type: string; id: string; request: unknown }>) => {
      if (event.data.type !== 'request') return;
      const reply = (window as unknown as { rehearseTestReply(r: unknown): Promise<object> }).rehearseTestReply;
      channel.postMessage({ type: 'reply', id: event.data.id, ...(await reply(event.data.request)) });
    };
  });
  // Online only: the built worker's headers with the double's body (the service worker's fetch is routed too).
  // A route answers before the browser's offline emulation, so offline it must refuse by itself.
  let offline = false;
  let workerFetches = 0;
  await context.route(/\/assets\/llm\.worker-[\w-]+\.js$/, async (route) => {
    if (offline) return route.abort('internetdisconnected');
    workerFetches++;
    await route.fulfill({ response: await route.fetch(), body: readFileSync(WORKER_DOUBLE, 'utf8') });
  });

  // First visit, online: the service worker installs and takes the page.
  await page.goto('/#/');
  await expect(page.locator('main h1').first()).toBeVisible();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await patchStoredSettings(page, {
    engine: 'local',
    modelHost: models.url,
    embeddingModel: TINY_BERT_ID,
    voice: { speakReplies: false, handsFree: false, whisperModel: TINY_WHISPER_ID },
  });
  await markModelCached(page, `https://huggingface.co/mlc-ai/${MODEL_ID}/resolve/main/`);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  // Models cached while online: the search model from the mirror; the LLM worker by the service worker.
  await page.goto('/#/models');
  const search = page.getByRole('region', { name: 'Search and speech models' });
  for (const id of [TINY_BERT_ID, TINY_WHISPER_ID]) {
    const row = search.getByRole('listitem').filter({ hasText: id });
    await row.getByRole('button', { name: 'Download for offline use' }).click();
    await expect(row.locator('[data-testid^="support-model-"]')).toContainText('Downloaded', { timeout: 60_000 });
  }
  const worker = llmWorkerPath();
  // The app loaded its LLM worker through the service worker, which kept it (nothing here fetches it).
  await expect.poll(() => page.evaluate(async (path) => (await caches.match(path)) !== undefined, worker)).toBe(true);

  // The network goes away; the app comes back from the service worker.
  const served = () => ({
    worker: workerFetches,
    searchModel: models.served(TINY_BERT_ID).length,
    speechModel: models.served(TINY_WHISPER_ID).length,
  });
  const before = served();
  await context.setOffline(true);
  offline = true;
  await page.reload();
  await expect(page.locator('main h1').first()).toBeVisible();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  await fillSetup(page, { questions: 3 });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1, 60_000);
  if (spoken) {
    // The first answer is spoken: the fake microphone, silence ends it, Whisper transcribes it offline.
    await page.getByRole('button', { name: 'Start recording', exact: true }).click();
    const box = page.getByLabel('Your answer', { exact: true });
    await expect(box).toHaveValue(TINY_WHISPER_TEXT.trim(), { timeout: 90_000 });
    await box.press('Enter');
    await expect(page.getByRole('log', { name: 'Conversation' }).locator(':scope > article[aria-label="You"]').first()).toContainText(
      TINY_WHISPER_TEXT.trim(),
    );
    await waitForReplies(page, 2, 60_000);
  }

  // Every (other) question typed, however many the interviewer plans, until it says that was the last.
  const last = page.getByText('That was the last question.');
  for (const text of spoken ? [ANSWERS.q2, ANSWERS.q3] : [ANSWERS.q1, ANSWERS.q2, ANSWERS.q3]) {
    if (await last.isVisible()) break;
    await answer(page, text);
  }
  await expect(last).toBeVisible();
  // The search model ran offline too (its ONNX runtime came from the cache): no keyword fallback.
  await expect(page.getByText('Search by meaning is not available right now')).toHaveCount(0);
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByTestId('overall-score')).toHaveText('72');

  // Every reply came from the on-device engine, and was saved.
  const stored = (await dumpDatabase(page)).messages;
  if (spoken) expect(stored.find((m) => m.role === 'user' && m.text === TINY_WHISPER_TEXT.trim())).toMatchObject({ spoken: true });
  const replies = stored.filter((m) => m.role === 'assistant');
  expect(replies.length).toBeGreaterThanOrEqual(2);
  for (const reply of replies) expect(reply.engineId).toBe(`webllm:${MODEL_ID}`);
  // Nothing came from the network: the worker and the search model were the cached copies.
  expect(served()).toEqual(before);
  await context.setOffline(false);
}

test('with the network off and the service worker active, a whole local-mode interview runs, to the report', async ({ page, context }) => {
  test.setTimeout(180_000);
  await offlineInterview(page, context, false);
});

// The ONNX runtime Whisper loads (assets/ort-wasm-simd-threaded.asyncify-*.mjs and its .wasm)
// is not precached: "Download for offline use" keeps it in the runtime cache, and the service
// worker finds it there offline although vite preview answers with `Vary: Origin`.
test('with the network off, a spoken answer is transcribed by the speech model downloaded for offline use', async ({ page, context }) => {
  test.setTimeout(240_000);
  await offlineInterview(page, context, true);
});
