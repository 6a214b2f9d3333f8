import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openScreen, expectAccessible, waitForServiceWorker } from './fixtures';
import { serveStatic } from './static-server';
import { seedDatabase, waitForAppDatabase } from './idb-helpers';
import { session } from '../unit/domain/backup/sample-data';

test('home says what Rehearse is, the privacy promise and the two modes', async ({ page }) => {
  await openScreen(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practise interviews in private');
  await expect(page.getByText('Nothing leaves your device unless you switch on a remote model')).toBeVisible();
  await expect(page.getByRole('link', { name: /Practise an interview/ })).toHaveAttribute('href', '#/practice');
  await expect(page.getByRole('link', { name: /Talk to your twin/ })).toHaveAttribute('href', '#/twin');
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
});

test('the built index.html carries the CSP and needs no inline script', async ({ request }) => {
  const html = await (await request.get('/')).text();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("worker-src 'self' blob:");
  expect(csp).toContain("object-src 'none'");
  // Every script is an external module file.
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/);
});

test('first page load stays small and loads none of the heavy model libraries', async ({ page }) => {
  const scripts: { url: string; bytes: number }[] = [];
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') scripts.push({ url: response.url(), bytes: (await response.body()).length });
  });
  await openScreen(page);
  await page.waitForLoadState('networkidle');
  const names = scripts.map((s) => s.url).join('\n');
  expect(names).not.toMatch(/web-?llm|transformers|pdf\.worker|pdfjs|ort-wasm|onnx/i);
  // The gzip figure is printed by `npm run bench`; here the raw bytes bound it generously.
  const raw = scripts.reduce((sum, s) => sum + s.bytes, 0);
  expect(raw).toBeLessThan(400_000);
});

test.describe('with the service worker', () => {
  test.use({ serviceWorkers: 'allow' });
  test('the app shell works offline after one visit', async ({ page }) => {
    // A server of our own that the test can stop: the real "network gone" case.
    const server = await serveStatic(resolve(process.env.E2E_DIST ?? 'dist'));
    await page.goto(`${server.url}/#/`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practise interviews in private');
    await waitForServiceWorker(page);
    await server.close();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practise interviews in private');
    await page.goto(`${server.url}/#/settings`);
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  });
});

test('manifest makes it installable', async ({ request }) => {
  const manifest = await (await request.get('/manifest.webmanifest')).json();
  expect(manifest).toMatchObject({ name: expect.stringContaining('Rehearse'), short_name: 'Rehearse', display: 'standalone' });
  const sizes = manifest.icons.map((i: { sizes: string; purpose?: string }) => `${i.sizes}${i.purpose ? ':' + i.purpose : ''}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512', '512x512:maskable']));
  for (const icon of manifest.icons) expect((await request.get(`/${icon.src}`)).status()).toBe(200);
});

test('settings: theme switch applies and survives reload', async ({ page }) => {
  await openScreen(page, 'settings');
  await page.getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByLabel('Dark')).toBeChecked();
});

test('settings: storage estimate and persistence request are shown', async ({ page }) => {
  await openScreen(page, 'settings');
  await expect(page.getByTestId('storage-usage')).toContainText(/Using .+ of about .+/);
  await page.getByLabel(/Keep my data/).check();
  await expect(page.locator('#persist-help')).toHaveText(/Granted|declined|does not support/);
});

test('erase everything deletes the database after naming what goes', async ({ page }) => {
  await openScreen(page, 'settings');
  await page.getByLabel('Dark').check();
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('rehearse');
  await page.getByRole('button', { name: 'Erase everything…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Erase everything?' });
  await expect(dialog).toContainText('your settings, including any saved API key');
  await dialog.getByRole('button', { name: 'Erase everything' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practise interviews in private');
  // The app reopens a fresh, empty database; the old settings (dark theme) are gone.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await waitForAppDatabase(page);
  const stored = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const req = indexedDB.open('rehearse');
        req.onsuccess = () => {
          const tx = req.result.transaction('settings', 'readonly');
          const count = tx.objectStore('settings').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(stored).toBe(0);
});

test('keyboard: skip link and visible focus reach the main content', async ({ page }) => {
  await openScreen(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

for (const path of ['', 'settings']) {
  test(`axe: no serious or critical violations on /${path} (light and dark)`, async ({ page }) => {
    await openScreen(page, path);
    await expectAccessible(page, `/${path} light`);
    await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await expectAccessible(page, `/${path} dark`);
  });
}

/** WCAG contrast ratio between an element's text colour and its own (opaque) background colour. */
async function textContrast(element: Locator): Promise<number> {
  return element.evaluate((el) => {
    const style = getComputedStyle(el);
    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const [hi, lo] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
    return (hi! + 0.05) / (lo! + 0.05);
  });
}

test('dark theme: primary buttons that are links keep readable text, and link colour stays out of cards and buttons', async ({ page }) => {
  // The 'system' path: no theme chosen, the system asks for dark.
  await page.emulateMedia({ colorScheme: 'dark' });
  await openScreen(page, 'history');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const practise = page.getByRole('link', { name: 'Practise an interview' });
  await expect(practise).toHaveClass(/btn primary/);
  expect(await textContrast(practise)).toBeGreaterThanOrEqual(4.5);
  // The plain button beside it uses the text colour, as in the light theme.
  const fg = await page.evaluate(() => getComputedStyle(document.body).color);
  await expect(page.getByRole('link', { name: 'Talk to your twin' })).toHaveCSS('color', fg);

  // Home: the entry cards are links, but their text is the body text colour; their button is readable.
  await openScreen(page);
  const entry = page.locator('a.entry').first();
  await expect(entry.getByRole('heading', { name: 'Practise an interview' })).toHaveCSS('color', fg);
  expect(await textContrast(entry.locator('.btn.primary'))).toBeGreaterThanOrEqual(4.5);

  // The light theme, chosen explicitly, the same.
  await page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
  expect(await textContrast(entry.locator('.btn.primary'))).toBeGreaterThanOrEqual(4.5);
});

const DAY = 86_400_000;
/** Three finished interviews on three days, scored 58, 81 and 77, and one unfinished one. */
async function withScoredSessions(page: Page): Promise<void> {
  await openScreen(page, 'history');
  const scored = (id: string, day: number, score: number) => {
    const base = session(id, {
      title: `Interview ${id}`,
      createdAt: 1_700_000_000_000 + day * DAY,
      updatedAt: 1_700_000_000_000 + day * DAY,
    });
    return { ...base, feedback: { ...base.feedback!, overallScore: score } };
  };
  await seedDatabase(page, {
    sessions: [
      scored('b', 1, 81),
      scored('a', 0, 58),
      scored('c', 2, 77),
      session('open', { title: 'Interview open', status: 'active', feedback: undefined, createdAt: 1_700_000_000_000 + 3 * DAY }),
    ],
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'History' })).toBeVisible();
}

test('report at 360 px: the score comes first, exports and next steps at the end', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await withScoredSessions(page);
  await page.goto('/#/report/c');
  await expect(page.getByTestId('overall-score')).toHaveText('77');
  await expect(page.getByTestId('overall-score')).toBeInViewport();
  const keep = page.getByRole('region', { name: 'Keep this report' });
  await expect(keep.getByRole('button', { name: 'Export Markdown' })).toBeEnabled();
  await expect(keep.getByRole('button', { name: 'Export JSON' })).toBeEnabled();
  await expect(keep.getByRole('button', { name: 'Print or save as PDF' })).toBeEnabled();
  await expect(keep).not.toBeInViewport();
  await expect(page.getByRole('link', { name: 'Practise again' })).toHaveAttribute('href', '#/practice');
  await expect(page.getByRole('link', { name: 'All sessions' })).toHaveAttribute('href', '#/history');
  // Below the guideline: the last things in the report.
  const order = await page
    .locator('article.report')
    .evaluate((article) => [...article.querySelectorAll('h2, a.btn')].map((el) => el.textContent?.trim()).slice(-5));
  expect(order).toEqual([
    'The interviewer’s guideline',
    'Keep this report',
    'Practise again',
    'Requirements you have covered',
    'All sessions',
  ]);
  await expect(page.getByRole('link', { name: 'Requirements you have covered' })).toHaveAttribute('href', /^#\/coverage\/./);

  // An unfinished interview: back to it, JSON export only, no "Practise again".
  await page.goto('/#/report/open');
  await expect(page.getByRole('link', { name: 'Back to the interview' })).toHaveAttribute('href', '#/interview/open');
  await expect(page.getByRole('button', { name: 'Export JSON' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Export Markdown' })).toBeDisabled();
  await expect(page.getByRole('link', { name: 'Practise again' })).toHaveCount(0);
});

test('history at 360 px with no sessions: the two buttons keep a gap when they wrap', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await openScreen(page, 'history');
  const first = (await page.getByRole('link', { name: 'Practise an interview' }).boundingBox())!;
  const second = (await page.getByRole('link', { name: 'Talk to your twin' }).boundingBox())!;
  const apart = second.y >= first.y + first.height ? second.y - (first.y + first.height) : second.x - (first.x + first.width);
  expect(apart).toBeGreaterThanOrEqual(6);
});
