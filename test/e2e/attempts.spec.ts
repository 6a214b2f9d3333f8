/**
 * Issue 16, items 1 and 5, end to end through the real UI, IndexedDB and the OpenAI-compatible
 * adapter against the fake server: answering a question again from the report, and the drill of
 * weak questions from Home. The questions are asked by code (verbatim, no model turn): the only
 * model request of an attempt is its feedback.
 */
import type { Page } from '@playwright/test';
import type { MessageRecord, SessionRecord } from '../../src/domain/records';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { seedDatabase } from './idb-helpers';
import {
  answer,
  conversation,
  interviewer,
  promptKind,
  savedReplies,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';
import { session } from '../unit/domain/backup/sample-data';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const DAY = 86_400_000;
const T0 = 1_700_000_000_000;
const Q1 = 'Tell me about a time you disagreed with your manager.';
const Q2 = 'How do you keep stakeholders informed during an outage?';
const REQ1 = 'You resolve disagreements between teams calmly and with data.';

/** A finished two-question behavioral interview scored on day 0: question 1 at `q1`, question 2 at `q2` (0–10). */
function original(q1: number, q2: number): { session: SessionRecord; messages: MessageRecord[] } {
  const base = session('orig', { title: 'Platform interview', createdAt: T0, updatedAt: T0 });
  const assessed = (questionId: string, question: string, score: number) => ({
    questionId,
    question,
    requirement: questionId === 'q1' ? REQ1 : 'Communicate with stakeholders.',
    score,
    evidence: [],
    strengths: [],
    improvements: ['Say what you did yourself'],
    sampleAnswer: '',
  });
  const record: SessionRecord = {
    ...base,
    setup: { ...base.setup!, questionCount: 2 },
    guideline: {
      questions: [
        { id: 'q1', text: Q1, topic: 'Conflict', requirement: REQ1 },
        { id: 'q2', text: Q2, topic: 'Communication', requirement: 'Communicate with stakeholders.' },
      ],
      groundedIn: [],
    },
    feedback: {
      ...base.feedback!,
      overallScore: 50,
      questions: [assessed('q1', Q1, q1), assessed('q2', Q2, q2)],
      createdAt: T0 + 60_000,
    },
  };
  const msg = (index: number, role: 'assistant' | 'user', text: string, questionIndex: number): MessageRecord => ({
    id: `orig-m${index}`,
    sessionId: 'orig',
    index,
    role,
    text,
    createdAt: T0 + index,
    questionIndex,
    kind: role === 'user' ? 'answer' : index === 0 ? 'greeting' : 'question',
  });
  return {
    session: record,
    messages: [
      msg(0, 'assistant', `Welcome. ${Q1}`, 0),
      msg(1, 'user', 'We argued and then it was fine.', 0),
      msg(2, 'assistant', Q2, 1),
      msg(3, 'user', 'I sent emails.', 1),
    ],
  };
}

/** Answers the question on screen and, when it was the last one, gets the feedback (the report opens). */
async function answerAsked(page: Page, text: string, last: boolean): Promise<void> {
  const box = page.getByLabel('Your answer');
  await box.fill(text);
  await box.press('Enter');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]').last()).toContainText(text);
  if (!last) return;
  await page.getByRole('button', { name: 'Get my feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
}

const BETTER =
  'When my manager wanted to skip load tests I showed him two incidents from the last quarter, and we agreed to keep a lighter test.';

test('answer a question again from the report: asked verbatim, scored alone, both attempts side by side, the overall uses the latest', async ({
  page,
  fakeOpenAI,
}) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  const seeded = original(4, 6);
  await seedDatabase(page, { sessions: [seeded.session], messages: seeded.messages });
  await page.goto('/#/report/orig');
  await expect(page.getByTestId('overall-score')).toHaveText('50');

  const first = page.getByRole('region', { name: `1. ${Q1}` });
  await first.getByRole('button', { name: 'Answer this again' }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  // The question as it was first asked, by code: no greeting, no model turn.
  await waitForReplies(page, 1);
  await expect(savedReplies(page).first()).toContainText(Q1);
  await expect(savedReplies(page).first()).not.toContainText('Welcome');
  await expect(page.locator('.interview .top .status')).toContainText('Question 1 of 1');
  await answerAsked(page, BETTER, true);

  // One model request: the feedback, on the same question and requirement.
  const requests = fakeOpenAI.chatRequests();
  expect(requests.map(promptKind)).toEqual(['feedback']);
  expect(requests[0]!.lastUser).toContain(`Question 1: ${Q1}`);
  expect(requests[0]!.lastUser).toContain(`Requirement tested: ${REQ1}`);

  // The attempt's report: first and latest side by side, the change, what improved in the candidate's words.
  await expect(page.getByTestId('score-change')).toHaveText('Score: 4 → 7 (+3)');
  await expect(page.getByRole('region', { name: 'First attempt at question 1' })).toContainText('We argued and then it was fine.');
  await expect(page.getByRole('region', { name: 'Latest attempt at question 1' })).toContainText(BETTER);
  await expect(page.getByTestId('improved')).toContainText('You said: “When my manager wanted to skip load”');
  await expectAccessible(page, 'report with two attempts');

  // The original's report shows the same pair, and its overall uses the latest attempt: 50 + (7 − 4) × 10 / 2.
  await page.goto('/#/report/orig');
  await expect(page.getByTestId('overall-score')).toHaveText('65');
  await expect(page.getByTestId('latest-overall')).toHaveText('Overall uses your latest attempt at 1 question (this interview alone: 50).');
  await expect(page.getByRole('region', { name: `1. ${Q1}` }).getByTestId('score-change')).toHaveText('Score: 4 → 7 (+3)');
  await expect(page.getByRole('region', { name: `2. ${Q2}` }).getByTestId('score-change')).toHaveCount(0);
});

test('answer a question again from the conversation once the interview has moved past it; the interview stays open to continue', async ({
  page,
  fakeOpenAI,
}) => {
  fakeOpenAI.respondWith(interviewer({ followUpAfter: [] }));
  await useFakeRemote(page, fakeOpenAI.url);
  await startInterview(page, { questions: 2 });
  const interviewUrl = page.url();
  // Question 1 is still being answered: nothing to answer again yet.
  await expect(conversation(page).getByRole('button', { name: 'Answer this again' })).toHaveCount(0);
  // The greeting asked question 1: "Welcome, … This is a short practice interview. <question 1>".
  const greeting = await savedReplies(page).first().innerText();
  const firstQuestion = greeting.split('This is a short practice interview.')[1]!.trim();
  expect(firstQuestion.length).toBeGreaterThan(10);
  await answer(page, 'We argued and then it was fine.');

  // Moved on to question 2: question 1 offers it, and only question 1.
  const again = conversation(page).getByRole('button', { name: 'Answer this again' });
  await expect(again).toHaveCount(1);
  await expect(savedReplies(page).first().getByRole('button', { name: 'Answer this again' })).toBeVisible();
  const before = fakeOpenAI.chatRequests().length;
  await again.click();
  // The attempt is a new session, on its own address.
  await page.waitForURL((url) => url.href !== interviewUrl);
  await expect(page).toHaveURL(/#\/interview\//);
  // Asked by code, verbatim, alone: no model request, one question.
  await waitForReplies(page, 1);
  await expect(savedReplies(page).first()).toContainText(firstQuestion);
  await expect(savedReplies(page).first()).not.toContainText('Welcome');
  await expect(page.locator('.interview .top .status')).toContainText('Question 1 of 1');
  expect(fakeOpenAI.chatRequests().length).toBe(before);

  // The interview it came from is kept where it was, to continue.
  await page.goto(interviewUrl);
  await waitForReplies(page, 2);
  await expect(page.getByLabel('Your answer')).toBeEnabled();
});

test('the drill from Home: weak questions due a day later, asked one by one, scored, and their schedule moves on', async ({
  page,
  fakeOpenAI,
}) => {
  // Two days after the interview: both weak questions (30 and 50, under 60) are due.
  await page.clock.setFixedTime(T0 + 2 * DAY);
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  const seeded = original(3, 5);
  await seedDatabase(page, { sessions: [seeded.session], messages: seeded.messages });
  await page.reload();

  await expect(page.getByTestId('drill-due')).toHaveText('Due for practice: 2 questions');
  await expectAccessible(page, 'home with questions due');

  // The threshold in Settings decides what is weak: under 40, only question 1 (30) is; a bad value is refused.
  const threshold = async (value: string) => {
    await page.goto('/#/settings');
    const field = page.getByLabel('Practise again the questions scored under');
    await field.fill(value);
    await field.press('Enter');
  };
  await threshold('40');
  await expect(page.getByText('Saved: questions scored under 40 go into your drill.')).toBeVisible();
  await page.goto('/#/');
  await expect(page.getByTestId('drill-due')).toHaveText('Due for practice: 1 question');
  await threshold('abc');
  await expect(page.locator('#drill-threshold-problem')).toBeVisible();
  await expect(page.getByLabel('Practise again the questions scored under')).toHaveAttribute('aria-invalid', 'true');
  await threshold('60');
  await expect(page.getByText('Saved: questions scored under 60 go into your drill.')).toBeVisible();
  await page.goto('/#/');
  await expect(page.getByTestId('drill-due')).toHaveText('Due for practice: 2 questions');
  await page.getByRole('button', { name: 'Practise them now' }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1);
  await expect(savedReplies(page).first()).toContainText(Q1);
  await expect(page.locator('.interview .top .status')).toContainText('Question 1 of 2');
  await answerAsked(page, BETTER, false);
  await waitForReplies(page, 2);
  await expect(savedReplies(page).last()).toContainText(Q2);
  await answerAsked(page, 'I posted updates every fifteen minutes in the incident channel and wrote the postmortem.', true);
  expect(fakeOpenAI.chatRequests().map(promptKind)).toEqual(['feedback']);

  // Scored 7 and 6 out of 10: good once each, so they stay in the queue, due again three days later.
  await page.goto('/#/');
  await expect(page.getByTestId('drill-next')).toContainText('Your practice queue: 2 questions. The next is due');
  await expect(page.getByTestId('drill-due')).toHaveCount(0);
});
