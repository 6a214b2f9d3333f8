/**
 * The API key's passphrase lock meets Test connection (issue 15 hole 4): an unlocked protected
 * key is the key that is tested, and once locked nothing is sent and the lock says so.
 */
import { test as base, expect, openScreen } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { useFakeRemote } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

test('Test connection uses the unlocked protected key, and after Lock now sends nothing and says it is locked', async ({
  page,
  fakeOpenAI,
}) => {
  fakeOpenAI.respondWith(() => 'OK');
  fakeOpenAI.setRequiredKey('test-key');
  await useFakeRemote(page, fakeOpenAI.url);
  await openScreen(page, 'settings');
  await page.getByLabel('New passphrase').fill('blue harbour lantern');
  await page.getByLabel('Repeat the passphrase').fill('blue harbour lantern');
  await page.getByRole('button', { name: 'Protect with passphrase' }).click();
  await expect(page.getByTestId('key-status')).toContainText('unlocked');

  const form = page.getByRole('form', { name: 'Remote engine' });
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form).toContainText(/Connected to 127\.0\.0\.1/);
  expect(fakeOpenAI.chatRequests().at(-1)?.headers.authorization).toBe('Bearer test-key');

  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByTestId('key-status')).toContainText('locked');
  const sent = fakeOpenAI.requests.length;
  await form.getByRole('button', { name: 'Test connection' }).click();
  await expect(form).toContainText('Your API key is locked with a passphrase. Unlock it in Settings → Data, then try again.');
  expect(fakeOpenAI.requests).toHaveLength(sent);
});
