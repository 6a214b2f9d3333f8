/**
 * Issue 15, hole 8, in the browser: Settings → Engine → Test connection against a server that
 * redirects, or that answers with a login page. Chromium's fetch gives an opaque redirect for
 * `redirect: 'manual'` (Node gives the 3xx itself, see the unit tests), so this is checked here.
 */
import { test as base, expect, openScreen } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { startFakeOpenAI } from '../fake-openai/server';
import { useFakeRemote } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

test('Test connection never follows a redirect: it says so, and the other server receives nothing', async ({ page, fakeOpenAI }) => {
  const elsewhere = await startFakeOpenAI();
  try {
    elsewhere.respondWith(() => 'OK');
    await useFakeRemote(page, fakeOpenAI.url);
    fakeOpenAI.setRedirect(`${elsewhere.url}/models`);
    await openScreen(page, 'settings');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const form = page.getByRole('form', { name: 'Remote engine' });
    await expect(form).toContainText(/answered with a redirect/);
    await expect(form).not.toContainText(/Connected to/);
    expect(elsewhere.requests).toEqual([]);
  } finally {
    await elsewhere.close();
  }
});

test('Test connection names a login page instead of saying Connected', async ({ page, fakeOpenAI }) => {
  fakeOpenAI.enqueue({ html: '<!doctype html><html><body><form>Sign in to the proxy</form></body></html>' });
  await useFakeRemote(page, fakeOpenAI.url);
  await openScreen(page, 'settings');
  await page.getByRole('button', { name: 'Test connection' }).click();
  const form = page.getByRole('form', { name: 'Remote engine' });
  await expect(form).toContainText('answered with a web page, not the API — a proxy or login page?');
  await expect(form).not.toContainText(/Connected to/);
});
