/**
 * Issue 16, item 2, end to end through the real UI, IndexedDB and the OpenAI-compatible adapter
 * against the fake server: the coverage of a job's requirements after two interviews from one
 * description (the first seeded as a finished interview, the second run through the screens),
 * then "Practise the gaps", whose guideline request asks about what was not covered.
 */
import type { MessageRecord, SessionRecord } from '../../src/domain/records';
import { jobKeyOf } from '../../src/domain/coaching/job-key';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import type { FakeChatRequest } from '../fake-openai/server';
import { seedDatabase } from './idb-helpers';
import { JOB_DESCRIPTION, conversation, fillSetup, interviewer, promptKind, useFakeRemote, waitForReplies } from './practice-helpers';
import { session } from '../unit/domain/backup/sample-data';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

// The description's requirements, as the app finds them (its sentences about the candidate).
const LEAD = 'You will lead a small team that runs our PostgreSQL clusters and deployment pipeline';
const DISAGREE = 'You resolve disagreements between teams calmly and with data';
const MENTOR = 'You mentor junior engineers and give clear, kind feedback';
const OWNERSHIP = 'You take ownership of incidents and communicate with stakeholders during outages';
const PYTHON = 'Experience with Python and Terraform is a plus';

const T0 = 1_700_000_000_000;
const FIRST_ANSWER = 'I led the database team of four for two years and we moved every cluster to PostgreSQL 15.';
const SECOND_ANSWER = 'Two teams disagreed about the release freeze, so I brought the incident data and we agreed on a weekly window.';

/** The first interview of this job, finished: one question on leading the team, answered well. */
function firstInterview(): { session: SessionRecord; messages: MessageRecord[] } {
  const base = session('first', { title: 'Professional · Senior Platform Engineer', createdAt: T0, updatedAt: T0 + 60_000 });
  const question = 'Tell me about a team you led.';
  const record: SessionRecord = {
    ...base,
    jobKey: jobKeyOf(JOB_DESCRIPTION),
    setup: { ...base.setup!, jobDescription: JOB_DESCRIPTION, type: 'professional', questionCount: 1 },
    guideline: { questions: [{ id: 'q1', text: question, topic: 'Leadership', requirement: `${LEAD}.` }], groundedIn: [] },
    feedback: {
      ...base.feedback!,
      questions: [
        {
          questionId: 'q1',
          question,
          requirement: `${LEAD}.`,
          score: 8,
          evidence: ['I led the database team of four for two years'],
          strengths: [],
          improvements: [],
          sampleAnswer: '',
        },
      ],
      createdAt: T0 + 60_000,
    },
  };
  const msg = (index: number, role: 'assistant' | 'user', text: string): MessageRecord => ({
    id: `first-m${index}`,
    sessionId: 'first',
    index,
    role,
    text,
    createdAt: T0 + index,
    questionIndex: 0,
    kind: role === 'user' ? 'answer' : 'greeting',
  });
  return { session: record, messages: [msg(0, 'assistant', `Welcome. ${question}`), msg(1, 'user', FIRST_ANSWER)] };
}

const isDuplicatesRequest = (r: FakeChatRequest) => r.json && r.lastUser.startsWith('Below is a list of requirements');

test('coverage after two interviews from one description, then Practise the gaps asks about what was missing', async ({
  page,
  fakeOpenAI,
}) => {
  const play = interviewer({ followUpAfter: [] });
  fakeOpenAI.respondWith((request) => {
    // The near-duplicate check (asked of the remote engine only when the user says so): the
    // server fails the first time, then finds none.
    if (isDuplicatesRequest(request))
      return fakeOpenAI.chatRequests().filter(isDuplicatesRequest).length === 1
        ? { status: 503 }
        : { text: '{"duplicates": []}', wordDelayMs: 0 };
    // The second interview's one question tests the requirement on disagreements.
    if (promptKind(request) === 'guideline' && !request.lastUser.includes('not covered yet')) {
      return {
        text: JSON.stringify({
          questions: [{ text: 'Tell me about resolving a disagreement.', topic: 'Conflict', requirement: `${DISAGREE}.` }],
        }),
        wordDelayMs: 0,
      };
    }
    return play(request);
  });
  await useFakeRemote(page, fakeOpenAI.url);
  const seeded = firstInterview();
  await seedDatabase(page, { sessions: [seeded.session], messages: seeded.messages });

  // The second interview from the same description, through the screens.
  await fillSetup(page, { type: 'Professional', questions: 1 });
  await page.getByRole('button', { name: /^Start a 1-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1);
  const box = page.getByLabel('Your answer');
  await box.fill(SECOND_ANSWER);
  await box.press('Enter');
  await expect(conversation(page).locator(':scope > article[aria-label="You"]').last()).toContainText(SECOND_ANSWER);
  await page.getByRole('button', { name: 'Get my feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//);
  const secondReport = page.url().split('#')[1]!;

  // From the report to the job's coverage: both interviews count.
  await page.getByRole('link', { name: 'Requirements you have covered' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Requirements you have covered' })).toBeVisible();
  await expect(page.getByText('Over 2 finished interviews: 2 of 5 requirements covered, 0 partly, 3 not asked yet.')).toBeVisible();
  const items = page.getByRole('list', { name: 'Requirements of the job description' }).getByRole('listitem');
  await expect(items).toHaveCount(5);
  const item = (text: string) => items.filter({ hasText: `“${text}”` });
  await expect(item(LEAD)).toContainText('Covered');
  await expect(item(LEAD)).toContainText('Your answer: “I led the database team of four for two years”');
  await expect(item(LEAD).getByRole('link', { name: 'See the report of that interview' })).toHaveAttribute('href', '#/report/first');
  await expect(item(DISAGREE)).toContainText('Covered');
  await expect(item(DISAGREE).getByRole('link', { name: 'See the report of that interview' })).toHaveAttribute('href', `#${secondReport}`);
  for (const gap of [MENTOR, OWNERSHIP, PYTHON]) await expect(item(gap)).toContainText('Not asked yet');
  await expectAccessible(page, 'the coverage screen');
  // Opening the screen sent nothing by itself; merging repeated requirements with the remote
  // model is the user's choice, the host named. It asks once, by id only.
  expect(fakeOpenAI.chatRequests().filter(isDuplicatesRequest)).toHaveLength(0);
  const host = new URL(fakeOpenAI.url).host;
  await expect(page.getByText(`Merging them sends this list to ${host}`)).toBeVisible();
  await page.getByRole('button', { name: `Merge repeated requirements with ${host}` }).click();
  await expect.poll(() => fakeOpenAI.chatRequests().filter(isDuplicatesRequest).length).toBe(1);
  // The failure says why, the list stays as it was, and the merge can be asked again.
  await expect(page.getByRole('alert')).toContainText('The requirements were not merged.');
  await expect(page.getByRole('alert')).toContainText('(HTTP 503)');
  await expect(items).toHaveCount(5);
  await page.getByRole('button', { name: `Try merging again with ${host}` }).click();
  await expect.poll(() => fakeOpenAI.chatRequests().filter(isDuplicatesRequest).length).toBe(2);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /merging|Merge repeated/ })).toHaveCount(0);
  // What it found and cost, since these tokens belong to no interview.
  await expect(page.getByRole('status').filter({ hasText: 'No requirement repeats another' })).toHaveText(
    new RegExp(`^No requirement repeats another \\(checked with ${host.replace(/\./g, '\\.')}: \\d+ tokens\\)\\.$`),
  );
  expect(fakeOpenAI.chatRequests().find(isDuplicatesRequest)!.lastUser).toContain(`r3: ${MENTOR}`);

  // History links to the same coverage.
  await page.goto('/#/history');
  await expect(page.getByRole('link', { name: /^Requirement coverage for / }).first()).toHaveAttribute(
    'href',
    `#/coverage/${jobKeyOf(JOB_DESCRIPTION)}`,
  );
  await page.goBack();

  // Practise the gaps: the setup form names what it targets, and the guideline request asks for it.
  await page.getByRole('button', { name: 'Practise the gaps' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up a practice interview' })).toBeVisible();
  await expect(page.getByRole('group', { name: /Practise the gaps/ })).toContainText('3 requirements');
  await expect(page.getByLabel('Job description', { exact: true })).toHaveValue(JOB_DESCRIPTION);
  await expectAccessible(page, 'the setup form with the gaps to practise');
  const before = fakeOpenAI.chatRequests().length;
  await page.getByRole('button', { name: /^Start a 1-question professional/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await expect
    .poll(
      () =>
        fakeOpenAI
          .chatRequests()
          .slice(before)
          .filter((r) => promptKind(r) === 'guideline').length,
    )
    .toBeGreaterThan(0);
  const guideline = fakeOpenAI
    .chatRequests()
    .slice(before)
    .find((r) => promptKind(r) === 'guideline')!.lastUser;
  expect(guideline).toContain('has not covered yet');
  for (const gap of [MENTOR, OWNERSHIP, PYTHON]) expect(guideline).toContain(`- ${gap}\n`);
  for (const done of [LEAD, DISAGREE]) expect(guideline).not.toContain(`- ${done}\n`);
});
