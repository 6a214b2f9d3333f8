/**
 * Settings → Data through the real UI of the built app: export, erase, import; refusals;
 * the API key's passphrase lock; and the in-memory fallback when IndexedDB is unavailable.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test as base, expect, openScreen, expectAccessible } from './fixtures';
import { dumpDatabase, seedDatabase, sortById } from './idb-helpers';
import { fillSetup, useFakeRemote } from './practice-helpers';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { startFakeOpenAI } from '../fake-openai/server';
import { windows1252 } from '../fixtures/windows-1252';
import { SECRET_KEY, profile, sampleStored, session } from '../unit/domain/backup/sample-data';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

async function exportBackup(page: Page): Promise<{ name: string; text: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export everything' }).click();
  const download = await downloading;
  const text = await readFile((await download.path())!, 'utf8');
  await expect(page.getByText(/Saved rehearse-backup-\d{4}-\d{2}-\d{2}\.json to your downloads/)).toBeVisible();
  return { name: download.suggestedFilename(), text };
}

async function chooseBackup(page: Page, text: string, name = 'rehearse-backup.json'): Promise<void> {
  await page.getByLabel('Backup file to import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

async function withSampleData(page: Page): Promise<void> {
  await openScreen(page, 'settings');
  await seedDatabase(page, sampleStored());
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

test('export → erase everything → import restores every record, and the key never leaves', async ({ page }) => {
  await withSampleData(page);
  const before = await dumpDatabase(page);
  expect(before.sessions).toHaveLength(3);

  const backup = await exportBackup(page);
  expect(backup.name).toMatch(/^rehearse-backup-\d{4}-\d{2}-\d{2}\.json$/);
  expect(backup.text).not.toContain(SECRET_KEY);
  expect(backup.text).not.toContain('apiKey');
  expect(JSON.parse(backup.text)).toMatchObject({ format: 'rehearse-backup', version: 1 });

  // Erase everything with the lead's Settings control; the app reloads on Home.
  await page.getByRole('button', { name: 'Erase everything…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Erase everything' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Practise interviews in private' })).toBeVisible();
  await openScreen(page, 'settings');
  expect((await dumpDatabase(page)).sessions).toEqual([]);

  await chooseBackup(page, backup.text, backup.name);
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText('holds 2 interviews, 1 twin conversation, 1 twin profile, 3 documents and settings');
  await expect(preview.getByRole('list', { name: 'What merging does' })).toContainText('2 interviews added');
  await expect(page.getByRole('radio', { name: /^Merge/ })).toBeChecked();
  await page.getByRole('button', { name: 'Merge the backup' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toContainText('1 twin profile added');

  const after = await dumpDatabase(page);
  // Every record comes back as it was; an imported session's revision moves past any copy an
  // open tab may hold (so none can be written back over the import), and only it differs.
  const withoutRevision = (sessions: typeof before.sessions) => sessions.map(({ revision: _revision, ...rest }) => rest);
  expect(withoutRevision(after.sessions)).toEqual(withoutRevision(sortById(before.sessions)));
  for (const restored of after.sessions)
    expect(restored.revision ?? 0).toBeGreaterThan(before.sessions.find((s) => s.id === restored.id)?.revision ?? 0);
  expect(after.messages).toEqual(sortById(before.messages));
  expect(after.documents).toEqual(sortById(before.documents));
  expect(after.profiles).toEqual(before.profiles);
  // Merge keeps this device's (fresh) settings; the key was erased and is not brought back.
  expect(after.settings?.remote.apiKey).toBeUndefined();

  // The restored interviews are in History.
  await openScreen(page, 'history');
  await expect(page.getByRole('link', { name: 'Interview s1', exact: true })).toBeVisible();
});

test('replace asks first, then swaps this device’s data for the backup’s and keeps the API key', async ({ page }) => {
  await withSampleData(page);
  const backup = await exportBackup(page);
  await seedDatabase(page, { sessions: [session('only-here', { title: 'Only on this device' })] });

  await chooseBackup(page, backup.text);
  await page.getByRole('radio', { name: /^Replace/ }).check();
  await expect(page.getByRole('list', { name: 'What replacing does' })).toContainText(
    '1 interview, conversation or profile on this device but not in the file will be deleted',
  );
  await page.getByRole('button', { name: 'Replace with the backup…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Replace everything on this device?' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page, 'settings with replace dialog');
  await dialog.getByRole('button', { name: 'Replace everything' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toContainText('were deleted');

  const after = await dumpDatabase(page);
  expect(after.sessions.map((s) => s.id)).toEqual(['s1', 's2', 't1']);
  expect(after.settings?.remote.apiKey).toBe(SECRET_KEY);
  // Replaced settings are applied at once (the sample's theme is dark).
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('import refuses truncated, foreign, newer and damaged files with the reason, and changes nothing', async ({ page }) => {
  await withSampleData(page);
  const good = (await exportBackup(page)).text;
  const before = await dumpDatabase(page);
  const json = JSON.parse(good);
  const cases: [string, string, RegExp][] = [
    ['truncated', good.slice(0, Math.floor(good.length * 0.6)), /incomplete or damaged/],
    ['foreign format', JSON.stringify({ ...json, format: 'not-rehearse' }), /not a Rehearse backup file/],
    ['newer version', JSON.stringify({ ...json, version: 2 }), /newer version of Rehearse/],
    [
      'damaged record',
      JSON.stringify({ ...json, data: { ...json.data, sessions: [{ ...json.data.sessions[0], status: 'exploded' }] } }),
      /interview or conversation number 1 is damaged \(field “status”\)/,
    ],
    ['not JSON', 'PK\u0003\u0004 this is a zip', /not JSON/],
  ];
  for (const [label, text, reason] of cases) {
    await chooseBackup(page, text, `${label}.json`);
    const alert = page.getByRole('alert').filter({ hasText: 'Not imported' });
    await expect(alert, label).toContainText(reason);
    await expect(alert, label).toContainText('Nothing was imported.');
    await expect(page.getByTestId('import-preview')).toHaveCount(0);
  }
  expect(await dumpDatabase(page)).toEqual(before);
  await expectAccessible(page, 'settings with an import error');
});

test('API key: protect with a passphrase, stays locked after reload, wrong passphrase refused, unlock, forget', async ({ page }) => {
  await openScreen(page, 'settings');
  const settings = sampleStored().settings!;
  delete settings.remote.encryptedApiKey;
  await seedDatabase(page, { settings });
  await page.reload();

  await expect(page.getByTestId('key-status')).toContainText('without a passphrase');
  await page.getByLabel('New passphrase').fill('blue harbour lantern');
  await page.getByLabel('Repeat the passphrase').fill('blue harbour lantern');
  await page.getByRole('button', { name: 'Protect with passphrase' }).click();
  await expect(page.getByTestId('key-status')).toContainText('unlocked');

  const stored = (await dumpDatabase(page)).settings!;
  expect(stored.remote.apiKey).toBeUndefined();
  expect(stored.remote.encryptedApiKey).toMatchObject({ salt: expect.any(String), iv: expect.any(String), data: expect.any(String) });
  expect(JSON.stringify(stored)).not.toContain(SECRET_KEY);

  // The export never carries the encrypted key either.
  expect((await exportBackup(page)).text).not.toContain(stored.remote.encryptedApiKey!.data);

  await page.reload();
  await expect(page.getByTestId('key-status')).toContainText('locked');
  await page.getByLabel('Passphrase', { exact: true }).fill('blue harbour lanterns');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toContainText('does not unlock your API key');
  await page.getByLabel('Passphrase', { exact: true }).fill('blue harbour lantern');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('key-status')).toContainText('unlocked');
  await expectAccessible(page, 'settings with the key unlocked');

  await page.getByRole('button', { name: 'Forget key…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Forget key' }).click();
  await expect(page.getByTestId('key-status')).toContainText('No API key is saved');
  const forgotten = (await dumpDatabase(page)).settings!;
  expect(forgotten.remote).not.toHaveProperty('apiKey');
  expect(forgotten.remote).not.toHaveProperty('encryptedApiKey');
});

test('without IndexedDB the app runs in memory, says so, and still works (export included)', async ({ page }) => {
  await page.addInitScript(() => {
    // What some private modes do: every open fails.
    IDBFactory.prototype.open = function () {
      throw new DOMException('The user denied permission to access the database.', 'InvalidStateError');
    };
  });
  await openScreen(page);
  const banner = page.getByRole('status').filter({ hasText: 'Not saving on this device.' });
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('nothing will be saved when you close the tab');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const backup = await exportBackup(page);
  expect(JSON.parse(backup.text).data.settings.theme).toBe('dark');
  await expectAccessible(page, 'settings in memory mode');
});

test('a crafted backup cannot send the API key or the interview to its own host (issue 15, hole 1)', async ({ page, fakeOpenAI }) => {
  // This device: a remote server it trusts, with a key, already acknowledged.
  await useFakeRemote(page, fakeOpenAI.url);
  const attacker = await startFakeOpenAI();
  try {
    await openScreen(page, 'settings');
    const file = JSON.parse((await exportBackup(page)).text);
    // The attacker's copy: their server, already "acknowledged", and a plain-http model host.
    file.data.settings.remote = {
      presetId: 'groq',
      baseUrl: attacker.url,
      model: 'fake-model',
      acknowledgedHosts: [new URL(attacker.url).host],
    };
    file.data.settings.modelHost = 'http://evil.example';
    await chooseBackup(page, JSON.stringify(file), 'shared-by-a-friend.json');

    await page.getByRole('radio', { name: /^Replace/ }).check();
    const outcome = page.getByRole('list', { name: 'What replacing does' });
    await expect(outcome).toContainText(`address changes from ${new URL(fakeOpenAI.url).host} to ${new URL(attacker.url).host}`);
    await expect(outcome).toContainText('Your API key is removed from this device, not sent there');
    await expect(outcome).toContainText('Rehearse asks you before the first message goes there');
    await expect(outcome).toContainText('The backup’s model host “http://evil.example” is not used');
    await page.getByRole('button', { name: 'Replace with the backup…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replace everything on this device?' });
    await expect(dialog).toContainText('Your API key will be removed');
    await dialog.getByRole('button', { name: 'Replace everything' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();

    const stored = (await dumpDatabase(page)).settings!;
    expect(stored.remote.baseUrl).toBe(attacker.url);
    expect(stored.remote).not.toHaveProperty('apiKey');
    expect(stored.remote.acknowledgedHosts).toEqual([new URL(fakeOpenAI.url).host]);
    expect(stored).not.toHaveProperty('modelHost');

    // Starting an interview asks first, naming the new host; nothing has reached it yet.
    await fillSetup(page);
    await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
    await expect(page.getByRole('dialog', { name: `Send this interview to ${new URL(attacker.url).host}?` })).toBeVisible();
    expect(attacker.requests).toEqual([]);
    // Confirmed: the text goes there, the key does not.
    await page.getByRole('button', { name: 'Send and start' }).click();
    await expect.poll(() => attacker.chatRequests().length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(attacker.requests.map((r) => r.headers.authorization)).toEqual(attacker.requests.map(() => undefined));
    expect(JSON.stringify(attacker.requests)).not.toContain('test-key');
  } finally {
    await attacker.close();
  }
});

test('text the user imports keeps its letters, and a failed import does not name the previous file (hole 9)', async ({ page }) => {
  await page.goto('/#/practice');
  await expect(page.getByRole('heading', { level: 1, name: 'Set up a practice interview' })).toBeVisible();
  const resume = 'Zoë Müller — l’été 2024: Café “Über”, coût 5 €';
  const input = page.getByLabel('Import your resume (optional) from a file');
  await input.setInputFiles({ name: 'cv-windows.txt', mimeType: 'text/plain', buffer: Buffer.from(windows1252(resume)) });
  const box = page.getByLabel(/^Your resume/);
  await expect(box).toHaveValue(resume);
  const hint = page.locator('#setup-resume-hint');
  await expect(hint).toContainText('Imported from cv-windows.txt.');
  await expect(hint).toContainText('read as Western European text (Windows-1252)');

  // An image renamed .txt is refused; the box keeps its text and the hint no longer names the old file.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, ...Array(64).fill(0)]);
  await input.setInputFiles({ name: 'photo.txt', mimeType: 'text/plain', buffer: png });
  await expect(page.getByRole('alert').filter({ hasText: 'photo.txt' })).toContainText('“photo.txt” does not look like a text file');
  await expect(box).toHaveValue(resume);
  await expect(hint).not.toContainText('cv-windows.txt');
  await expect(hint).not.toContainText('Windows-1252');
});

test('a report prints with its sample answers, and a title mixing scripts keeps its order (hole 9)', async ({ page }) => {
  const title = 'ראיון Frontend Engineer 2024 — שלב ב';
  await openScreen(page, 'history');
  await seedDatabase(page, { sessions: [session('rtl', { title })] });
  await page.reload();
  const link = page.getByRole('link', { name: title, exact: true });
  await expect(link).toHaveAttribute('dir', 'auto');

  await openScreen(page, 'report/rtl');
  await expect(page.getByTestId('report-title').locator('bdi')).toHaveText(title);
  const sample = page.locator('section.question details').first();
  await expect(sample).not.toHaveAttribute('open');
  await expect(sample.getByText('In my last role…')).toBeHidden();
  // What the browser fires around printing (and "Save as PDF").
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await expect(sample.getByText('In my last role…')).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(sample).not.toHaveAttribute('open');
});

test('a project link that is not https stays text, and a backup bringing one is refused (hole 2)', async ({ page }) => {
  await openScreen(page, 'settings');
  const hostile = profile('p-js', { projects: [{ id: 'x', title: 'Demo', description: 'd', tags: [], link: 'javascript:alert(1)' }] });
  const file = JSON.parse((await exportBackup(page)).text);
  file.data.profiles = [hostile];
  await chooseBackup(page, JSON.stringify(file));
  await expect(page.getByRole('alert').filter({ hasText: 'Not imported' })).toContainText(
    'twin profile number 1 is damaged (field “projects.0.link”): links must be https:, mailto: or http://localhost',
  );

  // One already stored (from before these checks) renders as text, never as a link.
  await seedDatabase(page, { profiles: [hostile] });
  await openScreen(page, 'twin');
  const projects = page.getByRole('region', { name: 'Projects' });
  await expect(projects.getByText('javascript:alert(1)')).toBeVisible();
  expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
});
