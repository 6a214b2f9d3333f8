/**
 * A real service-worker update: the app is served from a copy of the build that the test
 * then changes into a "new version" (a new index.html and the sw.js that precaches it).
 * The notice must appear, must wait while a reply is running, and nothing may reload until
 * the user presses Reload — after which the new version runs and the interview is intact.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test as base, expect, waitForServiceWorker } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import {
  ANSWERS,
  conversation,
  interviewer,
  restOfGuidelineAsked,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';
import { serveStatic } from './static-server';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

/** Turns the served build into the next version: a changed index.html and a sw.js that precaches it. */
async function publishNewVersion(root: string): Promise<void> {
  const indexPath = join(root, 'index.html');
  const index = await readFile(indexPath, 'utf8');
  await writeFile(indexPath, index.replace('<head>', '<head>\n    <meta name="rehearse-test-build" content="next" />'));
  const swPath = join(root, 'sw.js');
  const sw = await readFile(swPath, 'utf8');
  // The precache manifest as injectManifest writes it into sw.js (src/sw.ts).
  const next = sw.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1next-build$2');
  expect(next, 'the precache entry for index.html was not found in sw.js').not.toBe(sw);
  await writeFile(swPath, next);
}

/** The marker the next version's index.html carries (null on the first version; 'loading' mid-navigation). */
const build = (page: Page) =>
  page.evaluate(() => document.querySelector('meta[name="rehearse-test-build"]')?.getAttribute('content') ?? null).catch(() => 'loading');

test('a new version is offered, waits for the running reply, and reloads only when the user asks', async ({ browser, fakeOpenAI }) => {
  test.setTimeout(120_000);
  const root = await mkdtemp(join(tmpdir(), 'rehearse-update-'));
  await cp(resolve(process.env.E2E_DIST ?? 'dist'), root, { recursive: true });
  const server = await serveStatic(root);
  const context = await browser.newContext({ baseURL: server.url, serviceWorkers: 'allow' });
  const page = await context.newPage();
  try {
    fakeOpenAI.respondWith(interviewer());
    await useFakeRemote(page, fakeOpenAI.url);
    await waitForServiceWorker(page);
    expect(await build(page)).toBeNull();

    // Settings → About: nothing new yet.
    await page.goto('/#/settings');
    await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
    await page.getByRole('button', { name: 'Check for updates' }).click();
    await expect(page.getByText('You have the latest version.')).toBeVisible();

    await startInterview(page);
    await restOfGuidelineAsked(fakeOpenAI);
    // The follow-up streams its words and then stays open: a reply still running.
    let finishReply = () => {};
    const held = new Promise<void>((done) => (finishReply = done));
    fakeOpenAI.enqueue({ text: '[FOLLOW-UP] What was your own part in that decision?', finishWhen: held });
    const box = page.getByLabel('Your answer');
    await box.fill(ANSWERS.q1);
    await box.press('Enter');
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
    await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));

    // The new version is published and the browser looks for it (as it does on its own schedule).
    await publishNewVersion(root);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const notice = page.getByRole('status').filter({ hasText: 'Update available.' });
    await expect(notice).toContainText('nothing reloads on its own', { timeout: 20_000 });
    await expect(notice.getByRole('button', { name: 'Reload' })).toBeDisabled();

    finishReply();
    await waitForReplies(page, 2);
    await expect(notice).toContainText('Reload to use the new version');
    // Still the same page: no reload happened while the notice waited.
    expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)).toBe(true);
    expect(await build(page)).toBeNull();

    const interviewUrl = page.url();
    await notice.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => build(page), { timeout: 20_000 }).toBe('next');
    expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
    expect(page.url()).toBe(interviewUrl);
    await expect(conversation(page)).toContainText(ANSWERS.q1);
    await expect(conversation(page)).toContainText('What was your own part in that decision?');
    await expect(page.getByRole('status').filter({ hasText: 'Update available.' })).toHaveCount(0);

    await page.goto('/#/settings');
    await page.getByRole('button', { name: 'Check for updates' }).click();
    await expect(page.getByText('You have the latest version.')).toBeVisible();
  } finally {
    await context.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});
