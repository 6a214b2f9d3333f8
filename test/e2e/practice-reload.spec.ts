/**
 * "Reload or crash at any point of an interview resumes with every message": a short interview
 * reloaded after every turn and once in the middle of a streaming reply, then finished, with the
 * report exported as JSON and checked against what was said.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test as base, expect } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import {
  ANSWERS,
  FOLLOW_UP,
  answer,
  conversation,
  interviewer,
  savedReplies,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';
import { dumpDatabase } from './idb-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

/** Reloads and checks that the conversation shows exactly what it showed before. */
async function reloadAndCompare(page: Page): Promise<void> {
  const before = await conversation(page).locator(':scope > article').allInnerTexts();
  const url = page.url();
  await page.reload();
  expect(page.url()).toBe(url);
  await expect(conversation(page).locator(':scope > article')).toHaveCount(before.length);
  expect(await conversation(page).locator(':scope > article').allInnerTexts()).toEqual(before);
}

test('reloading after every turn and in the middle of a reply loses nothing, through to the exported report', async ({
  page,
  fakeOpenAI,
}) => {
  test.setTimeout(120_000);
  // The believable interviewer, except that one chosen reply streams its words and then stays open.
  const play = interviewer({ followUpAfter: [1] });
  let holdNext: Promise<void> | undefined;
  fakeOpenAI.respondWith((request) => {
    const reply = play(request);
    if (!holdNext || !reply || typeof reply !== 'object' || !('text' in reply)) return reply;
    const held = { ...reply, finishWhen: holdNext };
    holdNext = undefined;
    return held;
  });
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await reloadAndCompare(page);

  await answer(page, ANSWERS.q1, FOLLOW_UP);
  await reloadAndCompare(page);

  // The next question starts streaming, then the page goes away before it finishes.
  let finish = () => {};
  holdNext = new Promise<void>((done) => (finish = done));
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.followUp);
  await box.press('Enter');
  // Every word shown reaches the disk within a second, even while the stream stalls.
  const streaming = conversation(page).locator(':scope > [aria-live] article .markdown');
  await expect(streaming).toContainText('Thank you.');
  const shown = (await streaming.innerText()).trim();
  await expect
    .poll(async () => (await dumpDatabase(page)).messages.find((m) => m.role === 'assistant' && m.incomplete === true)?.text.trim())
    .toBe(shown);
  await page.reload();
  finish();
  await waitForReplies(page, 3);
  const partial = savedReplies(page).last();
  await expect(partial).toContainText(shown);
  await expect(partial).toContainText('Incomplete');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]').last()).toContainText(ANSWERS.followUp);
  await partial.getByRole('button', { name: 'Retry this reply' }).click();
  await waitForReplies(page, 3);
  await expect(savedReplies(page).last()).not.toContainText('Incomplete');
  await reloadAndCompare(page);

  await answer(page, ANSWERS.q2);
  await reloadAndCompare(page);
  await answer(page, ANSWERS.q3, 'that is the end of our interview');
  await reloadAndCompare(page);

  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();

  // Export JSON: each of the candidate's answers exactly once, the interviewer's turns, no key.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const text = await readFile((await download.path())!, 'utf8');
  expect(() => JSON.parse(text)).not.toThrow();
  for (const said of Object.values(ANSWERS)) expect(text.split(JSON.stringify(said).slice(1, -1))).toHaveLength(2);
  expect(text).toContain(JSON.stringify(FOLLOW_UP).slice(1, -1));
  expect(text).not.toContain('test-key');
});
