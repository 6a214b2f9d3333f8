/**
 * Switching the search model on the Models screen: the choice is kept, and the passages already
 * stored (here a twin's saved answers) are embedded again with the new model on their next search,
 * by the real transformers.js pipeline in the real ML worker. Both model ids are served by the
 * local model mirror as the tiny generated BERT, so nothing comes from the internet.
 */
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { tinyBertFiles } from '../fixtures/tiny-bert';
import { startModelServer, type ModelServer } from './model-server';
import { patchStoredSettings } from './idb-helpers';
import { useFakeRemote } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const ENGLISH = 'Xenova/all-MiniLM-L6-v2';
const MULTILINGUAL = 'Xenova/paraphrase-multilingual-MiniLM-L12-v2';
const CSV = [
  'Question,Answer',
  '"Tell me about yourself.","I am Ada, a compiler engineer who loves teaching."',
  '"What is your greatest weakness?","I over-prepare; I now timebox research."',
  '"Describe a conflict with a coworker.","We disagreed about code review; we paired, and agreed on a checklist."',
].join('\n');

let models: ModelServer;
test.beforeAll(async () => {
  models = await startModelServer({ [ENGLISH]: tinyBertFiles(), [MULTILINGUAL]: tinyBertFiles() });
});
test.afterAll(async () => {
  await models?.close();
});

/** The model ids the stored passages were embedded with. */
async function storedModelIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        const request = indexedDB.open('rehearse');
        request.onsuccess = () => {
          const all = request.result.transaction('chunks').objectStore('chunks').getAll();
          all.onsuccess = () => resolve([...new Set((all.result as { modelId: string }[]).map((c) => c.modelId))].sort());
        };
      }),
  );
}

/** For waits on model work (download, load, embedding): the state is awaited, not a guessed CPU speed. */
const CPU_BOUND = { timeout: 90_000 };

test('switching the search model is kept, and stored passages are embedded again with it on their next search', async ({
  page,
  fakeOpenAI,
  requestLog,
}) => {
  test.setTimeout(240_000);
  await useFakeRemote(page, fakeOpenAI.url);
  await patchStoredSettings(page, { modelHost: models.url });
  await page.goto('/#/twin');
  await page.reload();
  await page.getByRole('button', { name: 'New profile' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Ada');
  await name.blur();
  await page.getByLabel('Import Q&A CSV…').setInputFiles({ name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(page.getByRole('status').filter({ hasText: 'Imported 3 answers' })).toBeVisible();

  // A saved question: its search indexes the saved answers with the English model (the default).
  const chips = page.getByRole('group', { name: 'Suggested questions' });
  const messages = page.getByRole('list', { name: 'Messages' });
  await chips.getByRole('button', { name: 'Tell me about yourself.' }).click();
  // The answer comes once the model has embedded the saved answers on the CPU: how long that takes
  // depends on the machine, so this waits for the answer itself, bounded only by the test's time
  // (a busy machine took over 10 s; issue 15).
  await expect(messages).toContainText('I am Ada, a compiler engineer who loves teaching.', CPU_BOUND);
  await expect.poll(() => storedModelIds(page), CPU_BOUND).toEqual([ENGLISH]);

  // Models → Search model: English is chosen; switch to Many languages.
  await page.goto('/#/models');
  const choice = page.getByRole('group', { name: /The language of your job descriptions/ });
  await expect(choice.getByRole('radio', { name: /^English/ })).toBeChecked();
  await choice.getByRole('radio', { name: /^Many languages/ }).check();
  const section = page.getByRole('region', { name: 'Search model' });
  await expect(section.getByRole('status')).toContainText('Search now uses the Many languages model');
  // The search model's row on the same screen now names the new model and its size.
  await expect(page.getByText(MULTILINGUAL)).toBeVisible();
  await expectAccessible(page, 'models screen after switching the search model');

  // Back on the twin, the next search embeds the saved answers again, with the new model.
  await page.goto('/#/twin');
  await chips.getByRole('button', { name: 'What is your greatest weakness?' }).click();
  await expect(messages).toContainText('I over-prepare; I now timebox research.', CPU_BOUND);
  await expect.poll(() => storedModelIds(page), CPU_BOUND).toEqual([MULTILINGUAL]);
  expect(models.served(MULTILINGUAL).some((file) => file.endsWith('.onnx'))).toBe(true);
  // The status line is gone once the re-index is done.
  await expect(page.getByTestId('reindex-status')).toHaveText('');

  // The choice survives a reload.
  await page.goto('/#/models');
  await page.reload();
  await expect(page.getByRole('radio', { name: /^Many languages/ })).toBeChecked();

  // No saved answer needed the remote engine, and nothing went anywhere but the mirror.
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);
  expect(requestLog.foreign([new URL(models.url).origin, new URL(fakeOpenAI.url).origin])).toEqual([]);
});
