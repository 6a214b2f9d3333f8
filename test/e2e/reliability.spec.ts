/**
 * Bad input that the unit tests cannot show end to end (issue 9, docs/reliability.md): junk
 * pasted into the setup form, scanned and password-protected PDFs through the real pdf.js,
 * and model replies that are empty, cut at the token limit, or in non-Latin scripts.
 */
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { encryptedPdf, imageOnlyPdf } from '../fixtures/pdf';
import {
  ANSWERS,
  answer,
  conversation,
  fillSetup,
  interviewAlert,
  interviewer,
  promptKind,
  savedReplies,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const alert = (page: Page) => page.locator('.interview [role=alert]').filter({ hasNotText: 'Voice' });

test('binary junk in the job description is refused; a scanned or password-protected PDF says so and leaves the resume unchanged', async ({
  page,
  fakeOpenAI,
}) => {
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page, { jobDescription: 'PK\u0003\u0004\u0014\u0000\u0006\u0000word/document.xml\uFFFD\uFFFD\u0001\u0002\u0003' });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  const jd = page.getByLabel('Job description', { exact: true });
  await expect(jd).toBeFocused();
  await expect(page.locator('#setup-jobDescription-error')).toContainText('does not look like text');
  await expect(page).toHaveURL(/#\/practice$/);
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);

  const resume = page.getByLabel('Your resume (optional)', { exact: true });
  const file = page.getByLabel('Import your resume (optional) from a file');
  const error = page.locator('#setup-resume-error');
  await resume.fill('Ada Lovelace — مهندسة — 工程师 🚀');

  await file.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: imageOnlyPdf() });
  await expect(error).toContainText('“scan.pdf” has no text layer — it is probably a scanned image');
  await expect(resume).toHaveValue('Ada Lovelace — مهندسة — 工程师 🚀');

  await file.setInputFiles({ name: 'locked.pdf', mimeType: 'application/pdf', buffer: encryptedPdf() });
  await expect(error).toContainText('“locked.pdf” is protected with a password');
  await expect(resume).toHaveValue('Ada Lovelace — مهندسة — 工程师 🚀');
});

test('an empty reply offers Retry; Arabic, Chinese and emoji replies render unchanged; a reply cut at the token limit leaves the interview usable', async ({
  page,
  fakeOpenAI,
}) => {
  const MIXED = 'مرحبا بك! 欢迎参加面试 👋🏽. Tell me about a time you led a team (فريق، 团队).';
  // About as long as a 512-token reply can be: far longer is refused as a broken server (remote-engine.md).
  const ENDLESS = `Thank you. ${'And one more thing to consider, '.repeat(60)}and`;
  const play = interviewer();
  let openings = 0;
  let nextTurns = 0;
  fakeOpenAI.respondWith((request) => {
    const kind = promptKind(request);
    if (kind === 'opening') return ++openings === 1 ? { text: '', wordDelayMs: 0 } : { text: MIXED, wordDelayMs: 0 };
    if (kind === 'follow-up-or-next' && ++nextTurns === 1) return { text: ENDLESS, finishReason: 'length', wordDelayMs: 0 };
    return play(request);
  });
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page, { jobDescription: 'Team lead 🚀 — قائد فريق — 团队负责人. PostgreSQL, Python, mentoring.' });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);

  const error = alert(page);
  await expect(error).toHaveAttribute('data-error-code', 'invalid-model-output');
  await expect(error).toContainText('The model sent an empty reply');
  await error
    .getByRole('button', { name: /Try again|Retry/ })
    .first()
    .click();
  await waitForReplies(page, 1);
  await expect(alert(page)).toHaveCount(0);
  await expect(savedReplies(page).first()).toContainText(MIXED);
  // Mostly English words around the Arabic and Chinese ones: the language check leaves it alone
  // (no third request, no note); only a reply clearly in another language is asked for again.
  expect(openings).toBe(2);
  await expect(page.getByTestId('language-note')).toHaveCount(0);
  // A reply that starts in Arabic reads right to left; the English JD reply below stays left to right.
  const direction = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => getComputedStyle(el).direction);
  expect(await direction(savedReplies(page).first().locator('.markdown'))).toBe('rtl');

  // A reply that hit the token limit is kept as it came; the answer box still works.
  await answer(page, ANSWERS.q1);
  await expect(savedReplies(page).last()).toContainText('And one more thing to consider, and');
  await expect(alert(page)).toHaveCount(0);
  await answer(page, 'كنت قائد الفريق 🙂 我负责协调。', /Thank you/);
  const mine = conversation(page).locator(':scope > article[aria-label="You"]').last().locator('p.plain');
  await expect(mine).toHaveText('كنت قائد الفريق 🙂 我负责协调。');
  expect(await direction(mine)).toBe('rtl');
  expect(await direction(savedReplies(page).last().locator('.markdown'))).toBe('ltr');
});

test('a reply in the wrong language is asked for again; if it stays wrong it is kept with a note, and the interview goes on', async ({
  page,
  fakeOpenAI,
}) => {
  const GERMAN =
    'Willkommen und danke, dass Sie sich die Zeit nehmen. Dies ist ein kurzes Übungsgespräch. Erzählen Sie mir von einer Situation, in der Sie einen Konflikt zwischen zwei Teams lösen mussten.';
  const play = interviewer({ followUpAfter: [] });
  let germanOpenings = 1;
  fakeOpenAI.respondWith((request) => {
    if (promptKind(request) === 'opening' && germanOpenings-- > 0) return { text: GERMAN, wordDelayMs: 0 };
    return play(request);
  });
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page);
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await waitForReplies(page, 1);
  // The German draft was replaced by the reply to a second request that named the language.
  const openings = fakeOpenAI.chatRequests().filter((r) => promptKind(r) === 'opening');
  expect(openings).toHaveLength(2);
  expect(openings[1]!.lastUser).toContain('Your previous draft was not in English. Write your whole reply in English only.');
  await expect(savedReplies(page).first()).toContainText('Welcome, and thanks for making the time.');
  await expect(conversation(page)).not.toContainText('Willkommen');
  await expect(page.getByTestId('language-note')).toHaveCount(0);

  // A new interview where the model stays in German: the reply is kept as it came, with a calm note.
  germanOpenings = 2;
  await fillSetup(page);
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await waitForReplies(page, 1);
  await expect(savedReplies(page).first()).toContainText('Willkommen und danke');
  const note = savedReplies(page).first().getByTestId('language-note');
  await expect(note).toContainText(
    'This reply does not seem to be in English (it looks like German), even after the model was asked again.',
  );
  await expect(note.getByRole('link', { name: 'Settings → Engine' })).toHaveAttribute('href', '#/settings');
  await expectAccessible(page, 'interview with a wrong-language note');
  await answer(page, ANSWERS.q1, 'Thank you.');
  await expect(savedReplies(page).last().getByTestId('language-note')).toHaveCount(0);
});

test('a full disk while saving an answer says what uses the space and where to free it', async ({ page, fakeOpenAI }) => {
  // Chrome reports a full origin as a QuotaExceededError from IndexedDB; this makes every write
  // after the switch fail that way, as it would with the disk full.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if ((globalThis as { __diskFull?: boolean }).__diskFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    } as IDBObjectStore['put'];
  });
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  await page.evaluate(() => ((globalThis as { __diskFull?: boolean }).__diskFull = true));
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');

  const alertBox = interviewAlert(page).filter({ hasText: 'no room left' });
  await expect(alertBox).toBeVisible();
  const help = alertBox.getByTestId('storage-full-help');
  await expect(help).toContainText(/Rehearse uses [\d.]+ \w+ of about [\d.]+ \w+ the browser allows it/);
  // Chromium reports the split by storage system, so the help names both kinds of data.
  await expect(help).toContainText('downloaded models and app files');
  await expect(help).toContainText('your sessions, profiles and search index');
  await expect(help.getByRole('link', { name: 'Models' })).toHaveAttribute('href', '#/models');
  await expect(help.getByRole('link', { name: 'History' })).toHaveAttribute('href', '#/history');
  // It names the real problem, not the engine: no reply went missing and no model needs changing.
  await expect(alertBox).toContainText('Rehearse could not save.');
  await expect(alertBox).not.toContainText('That reply did not arrive');
  await expect(alertBox.getByRole('link', { name: 'Use a remote model instead' })).toHaveCount(0);
  await expect(alertBox.getByRole('link', { name: 'Check the engine settings' })).toHaveCount(0);
  await expectAccessible(page, 'interview with a full disk');
});
