/**
 * "Reload or crash at any point of an interview resumes with every message": a short interview
 * reloaded after every turn and once in the middle of a streaming reply, then finished, with the
 * report exported as JSON and checked against what was said. And the answer not sent yet: kept
 * across a reload and a visit to Settings, never dropped silently by Finish, and never a key press
 * that silently does nothing while the interviewer is still writing.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import {
  ANSWERS,
  FOLLOW_UP,
  answer,
  answersInFeedbackPrompt,
  conversation,
  fillSetup,
  interviewer,
  promptKind,
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
  // What is on screen and what is on disk agree (both read again each time: on a busy machine
  // more words may still be arriving when the first look is taken).
  await expect
    .poll(async () => {
      const onScreen = (await streaming.innerText()).trim();
      const saved = (await dumpDatabase(page)).messages.find((m) => m.role === 'assistant' && m.incomplete === true)?.text.trim();
      return saved === onScreen ? 'same' : `disk: ${saved} · screen: ${onScreen}`;
    })
    .toBe('same');
  const shown = (await streaming.innerText()).trim();
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

test('an answer typed but not sent is back in the box after a reload and a visit to Settings; sending it clears it', async ({
  page,
  fakeOpenAI,
}) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  const box = page.getByLabel('Your answer');
  const typed = 'At Contoso two teams argued about the release freeze — 🚀 and مرحبا';
  const storedDraft = async () => (await dumpDatabase(page)).sessions[0]!.draft?.text;
  const rescued = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rehearse-unsent-answer:')));
  // Saved with the session once typing pauses: what a crash would leave.
  await box.fill(typed);
  await expect.poll(storedDraft).toBe(typed);

  // Reloaded at once, before that pause: the closing page keeps it, and it is saved when the interview opens again.
  await box.fill(`${typed} Then`);
  await page.reload();
  await expect(box).toHaveValue(`${typed} Then`);
  await expect.poll(storedDraft).toBe(`${typed} Then`);
  await expect.poll(rescued).toEqual([]);

  // Off to Settings (say, to fix the key) and back.
  const url = page.url();
  await box.fill(`${typed} More.`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/#\/settings/);
  await page.goto(url);
  await expect(box).toHaveValue(`${typed} More.`);

  // The box is filled as soon as the session is read; sending waits until the interview has resumed.
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
  await box.press('Enter');
  await waitForReplies(page, 2);
  await expect(conversation(page).locator(':scope > article[aria-label="You"]')).toContainText(`${typed} More.`);
  await expect(box).toHaveValue('');
  await page.reload();
  await waitForReplies(page, 2);
  await expect(box).toHaveValue('');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]')).toHaveCount(1);
  expect((await dumpDatabase(page)).sessions[0]).not.toHaveProperty('draft');
});

test('Finish with an answer still in the box asks first: Keep answering, or Send it, then finish, and the feedback has it', async ({
  page,
  fakeOpenAI,
}) => {
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [1] }));
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await answer(page, ANSWERS.q1, FOLLOW_UP);
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.followUp);

  const finish = page.getByRole('button', { name: 'Finish and get feedback' });
  await finish.click();
  const dialog = page.getByRole('dialog', { name: 'The answer in the box has not been sent' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('the feedback would leave it out');
  // Keyboard: focus starts on the safe choice, Esc closes, focus goes back to Finish, the answer is untouched.
  await expect(dialog.getByRole('button', { name: 'Keep answering' })).toBeFocused();
  await expectAccessible(page, 'the unsent-answer dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(finish).toBeFocused();
  await expect(box).toHaveValue(ANSWERS.followUp);
  expect(fakeOpenAI.chatRequests().some((r) => promptKind(r) === 'feedback')).toBe(false);

  await finish.click();
  await dialog.getByRole('button', { name: 'Send it, then finish' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  const feedback = fakeOpenAI.chatRequests().find((r) => promptKind(r) === 'feedback')!;
  expect(answersInFeedbackPrompt(feedback.lastUser)[0]).toEqual([ANSWERS.q1, ANSWERS.followUp]);
  const db = await dumpDatabase(page);
  expect(
    db.messages
      .filter((m) => m.role === 'user')
      .sort((a, b) => a.index - b.index)
      .map((m) => m.text),
  ).toEqual([ANSWERS.q1, ANSWERS.followUp]);
  expect(db.sessions[0]).not.toHaveProperty('draft');
});

test('Finish without it leaves the unsent answer out of the feedback and the finished interview', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [] }));
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await answer(page, ANSWERS.q1);
  await page.getByLabel('Your answer').fill(ANSWERS.q2);
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await page
    .getByRole('dialog', { name: 'The answer in the box has not been sent' })
    .getByRole('button', { name: 'Finish without it' })
    .click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  const feedback = fakeOpenAI.chatRequests().find((r) => promptKind(r) === 'feedback')!;
  expect(feedback.lastUser).toContain(ANSWERS.q1);
  expect(feedback.lastUser).not.toContain(ANSWERS.q2);
  const db = await dumpDatabase(page);
  expect(
    db.messages
      .filter((m) => m.role === 'user')
      .sort((a, b) => a.index - b.index)
      .map((m) => m.text),
  ).toEqual([ANSWERS.q1]);
  expect(db.sessions[0]).not.toHaveProperty('draft');
  expect(db.sessions[0]!.status).toBe('finished');
});

test('Enter while the interviewer is still writing says the answer is not sent yet and keeps it; Enter after the reply sends it', async ({
  page,
  fakeOpenAI,
}) => {
  // The greeting streams its words, then stays open until the test lets it finish.
  let finishGreeting!: () => void;
  const greetingHeld = new Promise<void>((resolve) => (finishGreeting = resolve));
  const play = interviewer();
  fakeOpenAI.respondWith((request) => {
    const reply = play(request);
    return promptKind(request) === 'opening' && typeof reply === 'object' && 'text' in reply
      ? { ...reply, finishWhen: greetingHeld }
      : reply;
  });
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page);
  await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();

  const box = page.getByLabel('Your answer');
  const notSent = page.getByTestId('answer-not-sent');
  await expect(notSent).toHaveText('');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  await expect(notSent).toHaveText(/^Not sent yet: the interviewer is still writing\./);
  await expect(notSent).toHaveAttribute('role', 'status');
  await expect(box).toHaveValue(ANSWERS.q1);
  await expect(conversation(page).locator(':scope > article[aria-label="You"]')).toHaveCount(0);

  finishGreeting();
  await waitForReplies(page, 1);
  // Ready now: the notice is gone, and Enter sends.
  await expect(notSent).toHaveText('');
  await box.press('Enter');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]')).toContainText(ANSWERS.q1);
  await expect(box).toHaveValue('');
});
