import { resolve } from 'node:path';
import { test, expect, openScreen, expectAccessible, waitForServiceWorker } from './fixtures';
import { serveStatic } from './static-server';

test('home says what Rehearse is, the privacy promise and the two modes', async ({ page }) => {
  await openScreen(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Practise interviews in private');
  await expect(page.getByText('Nothing leaves your device unless you switch on a remote model')).toBeVisible();
  await expect(page.getByRole('link', { name: /Practice an interview/ })).toHaveAttribute('href', '#/practice');
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
