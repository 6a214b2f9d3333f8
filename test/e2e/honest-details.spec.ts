/**
 * Honest details (issue 16, item 6), one candidate's story through the real UI and the fake
 * OpenAI server: a senior-level interview with a one-minute answer timer, whose guideline comes
 * back short (3 asked for, 2 written) with one requirement in the model's own words. The level
 * reaches the guideline and feedback requests; the timer shows while answering, says when time
 * is up and never cuts the answer off; the interview and the report say the guideline was short;
 * the report shows the paraphrase as one, and who used the tokens.
 */
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import {
  ANSWERS,
  answer,
  fillSetup,
  interviewer,
  plannedBefore,
  promptKind,
  restOfGuidelineAsked,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const SENIOR_WORDS = 'Senior: expect ownership of designs and their trade-offs';
const PARAPHRASE = 'helping junior people grow';

test('a short guideline, a paraphrased requirement, the level and the answer timer, said honestly', async ({ page, fakeOpenAI }) => {
  const play = interviewer({ followUpAfter: [] });
  // The guideline's second step asks for 2 more questions; the model writes only 1, in its own words.
  fakeOpenAI.respondWith((request) =>
    promptKind(request) === 'guideline' && plannedBefore(request.lastUser) > 0
      ? {
          text: JSON.stringify({
            questions: [{ text: 'Describe how you have helped a junior colleague grow.', topic: 'Mentoring', requirement: PARAPHRASE }],
          }),
          wordDelayMs: 0,
        }
      : play(request),
  );
  // Time runs as usual until the test moves it on (no real minute is waited).
  await page.clock.install();
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page, { questions: 3 });
  await page.getByLabel('Level').selectOption({ label: 'Senior' });
  await page.getByLabel('Answer timer').selectOption({ label: '1 min' });
  await expect(page.getByText('Shows the time left while you answer. It never cuts you off.')).toBeVisible();
  await page.getByRole('button', { name: 'Start a 3-question behavioral interview' }).click();
  await waitForReplies(page, 1);

  // The timer runs while the candidate answers; screen readers hear it only at a few moments.
  const timer = page.getByTestId('answer-timer');
  const heard = page.getByTestId('answer-timer-announcement');
  await expect(timer).toContainText(/Answer timer: (1:00|0:5\d) left/);
  await expect(heard).toHaveText('');
  await page.clock.fastForward('00:31');
  await expect(heard).toHaveText('30 seconds left.');
  await page.clock.fastForward('00:45');
  await expect(timer).toContainText(/Time is up — finish your thought · 0:1\d over/);
  await expect(heard).toHaveText('Time is up — finish your thought.');
  await expect(page.getByLabel('Your answer')).toBeEnabled();
  await expectAccessible(page, 'the answer timer after time is up');

  // The level reaches the guideline request; the second step continues that conversation, so it reads it there.
  await restOfGuidelineAsked(fakeOpenAI);
  const guidelines = fakeOpenAI.chatRequests().filter((r) => promptKind(r) === 'guideline');
  expect(guidelines[0]!.lastUser).toContain(SENIOR_WORDS);
  for (const request of guidelines.slice(1)) expect(request.messages.map((m) => m.content)).toContain(guidelines[0]!.lastUser);

  // The answer goes through after time is up; the next question gets a fresh timer.
  await answer(page, ANSWERS.q1, 'helped a junior colleague grow');
  const status = page.locator('.interview .top .status');
  await expect(status).toContainText('Question 2 of 2 (the model wrote 2 of the 3 questions you asked for)');
  await expect(timer).toContainText(/Answer timer: (1:00|0:5\d) left/);

  await answer(page, ANSWERS.q2, 'that is the end of our interview');
  await expect(page.getByTestId('answer-timer')).toHaveCount(0);
  await page.getByRole('button', { name: 'Get my feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  const feedback = fakeOpenAI.chatRequests().filter((r) => promptKind(r) === 'feedback');
  expect(feedback.at(-1)?.lastUser).toContain(SENIOR_WORDS);

  await expect(page.getByTestId('report-short-guideline')).toHaveText(
    'The model wrote 2 of the 3 questions you asked for, so this interview had 2.',
  );
  await expect(page.getByTestId('paraphrased-requirement').first()).toHaveText(`Paraphrased requirement: ${PARAPHRASE}`);
  await expect(page.getByText(`“${PARAPHRASE}”`)).toHaveCount(0);
  await expect(page.getByTestId('report-usage')).toHaveText(/^[\d,]+ tokens used, by .+/);
});
