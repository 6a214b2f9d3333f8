/**
 * Offline, for a whole interview, not only the shell: a first visit online with the models
 * cached, then the network off (`context.setOffline`), a reload, and a full local-mode interview
 * from setup to the report, the service worker serving the app and its workers.
 *
 * As in local-mode.spec.ts, the LLM worker is test/doubles/webllm-worker.js (no GPU, no weights
 * here), served in place of the built worker while online; the service worker caches it on first
 * use (CacheFirst, `rehearse-runtime`) like the real one, so offline it comes from that cache.
 * The search model is the generated tiny model from a local mirror, downloaded once online.
 * Voice is not covered here: the speech model (Whisper) has no generated stand-in yet.
 * Runs in the webgpu project: the app only offers a local model where WebGPU exists.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dumpDatabase, patchStoredSettings } from './idb-helpers';
import { startModelServer, type ModelServer } from './model-server';
import { TINY_BERT_ID, tinyBertFiles } from '../fixtures/tiny-bert';
import { ANSWERS, answer, fillSetup, interviewer, waitForReplies } from './practice-helpers';
import type { FakeChatRequest } from '../fake-openai/server';

const MODEL_ID = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
const WORKER_DOUBLE = fileURLToPath(new URL('../doubles/webllm-worker.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let models: ModelServer;
test.beforeAll(async () => {
  models = await startModelServer({ [TINY_BERT_ID]: tinyBertFiles() });
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

/** WebLLM's request (OpenAI shape) in the shape the interviewer responder reads. */
function asFakeRequest(body: { messages: { role: string; content: string }[]; response_format?: unknown }): FakeChatRequest {
  const messages = body.messages.map((m) => ({ role: m.role, content: m.content })) as FakeChatRequest['messages'];
  return {
    model: MODEL_ID,
    messages,
    json: body.response_format !== undefined,
    stream: true,
    includeUsage: true,
    body: body as Record<string, unknown>,
    headers: {},
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    lastUser: [...messages].reverse().find((m) => m.role === 'user')?.content ?? '',
  };
}

/** Placeholder entries where WebLLM looks for a downloaded model (Cache Storage "webllm/model"). */
async function markModelCached(page: Page, modelUrl: string): Promise<void> {
  await page.evaluate(async (base) => {
    const cache = await caches.open('webllm/model');
    const json = new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }] }), {
      headers: { 'content-type': 'application/json' },
    });
    await cache.put(new Request(`${base}tensor-cache.json`), json);
    await cache.put(new Request(`${base}params_shard_0.bin`), new Response(new Uint8Array(16)));
  }, modelUrl);
}

test('with the network off and the service worker active, a whole local-mode interview runs, to the report', async ({ page, context }) => {
  test.setTimeout(180_000);
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
  await patchStoredSettings(page, { engine: 'local', modelHost: models.url, embeddingModel: TINY_BERT_ID });
  await markModelCached(page, `https://huggingface.co/mlc-ai/${MODEL_ID}/resolve/main/`);
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

  // Models cached while online: the search model from the mirror; the LLM worker by the service worker.
  await page.goto('/#/models');
  const search = page.getByRole('region', { name: 'Search and speech models' });
  await search.getByRole('button', { name: 'Download for offline use' }).first().click();
  await expect(search.locator('[data-testid^="support-model-"]').first()).toContainText('Downloaded', { timeout: 60_000 });
  const worker = llmWorkerPath();
  // The app loaded its LLM worker through the service worker, which kept it (nothing here fetches it).
  await expect.poll(() => page.evaluate(async (path) => (await caches.match(path)) !== undefined, worker)).toBe(true);

  // The network goes away; the app comes back from the service worker.
  const served = { worker: workerFetches, searchModel: models.served(TINY_BERT_ID).length };
  await context.setOffline(true);
  offline = true;
  await page.reload();
  await expect(page.locator('main h1').first()).toBeVisible();
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);

  await fillSetup(page, { questions: 3 });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1, 60_000);
  // Every question, however many the interviewer plans, until it says that was the last.
  const last = page.getByText('That was the last question.');
  for (const text of [ANSWERS.q1, ANSWERS.q2, ANSWERS.q3]) {
    if (await last.isVisible()) break;
    await answer(page, text);
  }
  await expect(last).toBeVisible();
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByTestId('overall-score')).toHaveText('72');

  // Every reply came from the on-device engine, and was saved.
  const replies = (await dumpDatabase(page)).messages.filter((m) => m.role === 'assistant');
  expect(replies.length).toBeGreaterThanOrEqual(2);
  for (const reply of replies) expect(reply.engineId).toBe(`webllm:${MODEL_ID}`);
  // Nothing came from the network: the worker and the search model were the cached copies.
  expect({ worker: workerFetches, searchModel: models.served(TINY_BERT_ID).length }).toEqual(served);
  await context.setOffline(false);
});
