/**
 * Untrusted text stays inert on every practice screen (JD, resume, model replies, feedback),
 * and the screens pass axe; screenshots at 1280 px and 360 px go to /tmp/shots for review.
 */
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import {
  ANSWERS,
  isModelDownload,
  answer,
  fillSetup,
  interviewer,
  promptKind,
  savedReplies,
  startInterview,
  useFakeRemote,
  waitForReplies,
} from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

const EVIL_HOST = 'evil.example';
const PAYLOAD = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="alert(\'img\')">',
  `[click me](javascript:alert('link'))`,
  `![tracker](http://${EVIL_HOST}/pixel.png)`,
  `<a href="javascript:alert('a')">raw link</a>`,
  '<svg onload="alert(\'svg\')"></svg>',
].join(' ');

/** No element or attribute that could run code or load the foreign image anywhere on the page. */
async function expectInert(page: Page, where: string): Promise<void> {
  const found = await page.evaluate((host) => {
    const bad: string[] = [];
    for (const s of document.querySelectorAll('script')) if (!s.src) bad.push('inline script');
    for (const el of document.querySelectorAll('body *')) {
      for (const attr of el.getAttributeNames()) if (attr.startsWith('on')) bad.push(`${el.tagName} ${attr}`);
    }
    for (const a of document.querySelectorAll('a[href]'))
      if (/^\s*javascript:/i.test(a.getAttribute('href')!)) bad.push('javascript: link');
    for (const img of document.querySelectorAll('img'))
      if (img.getAttribute('src') === 'x' || img.src.includes(host)) bad.push(`img ${img.src}`);
    if (document.querySelector('main svg[onload]')) bad.push('svg onload');
    if ((window as { __xss?: unknown }).__xss !== undefined) bad.push('script ran');
    return bad;
  }, EVIL_HOST);
  expect(found, `dangerous markup on ${where}`).toEqual([]);
}

test('JD, resume, model replies and feedback with markup render inert on every screen', async ({ page, fakeOpenAI, requestLog }) => {
  test.setTimeout(120_000);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const base = interviewer({ decorate: (text) => `${text} ${PAYLOAD}` });
  fakeOpenAI.respondWith((request) => {
    const reply = base(request);
    if (promptKind(request) !== 'feedback' || reply === undefined || typeof reply === 'string' || !('text' in reply)) return reply;
    const feedback = JSON.parse(reply.text as string) as Record<string, unknown> & { questions: Record<string, unknown>[] };
    feedback.summary = `Good work. ${PAYLOAD}`;
    feedback.strengths = [PAYLOAD];
    for (const q of feedback.questions) q.sampleAnswer = `Try this. ${PAYLOAD}`;
    return { text: JSON.stringify(feedback), wordDelayMs: 0 };
  });
  await useFakeRemote(page, fakeOpenAI.url);

  // The payload is the JD's first line (so it is the title everywhere) and a requirement.
  const jd = `Engineer ${PAYLOAD}\nYou resolve conflict ${PAYLOAD}.\nYou mentor juniors and own incidents.`;
  await startInterview(page, { jobDescription: jd, resume: `Ada ${PAYLOAD}` });
  await expect(savedReplies(page).first()).toContainText('Welcome');
  await expectInert(page, 'interview');
  await answer(page, `${ANSWERS.q1} ${PAYLOAD}`);
  await expect(page.locator('main article[aria-label="You"]').first()).toContainText('<script>');
  await expectInert(page, 'interview after an answer');
  // The model's markdown link survives as text at most, never as a javascript: link.
  await answer(page, ANSWERS.followUp);
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your interview report' })).toBeVisible();
  await expect(page.getByTestId('overall-score')).toHaveText('72');
  await page.locator('details summary').first().click();
  await expectInert(page, 'report');
  await page.goto('/#/history');
  await expect(page.locator('ul.sessions > li')).toHaveCount(1);
  await expectInert(page, 'history');

  expect(dialogs).toEqual([]);
  // Nothing foreign but the chosen engine and, at most, the embedding model's files (no user text in them).
  expect(requestLog.foreign([fakeOpenAI.origin]).filter((u) => !isModelDownload(u))).toEqual([]);
  expect(requestLog.urls.filter((u) => u.endsWith('/x') || u.includes(EVIL_HOST))).toEqual([]);
});

test('axe: interview mid-conversation, report and history (light and dark); screenshots at 1280 and 360 px', async ({
  page,
  fakeOpenAI,
}) => {
  test.setTimeout(120_000);
  fakeOpenAI.respondWith(interviewer());
  await useFakeRemote(page, fakeOpenAI.url);
  const shoot = async (name: string) => {
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };

  await fillSetup(page);
  await page.getByRole('button', { name: /^Start a 3-question/ }).click();
  await waitForReplies(page, 1);
  await answer(page, ANSWERS.q1);
  await expectAccessible(page, 'interview (light)');
  await shoot('interview');

  await answer(page, ANSWERS.followUp);
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page.getByTestId('overall-score')).toHaveText('72');
  await expectAccessible(page, 'report (light)');
  await shoot('report');

  await page.goto('/#/history');
  await expect(page.locator('ul.sessions > li')).toHaveCount(1);
  await expectAccessible(page, 'history (light)');
  await shoot('history');

  // Dark theme: the same screens.
  await page.goto('/#/settings');
  await page.getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.goto('/#/history');
  await expect(page.locator('ul.sessions > li')).toHaveCount(1);
  await expectAccessible(page, 'history (dark)');
  await page.locator('ul.sessions > li').getByRole('link', { name: 'Report' }).click();
  await expect(page.getByTestId('overall-score')).toHaveText('72');
  await expectAccessible(page, 'report (dark)');
  await shoot('report-dark');

  await page.goto('/#/settings');
  await page.getByLabel('Light').check();
  await fillSetup(page);
  await shoot('setup');
});
