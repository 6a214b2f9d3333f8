/**
 * The local engine's warm-up, its percent, and the device check, end to end through the app's
 * LLM worker protocol. The worker is test/doubles/webllm-worker.js (no GPU or weights here):
 * its load reports come paced, its replies come from this test over a BroadcastChannel, and it
 * tells the test every load it was asked for. Runs in the webgpu project (local models need WebGPU).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { patchStoredSettings } from './idb-helpers';

test.use({ serviceWorkers: 'block' });

const MODEL_ID = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
const DOUBLE = readFileSync(fileURLToPath(new URL('../doubles/webllm-worker.js', import.meta.url)), 'utf8');
const REPLY = Array.from({ length: 40 }, (_, i) => `practise${i}`).join(' ');

interface Load {
  modelId: string;
  cacheOnly: boolean;
}

/** Serves the double (paced), relays its chat requests and records the loads it was asked for. */
async function openLocal(page: Page, context: BrowserContext, options: { cached: boolean; loadStepMs: number }): Promise<Load[]> {
  const loads: Load[] = [];
  await page.exposeBinding('warmupTestLoad', (_source, load: Load) => void loads.push(load));
  await page.addInitScript(() => {
    const channel = new BroadcastChannel('rehearse-test-llm');
    channel.onmessage = (event: MessageEvent<{ type: string; id: string; modelId: string; cacheOnly: boolean }>) => {
      const w = window as unknown as { warmupTestLoad(load: Load): void };
      if (event.data.type === 'load') w.warmupTestLoad({ modelId: event.data.modelId, cacheOnly: event.data.cacheOnly });
      if (event.data.type === 'request')
        channel.postMessage({ type: 'reply', id: event.data.id, text: (window as unknown as { __reply: string }).__reply });
    };
  });
  await page.addInitScript((text) => void ((window as unknown as { __reply: string }).__reply = text), REPLY);
  await context.route(/\/assets\/llm\.worker-[\w-]+\.js$/, async (route) =>
    route.fulfill({
      response: await route.fetch(),
      body: `self.LOAD_STEP_MS = ${options.loadStepMs}; self.WORD_DELAY_MS = 10;\n${DOUBLE}`,
    }),
  );
  await page.goto('/#/');
  await expect(page.locator('main h1').first()).toBeVisible();
  await patchStoredSettings(page, { engine: 'local' });
  if (options.cached)
    await page.evaluate(async (modelId) => {
      const base = `https://huggingface.co/mlc-ai/${modelId}/resolve/main/`;
      const cache = await caches.open('webllm/model');
      await cache.put(
        new Request(`${base}tensor-cache.json`),
        new Response(JSON.stringify({ records: [{ dataPath: 'params_shard_0.bin' }] })),
      );
      await cache.put(new Request(`${base}params_shard_0.bin`), new Response(new Uint8Array(16)));
    }, MODEL_ID);
  return loads;
}

test('the setup screen warms a downloaded model from the cache only, showing its percent', async ({ page, context }) => {
  test.setTimeout(120_000);
  const loads = await openLocal(page, context, { cached: true, loadStepMs: 400 });
  await page.goto('/#/practice');
  const warmup = page.getByTestId('setup-warmup');
  await expect(warmup).toContainText(/Getting the model ready: [1-9]\d? %/, { timeout: 60_000 });
  await expect(warmup).toHaveText('The model is loaded and ready.', { timeout: 30_000 });
  expect(loads).toEqual([{ modelId: MODEL_ID, cacheOnly: true }]);
});

test('a model that is not downloaded is never loaded (nor downloaded) by the warm-up', async ({ page, context }) => {
  test.setTimeout(120_000);
  const loads = await openLocal(page, context, { cached: false, loadStepMs: 0 });
  await page.goto('/#/practice');
  await expect(page.getByTestId('setup-engine')).toBeVisible();
  // The Models screen's view is settled (the worker answered) before we look for a load.
  await page.goto('/#/models');
  await expect(page.getByTestId('model-list').locator(`[data-model-id="${MODEL_ID}"]`)).toContainText('Not downloaded', {
    timeout: 60_000,
  });
  await page.goto('/#/practice');
  await expect(page.getByLabel('Job description', { exact: true })).toBeVisible();
  await expect(page.getByTestId('setup-warmup')).toHaveCount(0);
  expect(loads).toEqual([]);
});

test('the device check measures a downloaded model and the setup screen says how long replies take', async ({ page, context }) => {
  test.setTimeout(120_000);
  await openLocal(page, context, { cached: true, loadStepMs: 0 });
  await page.goto('/#/models');
  const row = page.getByTestId('model-list').locator(`[data-model-id="${MODEL_ID}"]`);
  await expect(row).toContainText('Downloaded — works offline', { timeout: 60_000 });
  await row.getByRole('button', { name: 'Check speed on this device' }).click();
  const result = row.getByTestId('device-check-result');
  await expect(result).toContainText(/\d+ tokens\/s reading, \d+ tokens\/s writing/, { timeout: 60_000 });
  await expect(result).toContainText(/Replies start in .+ on this device/);

  await page.goto('/#/practice');
  await expect(page.getByTestId('setup-expectation')).toContainText(/^Replies start in (under a second|about \d+ (s|min)) on this device/);
});

test('Start during the warm-up joins it, and the wait shows "Loading the model: N %"', async ({ page, context }) => {
  test.setTimeout(120_000);
  const loads = await openLocal(page, context, { cached: true, loadStepMs: 1500 });
  await page.goto('/#/practice');
  await expect(page.getByTestId('setup-warmup')).toContainText(/Getting the model ready: \d+ %/, { timeout: 60_000 });
  await page
    .getByLabel('Job description', { exact: true })
    .fill('Senior Platform Engineer. You resolve disagreements between teams calmly.');
  await page.getByRole('radio', { name: /^Behavioral/ }).check();
  await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
  await expect(page.getByText(/Loading the model: \d+ ?%/)).toBeVisible({ timeout: 30_000 });
  expect(loads).toEqual([{ modelId: MODEL_ID, cacheOnly: true }]);
});
