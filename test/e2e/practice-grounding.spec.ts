/**
 * Grounding on the device: a practice setup chunks the job description and resume, embeds
 * them with the REAL transformers.js pipeline in the real ML worker (a tiny generated BERT
 * served from a local model mirror) and stores the vectors in IndexedDB — talking to no host
 * but our own, the mirror and the (fake) remote engine. Then the two other interview types
 * run to a report.
 */
import { patchStoredSettings } from './idb-helpers';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { TINY_BERT_HIDDEN, TINY_BERT_ID, tinyBertFiles } from '../fixtures/tiny-bert';
import { startModelServer, type ModelServer } from './model-server';
import { ANSWERS, answer, fillSetup, interviewer, useFakeRemote, waitForReplies } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const RESUME = [
  'Jordan Lee — Platform Engineer',
  'Led the migration of 40 PostgreSQL clusters to managed storage with zero downtime.',
  'Mentored four junior engineers and ran the on-call rotation for the payments team.',
].join('\n');

let models: ModelServer;
test.beforeAll(async () => {
  models = await startModelServer({ [TINY_BERT_ID]: tinyBertFiles() });
});
test.afterAll(async () => {
  await models?.close();
});

/** Points the app at the fake remote engine and the local model mirror with the tiny embedder. */
async function useTinyEmbedder(page: Page, remoteBaseUrl: string): Promise<void> {
  await useFakeRemote(page, remoteBaseUrl);
  await patchStoredSettings(page, { modelHost: models.url, embeddingModel: TINY_BERT_ID });
  await page.reload();
  await expect(page.locator('main h1').first()).toBeVisible();
}

test('setup embeds the job description and resume on the device and talks only to our origins', async ({
  page,
  fakeOpenAI,
  requestLog,
}) => {
  test.setTimeout(90_000);
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [] }));
  await useTinyEmbedder(page, fakeOpenAI.url);
  await fillSetup(page, { type: 'Professional', resume: RESUME, questions: 3 });
  await page.getByRole('button', { name: 'Start a 3-question professional interview' }).click();
  // First use loads the ONNX runtime and the model in the worker: generous on a shared CPU.
  await waitForReplies(page, 1, 60_000);

  // The tiny model was downloaded from the mirror (nothing from the hub) …
  expect(models.served(TINY_BERT_ID)).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json']));
  expect(models.served(TINY_BERT_ID).some((f) => f.endsWith('.onnx'))).toBe(true);
  // … and every passage of the JD and the resume is stored with its vector and the model's id.
  const chunks = await page.evaluate(
    () =>
      new Promise<{ modelId: string; dims: number; text: string }[]>((resolve) => {
        const request = indexedDB.open('rehearse');
        request.onsuccess = () => {
          const all = request.result.transaction('chunks').objectStore('chunks').getAll();
          all.onsuccess = () =>
            resolve(
              (all.result as { modelId: string; vector: Float32Array; text: string }[]).map((c) => ({
                modelId: c.modelId,
                dims: c.vector.length,
                text: c.text,
              })),
            );
        };
      }),
  );
  expect(chunks.length).toBeGreaterThan(1);
  expect(new Set(chunks.map((c) => c.modelId))).toEqual(new Set([TINY_BERT_ID]));
  expect(new Set(chunks.map((c) => c.dims))).toEqual(new Set([TINY_BERT_HIDDEN]));
  expect(chunks.some((c) => c.text.includes('PostgreSQL clusters'))).toBe(true);

  // The whole exchange touched our origin, the model mirror and the chosen remote engine only.
  expect(requestLog.foreign([new URL(models.url).origin, new URL(fakeOpenAI.url).origin])).toEqual([]);
});

for (const type of ['Professional', 'Resume'] as const) {
  test(`a ${type.toLowerCase()} interview runs from setup to a scored report`, async ({ page, fakeOpenAI }) => {
    test.setTimeout(90_000);
    fakeOpenAI.respondWith(interviewer({ followUpAfter: [], wordDelayMs: 0 }));
    await useFakeRemote(page, fakeOpenAI.url);
    await fillSetup(page, { type, resume: RESUME, questions: 3 });
    await page.getByRole('button', { name: `Start a 3-question ${type.toLowerCase()} interview` }).click();
    await expect(page).toHaveURL(/#\/interview\//);
    await waitForReplies(page, 1);
    // The guideline request named the chosen type.
    const guideline = fakeOpenAI.chatRequests()[0]!;
    expect(JSON.stringify(guideline.messages).toLowerCase()).toContain(type.toLowerCase());
    await answer(page, ANSWERS.q1);
    await answer(page, ANSWERS.q2);
    await answer(page, ANSWERS.q3, 'that is the end of our interview');
    await page.getByRole('button', { name: 'Finish and get feedback' }).click();
    await expect(page).toHaveURL(/#\/report\//);
    await expect(page.getByTestId('overall-score')).toHaveText('72');
    await expect(page.locator('blockquote').first()).toContainText(ANSWERS.q1);
  });
}
