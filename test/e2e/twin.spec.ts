/**
 * Twin mode end to end, through the real OpenAI-compatible adapter pointed at the fake
 * server: import a CSV, a resume and two projects; a suggested question is answered from
 * saved answers with no request; a new question's own message carries the 3 closest pairs and
 * the 2 projects, while the system message (instructions, resume) stays the same for the whole
 * conversation and every request continues the previous one; a long conversation triggers a
 * summarization request while the system message stays first and unchanged. The token budget
 * set in Settings stops a remote conversation before it overspends. Profile edits are saved as they are typed, and a reply
 * cut by a reload is kept, marked Incomplete. A double-clicked chip is asked once; Esc stops a
 * reply from anywhere on the screen (but only closes an open dialog); on a phone a profile with
 * content starts folded so the conversation is on the first screen.
 */
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { useFakeRemote } from './practice-helpers';
import { dumpDatabase } from './idb-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

/** A summarization request (prompts/summarize.md), not an answer. */
const isSummary = (request: { lastUser: string }) => request.lastUser.startsWith('Summarize the conversation below');

/** The profile side's import notice (the app shell has a status line of its own). */
const profileNotice = (page: Page) => page.getByRole('region', { name: 'Profile', exact: true }).getByRole('status');

const CSV = [
  '\uFEFFInterview Question,My Answer,Notes',
  '"Tell me about yourself.","I am Ada, a compiler engineer who loves teaching.",intro',
  '"What is your greatest weakness?","I over-prepare; I now timebox research.",',
  '"Describe a conflict with a coworker.","We disagreed about code review; we paired, and agreed on a checklist.",',
  '"How do you handle a conflict in code review?","I ask questions first, then propose a small experiment.",',
  '"Tell me about a conflict with your manager.","We disagreed on a deadline; I showed data and we split the scope.",',
  '"What are your salary expectations?","Market rate for a senior engineer.",',
  '"Why this one?",,broken row',
].join('\r\n');

const RESUME = 'Ada Lovelace\nCompiler engineer at Acme since 2019. Built a Rust optimizer. Runs workshops on code review.';
const OPTIMIZER =
  '---\ntags: [Rust, compilers]\nlink: https://example.org/optimizer\n---\n# Rust optimizer\n\nA peephole optimizer for a teaching language.';
const WORKSHOP = '# Code review workshop\n\nTags: teaching, conflict\n\nA workshop on resolving conflict in code review.';

test('twin: saved answers without inference, retrieval in the system message, summarization', async ({ page, fakeOpenAI }) => {
  test.setTimeout(120_000);
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.goto('/#/twin');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Profile' })).toBeVisible();

  // A profile with everything it can hold.
  await page.getByRole('button', { name: 'New profile' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Ada');
  await name.blur();
  await page.getByLabel('Import Q&A CSV…').setInputFiles({ name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(profileNotice(page)).toContainText('Imported 6 answers');
  await expect(profileNotice(page)).toContainText('line 8 (the answer is empty)');
  await page
    .getByLabel('Import resume (PDF, DOCX, TXT, MD)…')
    .setInputFiles({ name: 'resume.txt', mimeType: 'text/plain', buffer: Buffer.from(RESUME) });
  await expect(page.getByLabel('Resume', { exact: true })).toHaveValue(/Compiler engineer at Acme/);
  await page.getByLabel('Import Markdown / README…').setInputFiles([
    { name: 'optimizer.md', mimeType: 'text/markdown', buffer: Buffer.from(OPTIMIZER) },
    { name: 'README.md', mimeType: 'text/markdown', buffer: Buffer.from(WORKSHOP) },
  ]);
  await expect(page.getByText('Rust optimizer', { exact: true })).toBeVisible();
  await expect(page.getByText('Code review workshop', { exact: true })).toBeVisible();
  await expectAccessible(page, 'twin with a profile');

  // A suggested question from the CSV: answered at once from saved answers, no request.
  const chips = page.getByRole('group', { name: 'Suggested questions' });
  await chips.getByRole('button', { name: 'Tell me about yourself.' }).click();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages).toContainText('I am Ada, a compiler engineer who loves teaching.');
  await expect(messages).toContainText('From your saved answers');
  await expect(page.getByRole('button', { name: 'Generate a fresh answer' })).toBeVisible();
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);

  // A new question: its own message carries the 3 closest pairs and both projects.
  fakeOpenAI.respondWith((request) =>
    isSummary(request)
      ? { text: 'Earlier: Ada talked about conflict and Rust.', wordDelayMs: 0 }
      : { text: `Here is my answer. ${'detail '.repeat(1200)}`, wordDelayMs: 0 },
  );
  const question = 'How do you resolve conflict in Rust code review?';
  const box = page.getByLabel('Your question');
  await box.fill(question);
  await box.press('Enter');
  await expect(messages).toContainText('Here is my answer.');
  const first = fakeOpenAI.chatRequests()[0]!;
  const system = first.messages[0]!;
  const asked = first.messages.at(-1)!;
  expect(system.role).toBe('system');
  expect(system.content).toContain('Compiler engineer at Acme');
  for (const q of [
    'Describe a conflict with a coworker.',
    'How do you handle a conflict in code review?',
    'Tell me about a conflict with your manager.',
  ]) {
    expect(asked.content).toContain(q);
    expect(system.content).not.toContain(q);
  }
  expect(asked.content).not.toContain('salary');
  expect(asked.content).toContain('### Rust optimizer');
  expect(asked.content).toContain('### Code review workshop');
  expect(asked.content.endsWith(question)).toBe(true);
  // Every reply names the engine that wrote it (the shared message renderer's badge).
  await expect(messages.locator('li.message.assistant').last().locator('.badge', { hasText: 'fake-model' })).toBeVisible();

  // Inspect shows what was sent.
  await page.getByRole('button', { name: 'Inspect' }).click();
  const dialog = page.getByRole('dialog', { name: 'Inspect the last answer' });
  await expect(dialog.getByLabel('System message', { exact: true })).toContainText('Compiler engineer at Acme');
  await expect(dialog.getByLabel('Question as sent', { exact: true })).toContainText('Describe a conflict with a coworker.');
  // Each saved answer and project says its place and why it is there, never a row of zero scores.
  const examples = dialog.getByRole('list', { name: 'Saved answers, best first' });
  await expect(examples.getByRole('listitem')).toHaveCount(3);
  await expect(examples.getByRole('listitem').first()).toContainText(/1st.*match 0\.\d\d by shared words/);
  const projectsUsed = dialog.getByRole('list', { name: 'Projects, best first' });
  await expect(projectsUsed).toContainText(/tag “Rust” named in the question/);
  for (const list of [examples, projectsUsed]) await expect(list).not.toContainText(/score|0\.00\b/);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // A long conversation: the history outgrows the window, the oldest turns are summarized.
  for (let i = 0; i < 8 && !fakeOpenAI.chatRequests().some(isSummary); i++) {
    const before = fakeOpenAI.chatRequests().length;
    await box.fill(`Follow-up number ${i}: what did you learn from compilers work?`);
    await box.press('Enter');
    // Wait for this turn's request (and reply) before the next, so the loop follows the conversation.
    await expect.poll(() => fakeOpenAI.chatRequests().length, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect(page.getByRole('button', { name: 'Ask' })).toBeVisible();
  }
  expect(fakeOpenAI.chatRequests().some(isSummary)).toBe(true);
  // Until the summary, each answer's request continued the previous one: the same messages, then the reply as generated.
  const answers = fakeOpenAI.chatRequests().filter((r) => !isSummary(r));
  const beforeSummary = answers.slice(0, fakeOpenAI.chatRequests().findIndex(isSummary));
  for (let k = 1; k < beforeSummary.length; k++) {
    const previous = beforeSummary[k - 1]!.messages;
    expect(beforeSummary[k]!.messages.slice(0, previous.length)).toEqual(previous);
    expect(beforeSummary[k]!.messages[previous.length]?.role).toBe('assistant');
    expect(beforeSummary[k]!.messages).toHaveLength(previous.length + 2);
  }
  // The same question as the first one: the system message is first and exactly as before.
  const sent = fakeOpenAI.chatRequests().length;
  const answerRequests = () =>
    fakeOpenAI
      .chatRequests()
      .slice(sent)
      .filter((r) => !isSummary(r));
  await box.fill(question);
  await box.press('Enter');
  // Wait for this question's own request (a summarization request may come first).
  await expect.poll(() => answerRequests().length, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Ask' })).toBeVisible();
  const last = answerRequests().at(-1)!;
  expect(last.messages[0]).toEqual(system);
  expect(last.messages.some((m) => m.content.includes('Earlier: Ada talked about conflict and Rust.'))).toBe(true);
  expect(last.messages.at(-1)?.role).toBe('user');
  expect(last.messages.at(-1)?.content.endsWith(question)).toBe(true);
});

test('twin: the profile is saved as it is typed, so a reload without leaving the field keeps it', async ({ page, fakeOpenAI }) => {
  // Five page loads: on a busy machine this takes longer than the default minute.
  test.setTimeout(120_000);
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.goto('/#/twin');
  await page.getByRole('button', { name: 'New profile' }).click();
  const resume = page.getByLabel('Resume', { exact: true });
  const saved = page.getByTestId('twin-save-status');
  await expect(saved).toHaveText('');

  // A pasted resume is saved after a short pause, with the focus still in the box.
  await resume.focus();
  await resume.fill(RESUME);
  await expect(saved).toHaveText('Saved');
  await expect(resume).toBeFocused();
  await page.reload();
  await expect(page.getByLabel('Resume', { exact: true })).toHaveValue(RESUME);

  // Typed, then reloaded at once (no pause, no blur): leaving the page saves what was typed.
  const name = page.getByLabel('Name', { exact: true });
  await name.fill('Ada Lovelace');
  const more = '\nSpeaks at conferences.';
  await page.getByLabel('Resume', { exact: true }).pressSequentially(more, { delay: 0 });
  await page.reload();
  await expect(page.getByLabel('Resume', { exact: true })).toHaveValue(RESUME + more);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Ada Lovelace');
  await expect(page.getByRole('combobox', { name: 'Profile' })).toContainText('Ada Lovelace');

  // A project being written survives a reload too: the editor comes back with every word.
  await page.getByRole('button', { name: 'Add project' }).click();
  const editor = page.getByRole('form', { name: 'New project' });
  await editor.getByLabel('Title').fill('Rust optimizer');
  await editor.getByLabel('Description').fill('A peephole optimizer for a teaching language.');
  await page.reload();
  const back = page.getByRole('form', { name: 'New project' });
  await expect(back.getByLabel('Title')).toHaveValue('Rust optimizer');
  await expect(back.getByLabel('Description')).toHaveValue('A peephole optimizer for a teaching language.');
  await back.getByRole('button', { name: 'Add project' }).click();
  await expect(page.getByText('Rust optimizer', { exact: true })).toBeVisible();
  // Added: the draft is gone, so a reload shows the project and no editor.
  await page.reload();
  await expect(page.getByText('Rust optimizer', { exact: true })).toBeVisible();
  await expect(page.getByRole('form', { name: 'New project' })).toHaveCount(0);
  await expectAccessible(page, 'twin profile after autosave');
});

test('twin: a reply cut by a reload keeps its words, marked Incomplete, and can be answered again', async ({ page, fakeOpenAI }) => {
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.goto('/#/twin');
  await page.getByRole('button', { name: 'New profile' }).click();
  let finish = () => {};
  const held = new Promise<void>((resolve) => (finish = resolve));
  fakeOpenAI.respondWith(() => ({ text: 'I started with compilers, and then', wordDelayMs: 0, finishWhen: held }));
  const box = page.getByLabel('Your question');
  await box.fill('How did you start?');
  await box.press('Enter');
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages).toContainText('I started with compilers, and then');
  // The words on screen are on disk within a second (the reply is written while it streams).
  await expect
    .poll(async () => (await dumpDatabase(page)).messages.find((m) => m.role === 'assistant')?.text)
    .toBe('I started with compilers, and then');
  await page.reload();
  finish();
  const reply = page.getByRole('list', { name: 'Messages' }).locator('li.message.assistant');
  await expect(reply).toContainText('I started with compilers, and then');
  await expect(reply.locator('.badge', { hasText: 'Incomplete' })).toBeVisible();
  await expect(page.getByText('(cut short)')).toHaveCount(0);
  fakeOpenAI.respondWith(() => ({ text: 'I started with compilers, and then taught them.', wordDelayMs: 0 }));
  await page.getByRole('button', { name: 'Answer the last question' }).click();
  const answered = page.getByRole('list', { name: 'Messages' }).locator('li.message.assistant').last();
  await expect(answered).toContainText('taught them.');
  await expect(answered).not.toContainText('Incomplete');
});

test('twin: a double-clicked suggestion is asked once, in one conversation', async ({ page, fakeOpenAI }) => {
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.goto('/#/twin');
  await page.getByRole('button', { name: 'New profile' }).click();
  await page.getByLabel('Import Q&A CSV…').setInputFiles({ name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(profileNotice(page)).toContainText('Imported 6 answers');
  const chips = page.getByRole('group', { name: 'Suggested questions' });
  await chips.getByRole('button', { name: 'Tell me about yourself.' }).dblclick();
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages).toContainText('I am Ada, a compiler engineer who loves teaching.');
  await page.waitForTimeout(300);
  await expect(messages.locator('li.message.user')).toHaveCount(1);
  await expect(messages.locator('li.message.assistant')).toHaveCount(1);
  const db = await dumpDatabase(page);
  const twinSessions = db.sessions.filter((s) => s.mode === 'twin');
  expect(twinSessions).toHaveLength(1);
  const stored = db.messages.filter((m) => m.sessionId === twinSessions[0]!.id).sort((a, b) => a.index - b.index);
  expect(stored.map((m) => m.role)).toEqual(['user', 'assistant']);
});

test('twin: Esc stops the reply wherever focus is on the screen, but only closes an open dialog', async ({ page, fakeOpenAI }) => {
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.goto('/#/twin');
  await page.getByRole('button', { name: 'New profile' }).click();
  fakeOpenAI.respondWith(() => ({ text: `I started with compilers ${'and kept going '.repeat(200)}`, wordDelayMs: 40 }));
  const box = page.getByLabel('Your question');
  await box.fill('How did you start?');
  await box.press('Enter');
  const messages = page.getByRole('list', { name: 'Messages' });
  await expect(messages).toContainText('I started with compilers');
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeVisible();

  // Esc inside the Inspect dialog closes the dialog; the reply goes on.
  const inspect = page.getByRole('button', { name: 'Inspect' });
  await inspect.click();
  const dialog = page.getByRole('dialog', { name: 'Inspect the last answer' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(stop).toBeVisible();

  // Esc with focus on the Inspect button (not in the question box) stops it: kept, marked Incomplete.
  await inspect.focus();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Ask' })).toBeVisible();
  const reply = messages.locator('li.message.assistant').last();
  await expect(reply).toContainText('I started with compilers');
  await expect(reply.locator('.badge', { hasText: 'Incomplete' })).toBeVisible();

  // And from the page itself (focus on the body).
  await page.getByRole('button', { name: 'Answer the last question' }).click();
  await expect(stop).toBeVisible();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Ask' })).toBeVisible();
  await expect(messages.locator('li.message.assistant').last().locator('.badge', { hasText: 'Incomplete' })).toBeVisible();
});

test('twin on a phone: a profile with content starts folded, so the conversation is on the first screen', async ({ page, fakeOpenAI }) => {
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.setViewportSize({ width: 360, height: 780 });
  await page.goto('/#/twin');
  // A new, empty profile: the editor is open (there is nothing to talk about yet).
  await page.getByRole('button', { name: 'New profile' }).click();
  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toBeVisible();
  await expect(name).toHaveAttribute('type', 'text');
  await page.getByLabel('Import Q&A CSV…').setInputFiles({ name: 'answers.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await expect(profileNotice(page)).toContainText('Imported 6 answers');

  // Next visit: folded under one line, and the question box is on the first screen.
  await page.reload();
  const fold = page.locator('details.fold > summary');
  await expect(fold).toContainText('Edit profile');
  await expect(fold).toContainText('6 saved answers');
  await expect(page.getByLabel('Name', { exact: true })).toBeHidden();
  const question = page.getByLabel('Your question');
  await expect(question).toBeVisible();
  const box = await question.boundingBox();
  expect(box!.y + box!.height).toBeLessThan(780);
  await expectAccessible(page, 'twin on a phone, profile folded');
  await fold.click();
  await expect(page.getByLabel('Name', { exact: true })).toBeVisible();

  // Wide screens keep the two columns, the profile always shown.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(fold).toBeHidden();
  await expect(page.getByLabel('Name', { exact: true })).toBeVisible();
});

test('twin: the token budget set in Settings stops a remote conversation before it overspends', async ({ page, fakeOpenAI }) => {
  await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
  await page.goto('/#/settings');
  const budget = page.getByLabel('Token budget per conversation with a remote model');
  await budget.fill('300');
  await page.getByRole('region', { name: 'Limits' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved: each conversation may use up to 300 tokens of a remote model.')).toBeVisible();
  await page.goto('/#/twin');
  await page.getByRole('button', { name: 'New profile' }).click();
  const box = page.getByLabel('Your question');
  await box.fill('How did you start?');
  await box.press('Enter');
  await expect(page.getByText(/This conversation has used 0 of its 300-token budget/)).toBeVisible();
  await expect(page.getByText('Token budget for the remote model: 0 of 300 tokens used.')).toBeVisible();
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);
});
