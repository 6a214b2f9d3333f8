/**
 * Two tabs of one browser (issue 15, hole 6): an erase or a newer version in one tab closes the
 * other's database. The other tab must say what happened, offer a reload, and never blame
 * storage space when it then fails to save.
 */
import type { Page } from '@playwright/test';
import { test, expect, openScreen } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { ANSWERS, answer, interviewer, savedReplies, startInterview, useFakeRemote } from './practice-helpers';

/** Settings loads the feature services first: on a busy machine that takes a while, so wait for it. */
async function openSettings(page: Page): Promise<void> {
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible({ timeout: 60_000 });
}

test('an erase in another tab: this tab says so with a Reload, and a later save blames no storage space', async ({ page, context }) => {
  // Three loads of the Settings screen (features included) on a machine that may be busy.
  test.setTimeout(180_000);
  await openSettings(page);
  const other = await context.newPage();
  await openSettings(other);

  await other.getByRole('button', { name: 'Erase everything…' }).click();
  await other.getByRole('dialog').getByRole('button', { name: 'Erase everything' }).click();
  // The erasing tab reloads itself onto Home and shows no banner.
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Practise interviews in private');
  await expect(other.getByTestId('database-banner')).toHaveCount(0);

  const banner = page.getByTestId('database-banner');
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(banner).toContainText('Rehearse’s data was erased in another tab.');
  // A save here now fails, and says why (the choice goes back, so click rather than check).
  await page.getByRole('radio', { name: 'Dark' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'Settings were not saved' });
  await expect(failure).toContainText('erased in another tab');
  await expect(failure).not.toContainText(/space/i);

  // The Reload button is reachable by keyboard and brings back a working app.
  const reload = banner.getByRole('button', { name: 'Reload' });
  await reload.focus();
  await expect(reload).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('database-banner')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.getByText('Settings were not saved')).toHaveCount(0);
});

test('a newer version of Rehearse opened in another tab: this tab says so and offers a Reload', async ({ page, context }) => {
  await openScreen(page);
  const other = await context.newPage();
  await other.goto('/#/');
  // What a newer build does on start: open the database at a higher version.
  await other.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.open('rehearse', 1000);
        request.onsuccess = () => {
          request.result.close();
          resolve();
        };
        request.onerror = () => reject(request.error);
      }),
  );
  const banner = page.getByTestId('database-banner');
  await expect(banner).toContainText('A newer version of Rehearse is open in another tab.');
  await expect(banner.getByRole('button', { name: 'Reload' })).toBeVisible();
  await expect(banner).not.toContainText(/space/i);
});

/**
 * The real Web Locks and BroadcastChannel of the browser, shared by two pages of one origin,
 * driving the app's ConversationLock adapter itself (bundled here for the pages, since no
 * screen is needed to prove the mechanism).
 */
test.describe('one tab owns a conversation (Web Locks across two pages)', () => {
  let bundle = '';
  test.beforeAll(async () => {
    const { build } = await import('vite');
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: false,
        lib: { entry: 'src/adapters/tabs/conversation-lock.ts', formats: ['iife'], name: 'RehearseTabs' },
      },
    });
    const chunk = (Array.isArray(output) ? output[0] : output) as { output: { type: string; code?: string }[] };
    bundle = chunk.output.find((o) => o.type === 'chunk')?.code ?? '';
    expect(bundle).toContain('createBrowserConversationLock');
  });

  test('the second page is read-only, continue here moves the conversation, and letting go hands it back', async ({ browser }) => {
    // The app's CSP rightly refuses an injected script; this context lets the test's bundle in.
    const context = await browser.newContext({ bypassCSP: true });
    const open = async () => {
      const page = await context.newPage();
      await page.goto('/#/');
      await page.addScriptTag({ content: bundle });
      await page.evaluate(async () => {
        type Claim = { owned: boolean; onChange(l: (o: boolean) => void): () => void; onRemoteChange(l: () => void): () => void };
        const w = window as unknown as {
          RehearseTabs: { createBrowserConversationLock(): { acrossTabs: boolean; claim(id: string): Promise<Claim> } };
          lock: { acrossTabs: boolean; claim(id: string): Promise<Claim> };
          claim: Claim;
          changes: boolean[];
          remote: number;
        };
        w.lock = w.RehearseTabs.createBrowserConversationLock();
        w.claim = await w.lock.claim('s1');
        w.changes = [];
        w.remote = 0;
        w.claim.onChange((owned) => w.changes.push(owned));
        w.claim.onRemoteChange(() => w.remote++);
      });
      return page;
    };
    const state = (page: Awaited<ReturnType<typeof open>>) =>
      page.evaluate(() => {
        const w = window as unknown as { lock: { acrossTabs: boolean }; claim: { owned: boolean }; changes: boolean[]; remote: number };
        return { acrossTabs: w.lock.acrossTabs, owned: w.claim.owned, changes: w.changes, remote: w.remote };
      });

    const first = await open();
    const second = await open();
    expect(await state(first)).toMatchObject({ acrossTabs: true, owned: true });
    expect(await state(second)).toMatchObject({ owned: false });

    // The owner saves: the read-only page hears it (to read the conversation again).
    await first.evaluate(() => (window as unknown as { claim: { announceChange(): void } }).claim.announceChange());
    await expect.poll(async () => (await state(second)).remote).toBe(1);

    // "Continue here" on the second page.
    await second.evaluate(() => (window as unknown as { claim: { takeOver(): Promise<void> } }).claim.takeOver());
    expect(await state(second)).toMatchObject({ owned: true });
    await expect.poll(async () => (await state(first)).changes).toEqual([false]);

    // Closing the owning page hands the conversation back to the one waiting for it.
    await second.close();
    await expect.poll(async () => (await state(first)).changes).toEqual([false, true]);
    expect(await state(first)).toMatchObject({ owned: true });
    await context.close();
  });
});

/**
 * The app's screens (issue 15, hole 5): one interview open in two tabs of one browser. Before,
 * the stale tab's draft rolled the saved interview back and its answer failed with "check free
 * space"; now only one tab writes and the other shows the interview read-only.
 */
const withFakeServer = test.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

withFakeServer(
  'an interview open in two tabs: the second is read-only, Continue here moves it, and the first then writes nothing',
  async ({ page, context, fakeOpenAI }) => {
    // Two app loads and four model turns on a machine that may be busy.
    test.setTimeout(180_000);
    fakeOpenAI.respondWith(interviewer());
    await useFakeRemote(page, fakeOpenAI.url);
    await startInterview(page);

    const other = await context.newPage();
    await other.goto(page.url());
    const notice = other.getByTestId('other-tab-notice');
    await expect(notice).toContainText('This interview is open in another tab.', { timeout: 60_000 });
    await expect(notice).toHaveAttribute('role', 'status');
    // Read-only: the conversation is there, the box and Send are not usable.
    await expect(savedReplies(other)).toHaveCount(1);
    await expect(other.getByLabel('Your answer')).toBeDisabled();
    await expect(other.getByRole('button', { name: 'Finish and get feedback' })).toBeDisabled();

    // The owner answers: the read-only tab follows.
    await answer(page, ANSWERS.q1);
    await expect(savedReplies(other)).toHaveCount(2);

    // Continue here, from the keyboard: the second tab owns it and the first turns read-only.
    const continueHere = other.getByRole('button', { name: 'Continue here' });
    await continueHere.focus();
    await other.keyboard.press('Enter');
    await expect(other.getByTestId('other-tab-notice')).toHaveCount(0);
    await expect(other.getByLabel('Your answer')).toBeEnabled();
    await expect(page.getByTestId('other-tab-notice')).toContainText('This interview is open in another tab.');
    await expect(page.getByLabel('Your answer')).toBeDisabled();

    // The new owner answers the next question; the first tab shows it, and nothing was rolled back or refused.
    await answer(other, ANSWERS.q2);
    await expect(savedReplies(page)).toHaveCount(3);
    await expect(other.locator('[data-error-code="stale-session"]')).toHaveCount(0);
    await expect(other.getByText(/space/i)).toHaveCount(0);
    const answers = other.getByRole('log', { name: 'Conversation' }).locator(':scope > article[aria-label="You"]');
    await expect(answers).toHaveCount(2);
  },
);

withFakeServer(
  'a twin conversation open in two tabs: the second is read-only and follows, Continue here moves it',
  async ({ page, context, fakeOpenAI }) => {
    test.setTimeout(180_000);
    let n = 0;
    fakeOpenAI.respondWith(() => ({ text: `Answer number ${++n}.`, wordDelayMs: 0 }));
    await useFakeRemote(page, fakeOpenAI.url, { acknowledged: true });
    await page.goto('/#/twin');
    await page.getByRole('button', { name: 'New profile' }).click();
    const ask = async (p: Page, question: string, reply: string) => {
      const box = p.getByLabel('Your question');
      await box.fill(question);
      await box.press('Enter');
      await expect(p.getByRole('list', { name: 'Messages' }).locator('li.message.assistant').last()).toContainText(reply);
    };
    await ask(page, 'How did you start?', 'Answer number 1.');

    const other = await context.newPage();
    await other.goto('/#/twin');
    const notice = other.getByTestId('other-tab-notice');
    await expect(notice).toContainText('This conversation is open in another tab.', { timeout: 60_000 });
    await expect(other.getByRole('list', { name: 'Messages' })).toContainText('Answer number 1.');
    await expect(other.getByLabel('Your question')).toBeDisabled();

    // The owner asks again: the read-only tab shows it.
    await ask(page, 'And then?', 'Answer number 2.');
    await expect(other.getByRole('list', { name: 'Messages' })).toContainText('Answer number 2.');

    await other.getByRole('button', { name: 'Continue here' }).click();
    await expect(other.getByTestId('other-tab-notice')).toHaveCount(0);
    await expect(page.getByTestId('other-tab-notice')).toContainText('This conversation is open in another tab.');
    await expect(page.getByLabel('Your question')).toBeDisabled();
    await ask(other, 'What next?', 'Answer number 3.');
    await expect(page.getByRole('list', { name: 'Messages' })).toContainText('Answer number 3.');
    await expect(other.locator('[data-error-code]')).toHaveCount(0);
  },
);
