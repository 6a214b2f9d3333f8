/**
 * The XSS corpus through the real rendering of the built app. The payloads arrive the way
 * untrusted text really does, in an imported backup (as session titles, questions, answers,
 * model replies, feedback and twin profiles), and are shown by the History, Report and
 * Interview screens, so both Svelte's text rendering and Markdown.svelte (marked + DOMPurify)
 * are exercised. The Twin screen gets them through its own doors too: a twin pack, a Q&A CSV
 * and the model's replies. Nothing may run, fetch or navigate.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test as base, expect, openScreen, type RequestLog } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { useFakeRemote } from './practice-helpers';
import { XSS_PAYLOADS } from '../fixtures/xss-payloads';
import { buildBackup, serializeBackup } from '../../src/domain/backup/export';
import type { StoredData } from '../../src/domain/backup/stored-data';
import type { MessageRecord } from '../../src/domain/records';
import { toTwinPack } from '../../src/domain/twin/twin-pack';
import type { TwinProfile } from '../../src/domain/twin/types';
import { message, profile, session } from '../unit/domain/backup/sample-data';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);
const texts = XSS_PAYLOADS.map((p) => p.text);

/** One finished interview whose every question, answer, reply and piece of feedback is a payload. */
function hostileData(): StoredData {
  const questions = XSS_PAYLOADS.map((p, i) => ({ id: `q${i}`, text: p.text, topic: p.name, requirement: p.text }));
  const messages: MessageRecord[] = XSS_PAYLOADS.flatMap((p, i) => [
    message('evil', 2 * i, { role: 'assistant', text: p.text, questionIndex: i, kind: 'question' }),
    message('evil', 2 * i + 1, { role: 'user', text: p.text, questionIndex: i, kind: 'answer' }),
  ]);
  const finished = session('evil', {
    title: texts[0]!,
    guideline: { questions, groundedIn: [] },
    feedback: {
      overallScore: 50,
      summary: texts.join('\n\n'),
      categories: { relevance: 5, depth: 5, structure: 5, clarity: 5, confidence: 5 },
      questions: XSS_PAYLOADS.map((p, i) => ({
        questionId: `q${i}`,
        question: p.text,
        requirement: p.text,
        score: 5,
        evidence: [p.text],
        strengths: [p.text],
        improvements: [p.text],
        sampleAnswer: p.text,
      })),
      strengths: texts,
      improvements: texts,
      engineId: 'x',
      createdAt: 1,
    },
  });
  // Every payload also as a title in History, and once as a live (unfinished) interview.
  const titled = XSS_PAYLOADS.map((p, i) =>
    session(`t${i}`, { title: p.text, createdAt: 1_600_000_000_000 + i, updatedAt: 1_600_000_000_000 + i }),
  );
  // A live interview waiting for the last answer, so the (hostile) model is asked for the next turn.
  const active = session('live', {
    status: 'active',
    title: 'live',
    guideline: { questions, groundedIn: [] },
    interviewState: {
      // Hostile retrieved passages too: the interviewer's prompt carries them.
      excerpts: { job: texts.slice(0, 3), resume: [] },
      machine: {
        version: 1,
        phase: 'awaiting-answer',
        questionCount: questions.length,
        maxFollowUps: 0,
        questionIndex: questions.length - 1,
        followUpsUsed: 0,
        answerCount: questions.length - 1,
        pending: null,
        regenerations: 0,
        asked: questions.map((q, i) => ({ kind: 'question', questionIndex: i, text: q.text })),
      },
    },
  });
  delete active.feedback;
  const liveMessages = messages.slice(0, -1).map((m) => ({ ...m, id: `live-${m.id}`, sessionId: 'live' }));
  return {
    sessions: [finished, active, ...titled],
    messages: [...messages, ...liveMessages],
    documents: [{ id: 'jd', kind: 'jd', title: texts[2]!, text: texts.join('\n'), sessionId: 'evil', createdAt: 1 }],
    profiles: [profile('pevil', { name: texts[4]!, systemPrompt: texts.join('\n'), resume: texts.join('\n') })],
    settings: null,
    jobs: [],
  };
}

/** A twin pack whose name, instructions, resume, saved answers, projects and proposed questions are all payloads. */
function hostileTwinPack(): string {
  const profile: TwinProfile = {
    id: 'pack-evil',
    name: XSS_PAYLOADS[2]!.text,
    systemPrompt: texts.join('\n'),
    resume: texts.join('\n'),
    qa: XSS_PAYLOADS.map((p, i) => ({ id: `pq${i}`, question: p.text, answer: p.text })),
    projects: XSS_PAYLOADS.map((p, i) => ({
      id: `pp${i}`,
      title: p.text,
      description: p.text,
      tags: [p.text.slice(0, 100)],
      ...(i === 0 ? { link: 'https://example.org/project' } : {}),
    })),
    suggestedQuestions: { questions: texts.slice(-3), engineId: texts[0]!, createdAt: 1 },
    createdAt: 1,
    updatedAt: 1,
  };
  return JSON.stringify(toTwinPack(profile, 1));
}

/** A Q&A CSV: every question is a payload, every answer the whole corpus (so one saved answer shows them all). */
function hostileCsv(): string {
  const cell = (text: string) => `"${text.replace(/"/g, '""')}"`;
  const answer = texts.join('\n\n');
  return ['Question,Answer', ...texts.map((q) => `${cell(q)},${cell(answer)}`)].join('\r\n');
}

/** What would show that a payload escaped: live handlers, active elements, dangerous URLs. */
async function findEscapes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const own = location.origin;
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 120)}`;
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) {
        if (/^on/i.test(attr)) problems.push(`event handler attribute ${attr} on ${describe(el)}`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'].includes(attr.toLowerCase())) {
          const value = (el.getAttribute(attr) ?? '').replace(/[\s\p{Cc}]/gu, '').toLowerCase();
          if (/^(javascript|vbscript|data:text)/.test(value) || (value.includes('evil.example') && attr !== 'href'))
            problems.push(`dangerous ${attr} on ${describe(el)}`);
        }
      }
    }
    for (const el of document.querySelectorAll(
      'iframe, frame, object, embed, base, body meta, body link, link[href*="evil"], form[action]',
    ))
      problems.push(`active element ${describe(el)}`);
    for (const el of document.querySelectorAll('script')) {
      if (!el.src || new URL(el.src).origin !== own) problems.push(`foreign or inline script ${describe(el)}`);
    }
    for (const el of document.querySelectorAll('img')) {
      if (new URL(el.src, own).origin !== own || /\/x$/.test(el.src)) problems.push(`image ${describe(el)}`);
    }
    // Inside rendered untrusted markdown only text-level markup may appear.
    for (const el of document.querySelectorAll(
      '.markdown img, .markdown svg, .markdown math, .markdown style, .markdown input, .markdown button, .markdown video, .markdown source, .markdown details, .markdown [style], .markdown [id], .markdown [name]',
    ))
      problems.push(`unexpected element in markdown ${describe(el)}`);
    for (const a of document.querySelectorAll<HTMLAnchorElement>('.markdown a[href]')) {
      if (!/^(https:|mailto:)/.test(a.href)) problems.push(`unsafe link ${describe(a)}`);
      else if (a.rel !== 'noopener noreferrer') problems.push(`link without rel=noopener noreferrer ${describe(a)}`);
    }
    return problems;
  });
}

async function importHostileBackup(page: Page): Promise<void> {
  await openScreen(page, 'settings');
  const text = serializeBackup(buildBackup(hostileData(), { appVersion: 'test', exportedAt: Date.now() }));
  await page
    .getByLabel('Backup file to import')
    .setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.getByRole('button', { name: 'Merge the backup' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();
}

/** After each screen: no dialog fired, nothing fetched a payload URL, no request left our hosts. */
function expectNothingFired(dialogs: string[], requestLog: RequestLog, fakeOrigin: string): void {
  expect(dialogs, 'no alert/confirm/prompt fired').toEqual([]);
  expect(
    requestLog.urls.filter((u) => /evil\.example|\/x$|\/x\.js$/.test(u)),
    'no request to a payload URL',
  ).toEqual([]);
  // The fake model server and the (blocked) model hub are the app's own traffic, not the payloads'.
  expect(requestLog.foreign([fakeOrigin, 'https://huggingface.co']), 'no request to another host').toEqual([]);
}

test.describe('XSS corpus through the real screens', () => {
  const dialogs: string[] = [];

  test.beforeEach(async ({ page, fakeOpenAI }) => {
    dialogs.length = 0;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // The model itself is hostile too: whatever it is asked, it replies with the whole corpus.
    fakeOpenAI.respondWith(() => texts.join('\n\n'));
    await useFakeRemote(page, fakeOpenAI.url);
    await importHostileBackup(page);
  });

  test.afterEach(async ({ requestLog, fakeOpenAI }) => expectNothingFired(dialogs, requestLog, fakeOpenAI.origin));

  test('History shows every hostile title as plain text', async ({ page }) => {
    await openScreen(page, 'history');
    for (const payload of XSS_PAYLOADS) {
      await expect(page.getByRole('link', { name: payload.text, exact: true }).first(), payload.name).toBeVisible();
    }
    expect(await findEscapes(page)).toEqual([]);
  });

  test('Report renders hostile feedback, questions, answers and sample answers inertly', async ({ page }) => {
    await openScreen(page, 'report/evil');
    await expect(page.getByTestId('overall-score')).toHaveText('50');
    // Every question and answer is shown, as text, and every sample answer went through Markdown.
    await expect(page.locator('section.question')).toHaveCount(XSS_PAYLOADS.length);
    await expect(page.locator('blockquote.answer').first()).toHaveText(texts[0]!);
    expect(await page.locator('.markdown').count()).toBeGreaterThanOrEqual(XSS_PAYLOADS.length + 1);
    // Open every sample answer, then wait a moment for anything that would load or fire.
    for (const details of await page.locator('section.question details').all()) await details.locator('summary').click();
    await page.waitForTimeout(500);
    expect(await findEscapes(page)).toEqual([]);
    // Safe markup still renders: the links that are allowed keep working as links.
    await expect(page.locator('.markdown code').first()).toBeVisible();
  });

  test('the Markdown export keeps no unsafe link or image from the hostile text (issue 15, hole 2)', async ({ page }) => {
    await openScreen(page, 'report/evil');
    await expect(page.getByTestId('overall-score')).toHaveText('50');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export Markdown' }).click();
    const markdown = await readFile((await (await downloading).path())!, 'utf8');
    // The hostile text is there to read…
    expect(markdown).toContain('click me');
    // …but a Markdown renderer elsewhere would make none of it a link, an image or HTML.
    expect(markdown).not.toMatch(/\]\(\s*(javascript|vbscript|data):/i);
    expect(markdown).not.toMatch(/\]:\s*(javascript|vbscript|data):/i);
    expect(markdown).not.toMatch(/(^|[^\\])!\[/m);
    expect(markdown).not.toMatch(/<(script|img|iframe|svg)/i);
  });

  test('Interview screen shows hostile model replies and answers inertly', async ({ page }) => {
    await openScreen(page, 'interview/live');
    const conversation = page.getByRole('log', { name: 'Conversation' });
    // The candidate's answers are text; the interviewer's replies go through Markdown.
    await expect(conversation.getByText(XSS_PAYLOADS[2]!.text, { exact: true }).first()).toBeVisible();
    expect(await conversation.locator('.markdown').count()).toBeGreaterThanOrEqual(XSS_PAYLOADS.length);
    // Answer the last question: the model's hostile reply streams in and is rendered too.
    await page.getByRole('textbox', { name: 'Your answer' }).fill('My final answer.');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(conversation.locator('.markdown a', { hasText: 'click me' }).last()).toBeVisible();
    await page.waitForTimeout(500);
    expect(await findEscapes(page)).toEqual([]);
  });
});

test.describe('XSS corpus through the Twin screen', () => {
  const dialogs: string[] = [];

  test.beforeEach(async ({ page, fakeOpenAI }) => {
    dialogs.length = 0;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    // The model is hostile here too: every reply is the whole corpus.
    fakeOpenAI.respondWith(() => ({ text: texts.join('\n\n'), wordDelayMs: 0 }));
    await useFakeRemote(page, fakeOpenAI.url);
    // The backup brings a hostile profile as well (it is the first one the Twin screen opens).
    await importHostileBackup(page);
  });

  test.afterEach(async ({ requestLog, fakeOpenAI }) => expectNothingFired(dialogs, requestLog, fakeOpenAI.origin));

  /** The checks after each step: the detector, plus the plainest signs of an injection. */
  async function expectInert(page: Page, step: string): Promise<void> {
    await page.waitForTimeout(300);
    expect(await findEscapes(page), step).toEqual([]);
    expect(await page.locator('img[src="x"], a[href^="javascript:" i], iframe, object, embed').count(), step).toBe(0);
    expect(await page.locator('script:not([src])').count(), `${step}: no inline script`).toBe(0);
  }

  test('twin pack, Q&A CSV, saved answer, Inspect and a model reply stay inert', async ({ page, fakeOpenAI }) => {
    test.setTimeout(90_000);
    await openScreen(page, 'twin');
    // The hostile profile from the backup: its name and fields are text.
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(texts[4]!);
    await expect(page.getByLabel('Resume', { exact: true })).toHaveValue(texts.join('\n'));
    await expectInert(page, 'profile from the backup');

    // A twin pack: imported, opened, every field shown as text.
    await page
      .getByLabel('Import profile…')
      .setInputFiles({ name: 'evil.rehearse-twin.json', mimeType: 'application/json', buffer: Buffer.from(hostileTwinPack()) });
    await expect(page.getByRole('status').filter({ hasText: 'Imported the profile' })).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(texts[2]!);
    await expect(page.getByLabel('Resume', { exact: true })).toHaveValue(texts.join('\n'));
    await page.getByText('Instructions for the twin').click();
    await expect(page.getByLabel('System prompt')).toHaveValue(texts.join('\n'));
    const projects = page.getByRole('region', { name: 'Projects' });
    for (const payload of XSS_PAYLOADS.slice(0, 5)) {
      await expect(projects.getByText(payload.text, { exact: true }).first(), payload.name).toBeVisible();
    }
    // The model-proposed questions from the pack are chips, as text.
    const chips = page.getByRole('group', { name: 'Suggested questions' });
    await expect(chips.getByRole('button', { name: texts.at(-1)!, exact: true })).toBeVisible();
    await expectInert(page, 'twin pack');

    // A Q&A CSV of payloads replaces the saved answers; its questions become the chips.
    await page.getByLabel('Import Q&A CSV…').setInputFiles({ name: 'evil.csv', mimeType: 'text/csv', buffer: Buffer.from(hostileCsv()) });
    await expect(page.getByRole('status').filter({ hasText: `Imported ${XSS_PAYLOADS.length} answers` })).toBeVisible();
    await expect(chips.getByRole('button', { name: texts[0]!, exact: true })).toBeVisible();
    await expectInert(page, 'CSV import');

    // A chip asks a saved question: the cached answer (the whole corpus) renders through Markdown, no request.
    await chips.getByRole('button', { name: texts[0]!, exact: true }).click();
    const messages = page.getByRole('list', { name: 'Messages' });
    await expect(messages.locator('li.message.assistant').last()).toContainText('From your saved answers');
    await expect(messages.locator('.markdown a', { hasText: 'click me' }).last()).toBeVisible();
    expect(fakeOpenAI.chatRequests()).toHaveLength(0);
    await expectInert(page, 'saved answer');

    // Inspect: the matched saved question is shown as text.
    await page.getByRole('button', { name: 'Inspect' }).click();
    const inspect = page.getByRole('dialog', { name: 'Inspect the last answer' });
    await expect(inspect.locator('blockquote')).toHaveText(texts[0]!);
    await expectInert(page, 'Inspect (saved answer)');
    await inspect.getByRole('button', { name: 'Close' }).click();

    // A new question goes to the (hostile) model: its reply streams in and is rendered inertly.
    const box = page.getByLabel('Your question');
    await box.fill('What would you build next with that team?');
    await box.press('Enter');
    await expect(messages.locator('li.message.assistant').last()).toContainText('fake-model');
    await expect(messages.locator('li.message.assistant').last().locator('.markdown a', { hasText: 'click me' }).first()).toBeVisible();
    expect(fakeOpenAI.chatRequests()).toHaveLength(1);
    await expectInert(page, 'model reply');

    // Inspect after a model answer: the system message (instructions, resume, saved answers, projects) is text.
    await page.getByRole('button', { name: 'Inspect' }).click();
    const system = inspect.getByLabel('System message', { exact: true });
    await expect(system).toContainText(texts[0]!);
    await expect(system).toContainText(texts[2]!);
    await expectInert(page, 'Inspect (model answer)');
  });
});

test('the escape detector itself catches raw HTML (so the checks above can fail)', async ({ page }) => {
  await openScreen(page);
  await page.evaluate(() => {
    const raw = document.createElement('div');
    raw.className = 'markdown';
    // Deliberately unsanitized: what a broken renderer would produce.
    raw.innerHTML = `<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">x</a><iframe src="about:blank"></iframe>`;
    document.querySelector('main')!.append(raw);
  });
  const escapes = await findEscapes(page);
  expect(escapes.join('\n')).toMatch(/event handler attribute onerror/);
  expect(escapes.join('\n')).toMatch(/dangerous href/);
  expect(escapes.join('\n')).toMatch(/active element <iframe>/);
  expect(escapes.join('\n')).toMatch(/unexpected element in markdown <img>/);
});
