/**
 * A whole behavioral interview by keyboard alone, through the fake OpenAI server: Home → setup
 * → the remote notice → two questions → feedback → the report with its STAR checks → the
 * Markdown and JSON exports. Only Tab, Shift+Tab, Enter, Space and typing: no click, no fill,
 * no focus() on a control. Reaching a control by Tab is the test that it can be reached.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import type { FakeChatRequest } from '../fake-openai/server';
import {
  ANSWERS,
  JOB_DESCRIPTION,
  answersInFeedbackPrompt,
  conversation,
  feedbackJson,
  interviewer,
  promptKind,
  savedReplies,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails if it never does. */
async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<void> {
  await expect(target).toBeVisible();
  for (let i = 0; i < (options.max ?? 100); i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/**
 * Feedback whose STAR check, per question, quotes the first five words of the answer as the
 * situation (present), leaves the task empty, quotes words 8–11 as the action (present) and
 * gives a result that is not in the answer (so it must show as missing, never quoted).
 */
function feedbackWithStar(request: FakeChatRequest): string {
  const feedback = JSON.parse(feedbackJson(request)) as { questions: Record<string, unknown>[] };
  const answers = answersInFeedbackPrompt(request.lastUser);
  feedback.questions.forEach((q, i) => {
    const words = (answers[i]?.[0] ?? '').split(/\s+/);
    q.star = {
      situation: words.slice(0, 5).join(' '),
      task: '',
      action: words.slice(7, 11).join(' '),
      result: 'we doubled revenue in a quarter',
      suggestion: 'Say what you were asked to achieve before describing the steps.',
    };
  });
  return JSON.stringify(feedback);
}

test('a behavioral interview by keyboard alone, from Home to the report with its STAR checks and exports', async ({ page, fakeOpenAI }) => {
  test.setTimeout(90_000);
  const playing = interviewer({ followUpAfter: [] });
  fakeOpenAI.respondWith((request) =>
    promptKind(request) === 'feedback' ? { text: feedbackWithStar(request), wordDelayMs: 0 } : playing(request),
  );
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: false });

  // Home → setup.
  await tabTo(page, page.getByRole('link', { name: /Practise an interview/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Set up a practice interview' })).toBeVisible();
  await tabTo(page, page.getByLabel('Job description', { exact: true }));
  await page.keyboard.insertText(JOB_DESCRIPTION);
  // Behavioral is the default type; the radio group is one Tab stop, reached and left as it is.
  await tabTo(page, page.getByRole('radio', { name: /^Behavioral/ }));
  await expect(page.getByRole('radio', { name: /^Behavioral/ })).toBeChecked();
  const questions = page.getByLabel('Questions', { exact: true });
  await tabTo(page, questions);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('2');
  await expect(questions).toHaveValue('2');
  await tabTo(page, page.getByRole('button', { name: 'Start a 2-question behavioral interview' }));
  await page.keyboard.press('Enter');

  // The remote notice: a modal dialog, answered from the keyboard.
  const notice = page.getByRole('dialog', { name: /^Send this interview to/ });
  await expect(notice).toBeVisible();
  await tabTo(page, notice.getByRole('button', { name: 'Send and start' }));
  await page.keyboard.press('Enter');

  // Two answers, typed and sent with Enter.
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1);
  const box = page.getByLabel('Your answer');
  for (const [i, text] of [ANSWERS.q1, ANSWERS.q2].entries()) {
    await tabTo(page, box);
    await page.keyboard.insertText(text);
    await page.keyboard.press('Enter');
    await expect(conversation(page).locator(':scope > article[aria-label="You"]').last()).toContainText(text);
    await waitForReplies(page, i + 2);
  }
  await expect(savedReplies(page).last()).toContainText('that is the end of our interview');

  // The last question's card: its button is the next Tab stop after the answer box's controls.
  await tabTo(page, page.getByRole('button', { name: 'Get my feedback' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  const feedbackPrompt = fakeOpenAI.chatRequests().find((r) => promptKind(r) === 'feedback')!.lastUser;
  expect(feedbackPrompt).toContain('"star"');

  // STAR marks: words and a mark per part; the invented result is missing and never quoted.
  const first = page.locator('section.question').first().getByTestId('star-check');
  await expect(first.getByRole('heading', { name: 'STAR check' })).toBeVisible();
  const q1Words = ANSWERS.q1.split(/\s+/);
  await expect(first.locator('li[data-part="situation"]')).toHaveText(`✓ Situation: present — “${q1Words.slice(0, 5).join(' ')}”`);
  await expect(first.locator('li[data-part="task"]')).toHaveText('✗ Task: missing');
  await expect(first.locator('li[data-part="action"]')).toHaveText(`✓ Action: present — “${q1Words.slice(7, 11).join(' ')}”`);
  await expect(first.locator('li[data-part="result"]')).toHaveText('✗ Result: missing');
  await expect(first).toContainText('To add: Say what you were asked to achieve before describing the steps.');
  await expect(page.locator('main')).not.toContainText('doubled revenue');
  await expect(page.getByTestId('star-check')).toHaveCount(2);
  await expectAccessible(page, 'the report with its STAR checks');

  // The exports, from the keyboard too: Shift+Tab is fine, the buttons sit at the end.
  const [markdownFile] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await tabTo(page, page.getByRole('button', { name: 'Export Markdown' }));
      await page.keyboard.press('Enter');
    })(),
  ]);
  const markdown = await readFile((await markdownFile.path())!, 'utf8');
  expect(markdown).toContain(`- ✓ Situation: present — “${q1Words.slice(0, 5).join(' ')}”\n- ✗ Task: missing`);
  expect(markdown).toContain('- ✗ Result: missing\n\nTo add: Say what you were asked to achieve before describing the steps.');
  expect(markdown).not.toContain('doubled revenue');
  const [jsonFile] = await Promise.all([
    page.waitForEvent('download'),
    (async () => {
      await tabTo(page, page.getByRole('button', { name: 'Export JSON' }));
      await page.keyboard.press(' ');
    })(),
  ]);
  const exported = JSON.parse(await readFile((await jsonFile.path())!, 'utf8')) as {
    session: { feedback: { questions: { star: { parts: Record<string, { present: boolean; quote?: string }> } }[] } };
  };
  expect(exported.session.feedback.questions[0]!.star.parts).toEqual({
    situation: { present: true, quote: q1Words.slice(0, 5).join(' ') },
    task: { present: false },
    action: { present: true, quote: q1Words.slice(7, 11).join(' ') },
    result: { present: false },
  });
});
