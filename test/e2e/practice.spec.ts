/**
 * The practice interview end to end, through the real UI, the real OpenAI-compatible adapter
 * and real IndexedDB, against the fake server playing a believable interviewer:
 * setup → remote notice → questions with a follow-up → feedback → report → export;
 * a reload mid-interview; history (open, resume, delete).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import type { FakeOpenAI } from '../fake-openai/server';
import { COACHING_NOTE } from '../../src/domain/feedback';
import {
  ANSWERS,
  FOLLOW_UP,
  JOB_DESCRIPTION,
  answer,
  conversation,
  feedbackJson,
  fillSetup,
  guidelineJson,
  interviewer,
  plannedBefore,
  promptKind,
  savedReplies,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const progress = (page: Page) => page.locator('.interview .top .status');

/** The planned questions, as the guideline requests returned them (question 1, then the rest). */
function plannedQuestions(fake: FakeOpenAI): string[] {
  const guidelines = fake.chatRequests().filter((r) => promptKind(r) === 'guideline');
  expect(guidelines.length, 'a guideline request was made').toBeGreaterThan(0);
  // The responder is deterministic: ask it again for the same requests.
  return guidelines.flatMap((request) => {
    const reply = interviewer()(request) as { text: string };
    return (JSON.parse(reply.text) as { questions: { text: string }[] }).questions.map((q) => q.text);
  });
}

/** Answers all three questions (one follow-up after the first) and reaches the closing. */
async function answerAll(page: Page): Promise<void> {
  await answer(page, ANSWERS.q1, FOLLOW_UP);
  await answer(page, ANSWERS.followUp);
  await answer(page, ANSWERS.q2);
  await answer(page, ANSWERS.q3, 'that is the end of our interview');
}

test('the first question streams while the rest of the guideline is still being written', async ({ page, fakeOpenAI }) => {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const base = interviewer({ followUpAfter: [] });
  const guidelines = () => fakeOpenAI.chatRequests().filter((r) => promptKind(r) === 'guideline');
  // The guideline's second step (it names question 1 as planned) is held open by the server.
  fakeOpenAI.respondWith((request) =>
    promptKind(request) === 'guideline' && plannedBefore(request.lastUser) > 0
      ? { text: guidelineJson(request), wordDelayMs: 0, finishWhen: held }
      : base(request),
  );
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page, { questions: 3 });
  const first = plannedQuestions(fakeOpenAI)[0]!;
  await expect(conversation(page)).toContainText(first);
  // Question 1 is on screen, and the request for questions 2 and 3 is open (it names question 1).
  await expect.poll(() => guidelines().length).toBe(2);
  expect(guidelines()[0]!.lastUser).toContain('exactly 1 interview questions');
  expect(guidelines()[1]!.lastUser).toContain('exactly 2 interview questions');
  expect(guidelines()[1]!.lastUser).toContain(first);
  release();
  const box = page.getByLabel('Your answer');
  await box.fill(ANSWERS.q1);
  await box.press('Enter');
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText(plannedQuestions(fakeOpenAI)[1]!);
});

test('a 3-question behavioral interview with a follow-up, from setup to the exported report', async ({ page, fakeOpenAI }) => {
  test.setTimeout(90_000);
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [1] }));
  const host = new URL(fakeOpenAI.url).host;

  // The remote engine is configured once through the Settings UI.
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: /A remote model/ }).check();
  const form = page.getByRole('form', { name: 'Remote engine' });
  await form.getByLabel('Provider').selectOption({ label: 'Custom server' });
  await form.getByLabel('Base URL').fill(fakeOpenAI.url);
  await form.getByLabel('Model', { exact: true }).fill('fake-model');
  await form.getByLabel(/^API key/).fill('test-key');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();

  // Setup → the notice names the host before anything is sent.
  await fillSetup(page, { type: 'Behavioral', questions: 3 });
  await expect(page.getByRole('button', { name: 'Start a 3-question behavioral interview' })).toBeVisible();
  await page.getByRole('button', { name: 'Start a 3-question behavioral interview' }).click();
  const notice = page.getByRole('dialog', { name: `Send this interview to ${host}?` });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(host);
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);
  await notice.getByRole('button', { name: 'Send and start' }).click();

  // Greeting and question 1 stream in.
  await expect(page).toHaveURL(/#\/interview\/[\w-]+$/);
  await waitForReplies(page, 1);
  const questions = plannedQuestions(fakeOpenAI);
  expect(questions).toHaveLength(3);
  await expect(savedReplies(page).first()).toContainText('Welcome');
  await expect(savedReplies(page).first()).toContainText(questions[0]!);
  await expect(progress(page)).toContainText('Question 1 of 3');
  const tokens = page.getByTestId('token-counter');
  await expect(tokens).toHaveText(/[\d,]+ tokens used/);
  const tokensAfterGreeting = Number((await tokens.textContent())!.replace(/\D/g, ''));
  expect(tokensAfterGreeting).toBeGreaterThan(0);

  // Q1 → follow-up (marker hidden) → Q2 → Q3 → closing.
  await answer(page, ANSWERS.q1, FOLLOW_UP);
  await expect(conversation(page)).not.toContainText('[FOLLOW-UP]');
  await expect(progress(page)).toContainText('Question 1 of 3');
  await answer(page, ANSWERS.followUp, questions[1]!);
  await expect(progress(page)).toContainText('Question 2 of 3');
  // The interview has moved past question 1: its question offers "Answer this again"; the
  // current one, and the follow-up, do not.
  const interviewerTurns = conversation(page).locator(':scope > article[aria-label="Interviewer"]');
  const again = page.getByRole('button', { name: 'Answer this again' });
  await expect(again).toHaveCount(1);
  await expect(interviewerTurns.first().getByRole('button', { name: 'Answer this again' })).toBeVisible();
  await answer(page, ANSWERS.q2, questions[2]!);
  await expect(progress(page)).toContainText('Question 3 of 3');
  await answer(page, ANSWERS.q3, 'that is the end of our interview');
  await expect(conversation(page)).not.toContainText('[NEXT]');
  const tokensAtEnd = Number((await tokens.textContent())!.replace(/\D/g, ''));
  expect(tokensAtEnd).toBeGreaterThan(tokensAfterGreeting);
  // Every request went to the configured server with the key and the chosen model.
  for (const request of fakeOpenAI.chatRequests()) {
    expect(request.headers.authorization).toBe('Bearer test-key');
    expect(request.model).toBe('fake-model');
  }

  // Feedback → report.
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  await expect(page.getByTestId('overall-score')).toHaveText('72');
  await expect(page.getByText(COACHING_NOTE)).toBeVisible();
  const feedbackRequest = fakeOpenAI.chatRequests().find((r) => promptKind(r) === 'feedback')!;
  for (const text of Object.values(ANSWERS)) expect(feedbackRequest.lastUser).toContain(text);

  const sections = page.locator('section.question');
  await expect(sections).toHaveCount(3);
  const expectedScores = ['7/10', '6/10', '5/10'];
  for (let i = 0; i < 3; i++) {
    const section = sections.nth(i);
    await expect(section.getByRole('heading', { level: 3 })).toContainText(questions[i]!);
    await expect(section.getByRole('meter', { name: 'Score' })).toHaveAttribute('aria-valuenow', expectedScores[i]!.split('/')[0]!);
    await expect(section.locator('.value')).toHaveText(expectedScores[i]!);
  }
  // The candidate's own words, with the evidence quote highlighted.
  const first = sections.nth(0);
  await expect(first.locator('blockquote')).toHaveCount(2);
  await expect(first.locator('blockquote').first()).toContainText(ANSWERS.q1);
  await expect(first.locator('blockquote').nth(1)).toContainText(ANSWERS.followUp);
  await expect(first.locator('mark')).toHaveText(ANSWERS.q1.split(/\s+/).slice(0, 7).join(' '));
  await expect(sections.nth(2).locator('mark')).toHaveText(ANSWERS.q3.split(/\s+/).slice(0, 7).join(' '));
  // The guideline is revealed, with requirements quoted from the JD.
  const guideline = page.getByRole('region', { name: 'The interviewer’s guideline' });
  for (const q of questions) await expect(guideline).toContainText(q);
  await expect(guideline).toContainText('You resolve disagreements between teams calmly and with data.');

  // Export Markdown: every question and every answer.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^rehearse-report-.+\.md$/);
  const markdown = await readFile((await download.path())!, 'utf8');
  for (const q of questions) expect(markdown).toContain(q);
  for (const text of Object.values(ANSWERS)) expect(markdown).toContain(text);
  expect(markdown).toContain('Overall: 72/100');

  // The notice was shown once: a second interview to the same host starts straight away.
  await fillSetup(page, { questions: 3 });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await waitForReplies(page, 1);
});

test('after the closing words the next step is a card at the end; while the feedback is written a busy card is there and the answer box is disabled', async ({
  page,
  fakeOpenAI,
}) => {
  // The feedback stream stays open until the test has looked at the busy state.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const base = interviewer({ followUpAfter: [1] });
  fakeOpenAI.respondWith((request) =>
    promptKind(request) === 'feedback' ? { text: feedbackJson(request), wordDelayMs: 0, finishWhen: held } : base(request),
  );
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  const nextStep = page.getByRole('region', { name: /That was the last question/ });
  await answer(page, ANSWERS.q1, FOLLOW_UP);
  await answer(page, ANSWERS.followUp);
  await answer(page, ANSWERS.q2);
  // Not offered before the interviewer has closed the interview.
  await expect(nextStep).toHaveCount(0);
  await answer(page, ANSWERS.q3, 'that is the end of our interview');

  // Under the closing words, after the conversation; the header keeps its own button, with another name.
  await expect(nextStep).toBeVisible();
  await expect(nextStep).toContainText('That was the last question. Get your feedback when you are ready.');
  const getFeedback = nextStep.getByRole('button', { name: 'Get my feedback' });
  await expect(page.getByRole('button', { name: 'Finish and get feedback' })).toHaveCount(1);
  const logBox = (await conversation(page).boundingBox())!;
  const cardBox = (await nextStep.boundingBox())!;
  expect(cardBox.y).toBeGreaterThanOrEqual(logBox.y + logBox.height);
  await expectAccessible(page, 'the next step after the last question');

  // Pressed from the keyboard: the card makes way for a busy one, which takes the focus.
  await getFeedback.focus();
  await page.keyboard.press('Enter');
  const writing = page.getByTestId('writing-feedback');
  await expect(writing).toHaveAttribute('role', 'status');
  await expect(writing).toHaveAttribute('aria-busy', 'true');
  await expect(writing).toContainText('Writing your feedback… This can take a minute on a local model.');
  await expect(writing).toBeFocused();
  await expect(nextStep).toHaveCount(0);
  await expect(page.getByLabel('Your answer')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Start recording' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Writing your feedback…' })).toBeDisabled();
  await expectAccessible(page, 'the feedback being written');

  release();
  await expect(page).toHaveURL(/#\/report\//);
  await expect(page.getByTestId('overall-score')).toHaveText('72');
});

test('a reload after the first answer resumes with every message and continues', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [1] }));
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page);
  const questions = plannedQuestions(fakeOpenAI);
  await answer(page, ANSWERS.q1, FOLLOW_UP);
  const url = page.url();
  const tokensBefore = await page.getByTestId('token-counter').textContent();

  await page.reload();
  expect(page.url()).toBe(url);
  await waitForReplies(page, 2);
  const log = conversation(page);
  await expect(log.locator(':scope > article')).toHaveCount(3);
  await expect(log.locator(':scope > article').nth(0)).toContainText(questions[0]!);
  await expect(log.locator(':scope > article').nth(1)).toContainText(ANSWERS.q1);
  await expect(log.locator(':scope > article').nth(2)).toContainText(FOLLOW_UP);
  await expect(log).not.toContainText('Incomplete');
  await expect(progress(page)).toContainText('Question 1 of 3');
  await expect(page.getByTestId('token-counter')).toHaveText(tokensBefore!);

  // It continues where it stopped; the model sees the whole conversation so far.
  const requestsBefore = fakeOpenAI.chatRequests().length;
  await answer(page, ANSWERS.followUp, questions[1]!);
  const next = fakeOpenAI.chatRequests()[requestsBefore]!;
  expect(promptKind(next)).toBe('follow-up-or-next');
  const turns = next.messages.filter((m) => m.role !== 'system').map((m) => m.content);
  expect(turns.join('\n')).toContain(ANSWERS.q1);
  expect(turns.join('\n')).toContain(FOLLOW_UP);
  // The answer as sent, with the interviewer's note for this turn after it.
  expect(turns.at(-1)!.startsWith(`${ANSWERS.followUp}\n\n(Note for the interviewer`)).toBe(true);
  await expect(progress(page)).toContainText('Question 2 of 3');
});

test('history lists sessions, opens a report, offers Resume and deletes with confirmation', async ({ page, fakeOpenAI }) => {
  test.setTimeout(90_000);
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [1], overall: 64 }));
  await useFakeRemote(page, fakeOpenAI.url);

  // One finished interview …
  await startInterview(page);
  await answerAll(page);
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page.getByTestId('overall-score')).toHaveText('64');
  // … and one left after its first question.
  await startInterview(page, { jobDescription: `Data Engineer at Fabrikam\n${JOB_DESCRIPTION}`, type: 'Professional' });

  await page.goto('/#/history');
  const items = page.locator('ul.sessions > li');
  await expect(items).toHaveCount(2);
  const finished = items.filter({ hasText: 'Behavioral · Senior Platform Engineer at Northwind Logistics' });
  const unfinished = items.filter({ hasText: 'Professional · Data Engineer at Fabrikam' });
  await expect(finished).toContainText('behavioral');
  await expect(finished).toContainText('Finished');
  await expect(finished).toContainText('score 64');
  await expect(finished.getByRole('link', { name: 'Resume' })).toHaveCount(0);
  await expect(unfinished).toContainText('professional');
  await expect(unfinished).toContainText('Unfinished');
  await expect(unfinished).not.toContainText('score');

  // Resume opens the interview where it stopped.
  await unfinished.getByRole('link', { name: 'Resume' }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1);
  await expect(page.getByLabel('Your answer')).toBeEditable();

  // The report opens from history.
  await page.goto('/#/history');
  await finished.getByRole('link', { name: 'Report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  await expect(page.getByTestId('overall-score')).toHaveText('64');

  // Delete asks first; Cancel keeps it, Delete removes it.
  await page.goto('/#/history');
  const title = 'Behavioral · Senior Platform Engineer at Northwind Logistics';
  await finished.getByRole('button', { name: `Delete ${title}` }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this session?' });
  await expect(confirm).toContainText(title);
  await expect(confirm).toContainText('and its report');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(items).toHaveCount(2);
  await finished.getByRole('button', { name: `Delete ${title}` }).click();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Deleted' })).toContainText(`Deleted “${title}”.`);
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText('Data Engineer at Fabrikam');
  // Gone for good: after a reload too.
  await page.reload();
  await expect(items).toHaveCount(1);
});
