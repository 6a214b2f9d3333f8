/**
 * What the candidate meets when the remote engine fails, and how they recover: a refused
 * key, rate limiting with Retry-After, a stream cut mid-reply, a guideline or a feedback that
 * is not JSON, and stopping a reply (button, and Esc wherever focus is).
 */
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import {
  interviewAlert,
  ANSWERS,
  FOLLOW_UP,
  answer,
  conversation,
  fillSetup,
  interviewer,
  promptKind,
  restOfGuidelineAsked,
  savedReplies,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const LONG_REPLY = `Thank you for that. ${'Let me think about what you said there and how it relates to the role. '.repeat(8)}What happened next?`;

async function start(page: Page): Promise<void> {
  await fillSetup(page);
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
}

test('a refused API key says to check the key, and Try again works once it is fixed', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  fakeOpenAI.setRequiredKey('the-right-key');
  await useFakeRemote(page, fakeOpenAI.url);
  await start(page);
  const error = interviewAlert(page);
  await expect(error).toHaveAttribute('data-error-code', 'remote-auth');
  await expect(error).toContainText('Your questions could not be prepared');
  await expect(error).toContainText('did not accept the API key (HTTP 401)');
  await expect(error).toContainText('Check the API key in Settings → Engine');
  await expect(error).not.toContainText('test-key');

  fakeOpenAI.setRequiredKey(undefined);
  await error.getByRole('button', { name: 'Try again' }).click();
  await waitForReplies(page, 1);
  await expect(interviewAlert(page)).toHaveCount(0);
  await expect(page.locator('.interview .top .status')).toContainText('Question 1 of 3');
});

test('rate limiting counts down the wait from Retry-After; Try again waits for it, the answer is kept, and it continues', async ({
  page,
  fakeOpenAI,
}) => {
  // The countdown runs on the page's clock, which this test holds: on a busy machine a real
  // second can pass before an assertion runs, so every shown number is reached by moving the
  // clock, never by waiting for it (issue 15).
  await page.clock.install();
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  // The rest of the guideline is written in the background after the opening: the 429 is for the turn.
  await restOfGuidelineAsked(fakeOpenAI);
  fakeOpenAI.enqueue({ status: 429, retryAfter: 30 });
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  // Time stands still from here: the wait starts, and stays, at 30 s until the test moves it.
  await page.clock.pauseAt(Date.now() + 1000);
  await box.press('Enter');
  const error = interviewAlert(page);
  await expect(error).toHaveAttribute('data-error-code', 'remote-rate-limited');
  await expect(error).toContainText('That reply did not arrive');
  await expect(error).toContainText('Wait 30 seconds and try again');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]')).toContainText(ANSWERS.q1);

  // A countdown, not a static note: Try again is unavailable (and says why) until it reaches zero.
  const countdown = error.getByTestId('retry-countdown');
  const tryAgain = error.getByRole('button', { name: 'Try again' });
  await expect(countdown).toHaveText('You can try again in 30 s.');
  await expect(tryAgain).toBeDisabled();
  await expect(tryAgain).toHaveAccessibleDescription('You can try again in 30 s.');
  // The ticking number stays out of the alert's live region; only the end is announced.
  await expect(countdown).toHaveAttribute('aria-hidden', 'true');
  await expect(error.getByRole('status')).toHaveText('');
  // Pressed anyway (it stays focusable, for screen readers): nothing is sent.
  const requests = fakeOpenAI.chatRequests().length;
  await tryAgain.click({ force: true });
  await page.clock.runFor(1000);
  await expect(countdown).toHaveText('You can try again in 29 s.');

  // axe waits on the page's timers, so time runs while it checks; the wait is long enough that
  // it is still counting afterwards, and the test reads where it stands.
  await page.clock.resume();
  await expectAccessible(page, 'the rate-limit countdown');
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  const left = Number(/in (\d+) s\./.exec((await countdown.textContent()) ?? '')?.[1]);
  expect(left).toBeGreaterThan(1);
  // The countdown ticks every 250 ms, so moving the clock by whole seconds moves it by as many.
  await page.clock.runFor((left - 1) * 1000);
  await expect(countdown).toHaveText('You can try again in 1 s.');
  await expect(tryAgain).toBeDisabled();
  await page.clock.runFor(1000);

  await expect(tryAgain).toBeEnabled();
  await expect(countdown).toHaveCount(0);
  await expect(error.getByRole('status')).toHaveText('You can try again now.');
  // Nothing is retried on its own, however long the page waits.
  await page.clock.runFor(60_000);
  await page.clock.resume();
  expect(fakeOpenAI.chatRequests()).toHaveLength(requests);

  await tryAgain.click();
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText(FOLLOW_UP);
  await expect(interviewAlert(page)).toHaveCount(0);
  // Exactly one request since the 429: the early press sent nothing and nothing retried on its own.
  expect(fakeOpenAI.chatRequests()).toHaveLength(requests + 1);
  // The retried request carried the answer once, not twice.
  const last = fakeOpenAI.chatRequests().at(-1)!;
  expect(last.messages.filter((m) => m.content.startsWith(ANSWERS.q1))).toHaveLength(1);
});

test('a server error (5xx) says what happened and what to do, keeps the answer, and Try again continues', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await restOfGuidelineAsked(fakeOpenAI);
  fakeOpenAI.enqueue({ status: 503, message: 'upstream overloaded' });
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  const error = interviewAlert(page);
  await expect(error).toHaveAttribute('data-error-code', 'remote-server');
  await expect(error).toContainText('That reply did not arrive');
  await expect(error).toContainText('had a problem on its side (HTTP 503)');
  await expect(error).toContainText('Try again in a moment');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]')).toContainText(ANSWERS.q1);
  await expectAccessible(page, 'a server error');

  const requests = fakeOpenAI.chatRequests().length;
  await error.getByRole('button', { name: 'Try again' }).click();
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText(FOLLOW_UP);
  await expect(interviewAlert(page)).toHaveCount(0);
  // One new request, carrying the answer once; the interview goes on from it.
  expect(fakeOpenAI.chatRequests()).toHaveLength(requests + 1);
  expect(
    fakeOpenAI
      .chatRequests()
      .at(-1)!
      .messages.filter((m) => m.content.startsWith(ANSWERS.q1)),
  ).toHaveLength(1);
  await answer(page, ANSWERS.followUp);
});

test('a cut stream keeps the partial reply, marks it Incomplete, and Retry this reply replaces it', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url, { speakReplies: true });
  await startInterview(page);
  await restOfGuidelineAsked(fakeOpenAI);
  // The connection dies once the first words are on screen (what the page had not read yet is lost, as in Chromium).
  let cutNow = () => {};
  const onScreen = new Promise<void>((resolve) => (cutNow = resolve));
  fakeOpenAI.enqueue({ cut: true, text: '[FOLLOW-UP] What was your own part', cutWhen: onScreen });
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  await expect(conversation(page)).toContainText('What was your own part').finally(cutNow);
  await expect(interviewAlert(page)).toHaveAttribute('data-error-code', 'remote-network');
  await waitForReplies(page, 2);
  const partial = savedReplies(page).last();
  await expect(partial).toContainText('What was your own part');
  await expect(partial).toContainText('Incomplete');

  // The app project's Chromium runs without speech-dispatcher, so replies (speaking switched on here) cannot be
  // read aloud: the notice must name speech output, not the microphone.
  const speech = page.locator('[data-error-code="speech-unavailable"]');
  await expect(speech).toContainText('Replies cannot be read aloud');
  await expect(speech).not.toContainText('Voice input did not work');
  await expect(speech).not.toContainText('type your answer instead');
  await partial.getByRole('button', { name: 'Retry this reply' }).click();
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText(FOLLOW_UP);
  await expect(savedReplies(page).last()).not.toContainText('Incomplete');
  await expect(conversation(page)).not.toContainText('Retry this reply');
  await expect(interviewAlert(page)).toHaveCount(0);
  // The conversation goes on from the retried reply.
  await answer(page, ANSWERS.followUp, 'Describe how you have helped a junior colleague grow.');
});

test('a guideline that is not JSON twice gives a clear error, and Try again then succeeds', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  fakeOpenAI.enqueue('Sure! Here are some great questions for you.', 'questions: 1. Tell me about yourself');
  await useFakeRemote(page, fakeOpenAI.url);
  await start(page);
  const error = interviewAlert(page);
  await expect(error).toHaveAttribute('data-error-code', 'invalid-model-output');
  await expect(error).toContainText('Your questions could not be prepared');
  await expect(error).toContainText('could not write a usable list of questions, even after a second try');
  const kinds = fakeOpenAI.chatRequests().map(promptKind);
  expect(kinds).toEqual(['guideline', 'repair']);

  await error.getByRole('button', { name: 'Try again' }).click();
  await waitForReplies(page, 1);
  await expect(interviewAlert(page)).toHaveCount(0);
  await expect(savedReplies(page).first()).toContainText('Tell me about a time you had to resolve a disagreement');
});

test('a feedback that is not JSON twice is titled as the feedback, and Try again writes it (not a reply)', async ({ page, fakeOpenAI }) => {
  // The feedback (written after the closing reply, while the candidate reads it) and its repair are not JSON.
  const base = interviewer({ followUpAfter: [] });
  const bad = ['Here is how you did: quite well overall!', 'feedback: good'];
  fakeOpenAI.respondWith((request) =>
    bad.length > 0 && ['feedback', 'repair'].includes(promptKind(request)) ? { text: bad.shift()!, wordDelayMs: 0 } : base(request),
  );
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await restOfGuidelineAsked(fakeOpenAI);
  await answer(page, ANSWERS.q1);
  await answer(page, ANSWERS.q2);
  const requestsBefore = fakeOpenAI.chatRequests().length + 1;
  await answer(page, ANSWERS.q3, 'that is the end of our interview');

  // The next step is offered at the end of the conversation, under the closing words.
  const nextStep = page.getByRole('region', { name: /That was the last question/ });
  await expect(nextStep).toContainText('Get your feedback when you are ready.');
  await nextStep.getByRole('button', { name: 'Get my feedback' }).click();

  const error = interviewAlert(page);
  await expect(error).toHaveAttribute('data-error-code', 'invalid-model-output');
  await expect(error).toContainText('Your feedback could not be written');
  await expect(error).not.toContainText('That reply did not arrive');
  await expect(error).toContainText('Your answers are saved');
  expect(fakeOpenAI.chatRequests().slice(requestsBefore).map(promptKind)).toEqual(['feedback', 'repair']);

  await error.getByRole('button', { name: 'Try again' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  // Try again asked for the feedback again; no interviewer reply was retried.
  expect(fakeOpenAI.chatRequests().slice(requestsBefore).map(promptKind)).toEqual(['feedback', 'repair', 'feedback']);
});

test('Esc stops a streaming reply with focus on the heading or nowhere, not only in the answer box', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await restOfGuidelineAsked(fakeOpenAI);
  const streaming = conversation(page).locator(':scope > div[aria-live] article');
  const box = page.getByLabel('Your answer');

  // From the heading (where focus goes after Start).
  fakeOpenAI.enqueue({ text: LONG_REPLY, wordDelayMs: 80 });
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  await expect(streaming).toContainText('Let me think');
  const heading = page.getByRole('heading', { level: 1 });
  await heading.focus();
  await heading.press('Escape');
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText('Incomplete');
  expect((await savedReplies(page).last().textContent())!).not.toContain('What happened next?');

  // With nothing focused (the page itself), after answering the stopped reply.
  await answer(page, ANSWERS.followUp);
  fakeOpenAI.enqueue({ text: LONG_REPLY, wordDelayMs: 80 });
  await box.fill(ANSWERS.q2);
  await box.press('Enter');
  await expect(streaming).toContainText('Let me think');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await page.keyboard.press('Escape');
  await waitForReplies(page, 4);
  await expect(savedReplies(page).last()).toContainText('Incomplete');
  expect((await savedReplies(page).last().textContent())!).not.toContain('What happened next?');
  await expect(interviewAlert(page)).toHaveCount(0);
});

test('Stop and Esc keep the partial reply, marked Incomplete; the candidate can retry or answer it', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await restOfGuidelineAsked(fakeOpenAI);
  const streaming = conversation(page).locator(':scope > div[aria-live] article');

  // Stop button.
  fakeOpenAI.enqueue({ text: LONG_REPLY, wordDelayMs: 80 });
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  await expect(streaming).toContainText('Let me think');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await waitForReplies(page, 2);
  const stopped = savedReplies(page).last();
  await expect(stopped).toContainText('Thank you for that.');
  await expect(stopped).toContainText('Incomplete');
  expect((await stopped.textContent())!).not.toContain('What happened next?');
  await expect(interviewAlert(page)).toHaveCount(0);
  await stopped.getByRole('button', { name: 'Retry this reply' }).click();
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText(FOLLOW_UP);
  await expect(savedReplies(page).last()).not.toContainText('Incomplete');

  // Esc in the answer box.
  fakeOpenAI.enqueue({ text: LONG_REPLY, wordDelayMs: 80 });
  await box.fill(ANSWERS.followUp);
  await box.press('Enter');
  await expect(streaming).toContainText('Let me think');
  await box.press('Escape');
  await waitForReplies(page, 3);
  await expect(savedReplies(page).last()).toContainText('Incomplete');
  expect((await savedReplies(page).last().textContent())!).not.toContain('What happened next?');

  // Answering the partial reply is allowed and the interview goes on.
  await answer(page, ANSWERS.q2);
  await expect(savedReplies(page)).toHaveCount(4);
  await expect(savedReplies(page).nth(2)).toContainText('Incomplete');
});
