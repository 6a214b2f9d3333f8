/**
 * Local mode talks to no one: a full practice interview on the on-device engine, with its
 * models already cached, makes requests to our own origin only.
 *
 * What is real: the app, the Models screen, the search model (the real transformers.js
 * pipeline in the real ML worker, downloaded once beforehand from a local mirror), IndexedDB,
 * the page's LLM worker client (llm-client.ts, the app's own worker protocol) and our
 * WebLLMEngine adapter. What is not: these machines have no GPU and no model weights, so the
 * LLM worker is replaced by test/doubles/webllm-worker.js, which speaks the same protocol,
 * applies WebLLM's cache rule and gets its replies from this test over a BroadcastChannel (no
 * network). The WebLLM cache holds placeholder entries so the app sees the model as downloaded.
 * Runs in the webgpu project: the app only offers a local model where WebGPU exists.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { dumpDatabase, patchStoredSettings } from './idb-helpers';
import { startModelServer, type ModelServer } from './model-server';
import { TINY_BERT_ID, tinyBertFiles } from '../fixtures/tiny-bert';
import { ANSWERS, FOLLOW_UP, answer, fillSetup, interviewAlert, interviewer, savedReplies, waitForReplies } from './practice-helpers';
import type { FakeChatRequest } from '../fake-openai/server';
import { asFakeRequest, markModelCached, LOCAL_MODEL_ID } from './local-model-helpers';

// The service worker would fetch the LLM worker itself, past the route below.
test.use({ serviceWorkers: 'block' });

const MODEL_ID = LOCAL_MODEL_ID;
const WORKER_DOUBLE = fileURLToPath(new URL('../doubles/webllm-worker.js', import.meta.url));

let models: ModelServer;
test.beforeAll(async () => {
  models = await startModelServer({ [TINY_BERT_ID]: tinyBertFiles() });
});
test.afterAll(async () => {
  await models?.close();
});

/** What the worker double streams for one request; `error` makes it fail after `failAfterWords` words. */
interface DoubleReply {
  text: string;
  error?: string;
  failAfterWords?: number;
}

/**
 * Serves the worker double in place of the LLM worker, relays its requests to `respond`, points
 * the app at the local mirror for the search model and marks the chat model as downloaded.
 */
async function openLocalMode(page: Page, context: BrowserContext, respond: (request: FakeChatRequest) => DoubleReply): Promise<void> {
  await page.exposeBinding('rehearseTestReply', (_source, body: Parameters<typeof asFakeRequest>[0]) => respond(asFakeRequest(body)));
  await page.addInitScript(() => {
    const channel = new BroadcastChannel('rehearse-test-llm');
    channel.onmessage = async (event: MessageEvent<{ type: string; id: string; request: unknown }>) => {
      if (event.data.type !== 'request') return;
      const reply = (window as unknown as { rehearseTestReply(r: unknown): Promise<object> }).rehearseTestReply;
      channel.postMessage({ type: 'reply', id: event.data.id, ...(await reply(event.data.request)) });
    };
  });
  // The built worker's own response headers (the page is cross-origin isolated, and a worker
  // without a matching Cross-Origin-Embedder-Policy is refused), with the double's body.
  await context.route(/\/assets\/llm\.worker-[\w-]+\.js$/, async (route) =>
    route.fulfill({ response: await route.fetch(), body: readFileSync(WORKER_DOUBLE, 'utf8') }),
  );
  await page.goto('/#/');
  await expect(page.locator('main h1').first()).toBeVisible();
  await patchStoredSettings(page, { engine: 'local', modelHost: models.url, embeddingModel: TINY_BERT_ID });
  await markModelCached(page, `https://huggingface.co/mlc-ai/${MODEL_ID}/resolve/main/`);
}

/** The believable interviewer of the remote-engine specs, as text for the double. */
function interviewerText(): (request: FakeChatRequest) => DoubleReply {
  const play = interviewer({ followUpAfter: [1] });
  return (request) => {
    const reply = play(request);
    return { text: typeof reply === 'string' ? reply : reply && 'text' in reply ? (reply.text ?? '') : '' };
  };
}

test('a full local-mode interview with cached models requests nothing from any other origin', async ({ page, context, requestLog }) => {
  test.setTimeout(150_000);
  const requests: FakeChatRequest[] = [];
  const play = interviewerText();
  await openLocalMode(page, context, (request) => {
    requests.push(request);
    return play(request);
  });

  // Setup, as a user would have done earlier: the search model from a mirror, the chat model downloaded.
  await page.goto('/#/models');
  await page.reload();
  await expect(page.getByTestId('recommended-model')).toHaveAttribute('data-model-id', MODEL_ID);
  await expect(page.getByTestId('model-list').locator(`[data-model-id="${MODEL_ID}"]`)).toContainText('Downloaded — works offline');
  const search = page.getByRole('region', { name: 'Search and speech models' });
  await search.getByRole('button', { name: 'Download for offline use' }).first().click();
  await expect(search.locator('[data-testid^="support-model-"]').first()).toContainText('Downloaded', { timeout: 60_000 });
  const servedBefore = models.served(TINY_BERT_ID).length;
  expect(servedBefore).toBeGreaterThan(0);

  // From here on, a whole interview: only our own origin may appear.
  requestLog.urls.length = 0;
  await fillSetup(page, { questions: 3 });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1, 60_000);
  await answer(page, ANSWERS.q1, FOLLOW_UP);
  await answer(page, ANSWERS.followUp);
  await answer(page, ANSWERS.q2);
  await answer(page, ANSWERS.q3, 'that is the end of our interview');
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByTestId('overall-score')).toHaveText('72');

  // Every reply came from the on-device engine and is labelled with it.
  const replies = (await dumpDatabase(page)).messages.filter((m) => m.role === 'assistant');
  expect(replies).toHaveLength(5);
  for (const reply of replies) {
    expect(reply.engineId).toBe(`webllm:${MODEL_ID}`);
    expect(reply.engineLabel).toMatch(/on this device$/);
  }
  expect(requests.map((r) => r.json)).toContain(true);

  expect(requestLog.urls.length).toBeGreaterThan(0);
  expect(requestLog.foreign()).toEqual([]);
  expect(models.served(TINY_BERT_ID)).toHaveLength(servedBefore);
});

test('the GPU is lost mid-reply: the interview is kept, the message says what to do, and Try again reloads the model', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const play = interviewerText();
  let loseGpu = false;
  await openLocalMode(page, context, (request) => {
    const reply = play(request);
    // The loss hits the answer's turn (the rest of the guideline, written in the background, may come first).
    if (!loseGpu || request.json) return reply;
    loseGpu = false;
    return { ...reply, error: 'DeviceLostError: GPU device was lost (out of memory)', failAfterWords: 3 };
  });
  await fillSetup(page, { questions: 3 });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await waitForReplies(page, 1, 60_000);

  loseGpu = true;
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  const error = interviewAlert(page);
  await expect(error).toHaveAttribute('data-error-code', 'gpu-device-lost');
  await expect(error).toContainText('The graphics card ran out of memory or was reset. Your interview is kept.');
  await expect(error.getByRole('link', { name: 'Choose another model' })).toBeVisible();
  await expect(error.getByRole('link', { name: 'Use a remote model instead' })).toBeVisible();
  await expect(page.getByRole('log', { name: 'Conversation' }).locator(':scope > article[aria-label="You"]')).toContainText(ANSWERS.q1);

  // What arrived before the loss is kept, marked Incomplete.
  await expect(savedReplies(page).last()).toContainText('What was');
  await expect(savedReplies(page).last()).toContainText('Incomplete');

  // Try again loads the model into a fresh worker and the interview goes on.
  await error.getByRole('button', { name: 'Try again' }).click();
  await waitForReplies(page, 2, 30_000);
  // (The scripted interviewer counts the lost reply as its follow-up, so the retry moves on.)
  await expect(savedReplies(page).last()).toContainText('Thank you.');
  await expect(savedReplies(page).last()).not.toContainText('Incomplete');
  await expect(interviewAlert(page)).toHaveCount(0);
  await answer(page, ANSWERS.q2);
});
