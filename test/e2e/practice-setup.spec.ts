/**
 * The setup form: validation that moves focus to the problem, Start without any engine that can
 * run, a 100 KB job description that is accepted and retrieved from, and resume import from
 * .txt, .pdf and broken files.
 */
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { textPdf } from '../fixtures/pdf';
import { dumpDatabase, patchStoredSettings } from './idb-helpers';
import { JOB_DESCRIPTION, fillSetup, guidelineMaterial, interviewer, promptKind, useFakeRemote, waitForReplies } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

test('an empty job description is refused with a message, focus moves to it; axe passes with the error shown', async ({
  page,
  fakeOpenAI,
}) => {
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page, { jobDescription: '   ' });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  const jd = page.getByLabel('Job description', { exact: true });
  await expect(jd).toBeFocused();
  await expect(jd).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#setup-jobDescription-error')).toContainText('Paste a job description, or type a few keywords');
  await expect(page).toHaveURL(/#\/practice$/);
  await expectAccessible(page, 'setup with a validation error');
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);

  // The message goes away once the field is filled.
  await jd.fill('PostgreSQL, Python, on-call');
  await expect(page.locator('#setup-jobDescription-error')).toHaveCount(0);
});

test('with no model set up, Start says how to get one (Models or Settings), focus moves there and no session is created; axe passes', async ({
  page,
  requestLog,
}) => {
  // The fresh state of this project: a local engine, no model chosen, and a browser with no graphics adapter for WebGPU.
  await fillSetup(page);
  const card = page.getByTestId('setup-engine-needed');
  // The engine card says so before Start too.
  await expect(card).toContainText('Rehearse needs a model to interview you.');
  await expect(card).toHaveAttribute('data-reason', 'local-unavailable');
  await expect(card).toContainText('This browser can’t');
  await expect(card).not.toContainText('graphics adapter');
  requestLog.urls.length = 0;

  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(card).toBeFocused();
  await expect(card.getByRole('link', { name: 'a model on this device (Models)' })).toHaveAttribute('href', '#/models');
  await expect(card.getByRole('link', { name: 'a remote model (Settings)' })).toHaveAttribute('href', '#/settings');
  await expect(page).toHaveURL(/#\/practice$/);
  await expect(page.getByRole('button', { name: /^Start a 3-question/ })).toBeEnabled();
  await expectAccessible(page, 'setup without a model');

  // Nothing was created or sent, and the form keeps what was typed.
  expect((await dumpDatabase(page)).sessions).toEqual([]);
  expect(requestLog.foreign()).toEqual([]);
  await expect(page.getByLabel('Job description', { exact: true })).toHaveValue(JOB_DESCRIPTION);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await expect(page.getByText('No sessions yet.')).toBeVisible();
  await page.goBack();
  await expect(page.getByLabel('Job description', { exact: true })).toHaveValue(JOB_DESCRIPTION);
});

test('a hosted provider chosen without an API key: Start says to add the key in Settings and sends nothing', async ({
  page,
  requestLog,
}) => {
  await page.goto('/#/');
  await expect(page.locator('main h1').first()).toBeVisible();
  // What choosing Groq in Settings without pasting a key leaves behind.
  await patchStoredSettings(page, {
    engine: 'remote',
    remote: { presetId: 'groq', baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile', acknowledgedHosts: [] },
  });
  await page.reload();
  await fillSetup(page);
  const card = page.getByTestId('setup-engine-needed');
  await expect(card).toHaveAttribute('data-reason', 'remote-key-missing');
  await expect(card).toContainText('Add your API key to use the remote model.');
  await expect(card).toContainText('Groq needs an API key.');
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(card).toBeFocused();
  await expect(card.getByRole('link', { name: 'Settings → Engine' })).toHaveAttribute('href', '#/settings');
  await expect(page).toHaveURL(/#\/practice$/);
  expect((await dumpDatabase(page)).sessions).toEqual([]);
  expect(requestLog.foreign()).toEqual([]);
});

test('a resume interview without a resume is refused and focus moves to the resume', async ({ page, fakeOpenAI }) => {
  await useFakeRemote(page, fakeOpenAI.url);
  await fillSetup(page, { type: 'Resume' });
  await page.getByRole('button', { name: /^Start a 3-question resume interview/ }).click();
  const resume = page.getByLabel('Your resume (needed for a resume interview)', { exact: true });
  await expect(resume).toBeFocused();
  await expect(page.locator('#setup-resume-error')).toContainText('A resume interview asks about your own experience');
  await expect(page).toHaveURL(/#\/practice$/);
  expect(fakeOpenAI.chatRequests()).toHaveLength(0);
});

test('a 100 KB job description is accepted and the guideline is grounded in passages from all of it', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  const tools = ['Kafka', 'Redis', 'Nginx', 'Terraform', 'Ansible', 'Grafana', 'Prometheus', 'Vault'];
  const lines: string[] = ['Staff Engineer at Zebra Freight'];
  for (let i = 0; Buffer.byteLength(lines.join('\n')) < 100_000; i++) {
    lines.push(`Item ${i}: maintain the ${tools[i % tools.length]} cluster number ${i} and patch host ${i * 7} every quarter.`);
    // Near the end: the one passage about behaviour, which retrieval must find in all that text.
    if (i === 1150) lines.push('Zebra values leadership in conflict, mentoring, ownership and clear communication with stakeholders.');
  }
  const jd = lines.join('\n');
  expect(jd.length).toBeGreaterThan(100_000);
  expect(jd.indexOf('Zebra values')).toBeGreaterThan(jd.length * 0.8);

  await fillSetup(page, { jobDescription: jd });
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  // Indexing 100 KB takes a while on a busy test machine.
  await waitForReplies(page, 1, 60_000);

  // The guideline is asked inside the interview's conversation: its material is the interviewer's job description.
  const guideline = fakeOpenAI.chatRequests().find((r) => promptKind(r) === 'guideline')!;
  const material = guidelineMaterial(guideline);
  expect(material).toContain('Zebra values leadership in conflict, mentoring, ownership');
  // Passages, not the whole text: every line sent is a line of the JD.
  expect(material.length).toBeLessThan(jd.length / 4);
  for (const line of material
    .split('\n')
    .filter((l) => l.trim() && l !== '…')
    .slice(0, 20))
    expect(jd).toContain(line.trim());
  // The whole JD is kept: the session title comes from its first line.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Behavioral · Staff Engineer at Zebra Freight');
});

test('resume import: .txt and a real text PDF fill the box; a broken .docx, a broken .pdf and a binary .txt say so and leave it unchanged', async ({
  page,
}) => {
  await page.goto('/#/practice');
  const resume = page.getByLabel('Your resume (optional)', { exact: true });
  const file = page.getByLabel('Import your resume (optional) from a file');
  const error = page.locator('#setup-resume-error');

  await file.setInputFiles({
    name: 'resume.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from('Ada Lovelace\nCompiler engineer since 2019.'),
  });
  await expect(resume).toHaveValue(/Ada Lovelace\s+Compiler engineer since 2019\./);
  await expect(page.getByText('Imported from resume.txt.')).toBeVisible();

  await file.setInputFiles({
    name: 'resume.pdf',
    mimeType: 'application/pdf',
    buffer: textPdf(['Grace Hopper', 'Rear admiral and compiler pioneer (COBOL).']),
  });
  await expect(resume).toHaveValue(/Grace Hopper\s+Rear admiral and compiler pioneer \(COBOL\)\./);
  const before = await resume.inputValue();

  await file.setInputFiles({
    name: 'cv.docx',
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    buffer: Buffer.from('this is not a zip archive at all'),
  });
  await expect(error).toContainText('“cv.docx” is not a valid Word document');
  await expect(resume).toHaveValue(before);

  await file.setInputFiles({ name: 'cv.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj << garbage >>\n%%EOF') });
  await expect(error).toContainText('“cv.pdf” is damaged or is not a PDF');
  await expect(resume).toHaveValue(before);

  // An image renamed to .txt: refused by what it holds, not by its name.
  const png = Buffer.alloc(2048, 0);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  await file.setInputFiles({ name: 'photo-resume.txt', mimeType: 'text/plain', buffer: png });
  await expect(error).toContainText('“photo-resume.txt” does not look like a text file');
  await expect(resume).toHaveValue(before);
});

test('an interview in another language suggests the multilingual search model while the English one is in use', async ({
  page,
  fakeOpenAI,
}) => {
  await useFakeRemote(page, fakeOpenAI.url);
  await page.goto('/#/practice');
  const language = page.getByLabel('Language', { exact: true });
  const hint = page.getByTestId('setup-language-hint');
  await expect(hint).toHaveCount(0);
  await language.selectOption({ label: 'Deutsch' });
  await expect(hint).toContainText('“Many languages” search model');
  await expect(language).toHaveAccessibleDescription(/Many languages/);
  await expect(hint.getByRole('link', { name: 'Models' })).toHaveAttribute('href', '#/models');
  await language.selectOption({ label: 'English' });
  await expect(hint).toHaveCount(0);
});
