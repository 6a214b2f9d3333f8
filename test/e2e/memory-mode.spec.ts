/**
 * IndexedDB unavailable (some private modes refuse every open): the app says data stays in
 * memory, and a whole practice interview still runs — remote engine set up in Settings, setup,
 * every answer, feedback and the report — without a reload (a reload would lose it all, by
 * design). Navigation is by the app's own links, so the page and its memory stay.
 */
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { ANSWERS, JOB_DESCRIPTION, answer, conversation, interviewer, offlineModelHub, waitForReplies } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

test('without IndexedDB a whole practice interview runs in memory, and the banner says so', async ({ page, fakeOpenAI }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    // What some private modes do: every open fails.
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
    };
  });
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [] }));
  await offlineModelHub(page);
  await page.goto('/#/');
  const banner = page.getByRole('status').filter({ hasText: 'Not saving on this device.' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('nothing will be saved when you close the tab');

  // The remote engine, set up through Settings: held in memory.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: /A remote model/ }).check();
  const form = page.getByRole('form', { name: 'Remote engine' });
  await form.getByLabel('Provider').selectOption({ label: 'Custom server' });
  await form.getByLabel('Base URL').fill(fakeOpenAI.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel(/^API key/).fill('test-key');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();

  await page.getByRole('link', { name: 'Practice' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up a practice interview' })).toBeVisible();
  await page.getByLabel('Job description', { exact: true }).fill(JOB_DESCRIPTION);
  await page.getByRole('radio', { name: /^Behavioral/ }).check();
  await page.getByLabel('Questions', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Start a 3-question behavioral interview' }).click();
  const notice = page.getByRole('dialog', { name: /^Send this interview to / });
  await notice.getByRole('button', { name: 'Send and start' }).click();

  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1);
  // Every question, however many the interviewer plans, until it says that was the last.
  const last = page.getByText('That was the last question.');
  for (const text of [ANSWERS.q1, ANSWERS.q2, ANSWERS.q3]) {
    if (await last.isVisible()) break;
    await answer(page, text);
  }
  await expect(last).toBeVisible();
  const answered = await conversation(page).locator(':scope > article[aria-label="You"]').count();
  // Still in memory mode, and said so, all the way through.
  await expect(banner).toBeVisible();

  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  await expect(page.getByTestId('overall-score')).toHaveText('72');
  await expect(page.locator('section.question')).toHaveCount(answered);
  await expect(page.locator('section.question').first()).toContainText(ANSWERS.q1);

  // History lists it, from memory.
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page.getByRole('main')).toContainText('Behavioral');
  await expect(banner).toBeVisible();
  await expectAccessible(page, 'history in memory mode');
  // Every request went to the server set up in memory, with its key.
  expect(fakeOpenAI.chatRequests().length).toBeGreaterThanOrEqual(4);
  for (const request of fakeOpenAI.chatRequests()) expect(request.headers.authorization).toBe('Bearer test-key');
});
