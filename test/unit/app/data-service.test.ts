import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DataService, type PickedFile } from '../../../src/app/data-service';
import { SettingsStore } from '../../../src/app/settings-store.svelte';
import { createIdbBackupStore } from '../../../src/adapters/storage/backup-io';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../src/adapters/storage/idb-repositories';
import { AppError } from '../../../src/domain/errors';
import { SECRET_KEY, sampleStored, session } from '../domain/backup/sample-data';

let n = 0;
const dbs: { db: RehearseDatabase; name: string }[] = [];

async function setup(options: { onImported?: (ids: string[]) => void | Promise<void> } = {}) {
  const name = `data-service-${++n}`;
  const db = await openRehearseDB({ name });
  dbs.push({ db, name });
  const repos = createIdbRepositories(db);
  const settings = new SettingsStore(repos.settings);
  await settings.load();
  const store = createIdbBackupStore(db);
  const service = new DataService({
    store,
    appVersion: '9.9.9',
    now: () => new Date(2025, 2, 7, 12).getTime(),
    reloadSettings: () => settings.load(),
    ...options,
  });
  return { db, repos, settings, store, service };
}

afterEach(async () => {
  for (const { db, name } of dbs.splice(0)) {
    db.close();
    await deleteRehearseDB(name);
  }
});

async function fillSample(repos: ReturnType<typeof createIdbRepositories>) {
  const data = sampleStored();
  for (const s of data.sessions) await repos.sessions.put(s);
  for (const m of data.messages) await repos.messages.put(m);
  for (const d of data.documents) await repos.documents.put(d);
  for (const p of data.profiles) await repos.profiles.put(p);
  await repos.settings.put(data.settings!);
}

const picked = (text: string, name = 'rehearse-backup-2025-03-07.json'): PickedFile => ({
  name,
  size: new TextEncoder().encode(text).length,
  text: async () => text,
});

describe('DataService', () => {
  it('exports a dated file with a summary of what it holds and without the API key', async () => {
    const { repos, service } = await setup();
    await fillSample(repos);
    const result = await service.exportAll();
    expect(result.fileName).toBe('rehearse-backup-2025-03-07.json');
    expect(result.contents).toBe('2 interviews, 1 twin conversation, 1 twin profile, 3 documents and settings');
    expect(result.text).not.toContain(SECRET_KEY);
    expect(JSON.parse(result.text)).toMatchObject({ format: 'rehearse-backup', version: 1, app: { version: '9.9.9' } });
  });

  it('a backup for another remote server: the preview says the key will be removed, and Replace never writes it (issue 15 hole 1)', async () => {
    const { repos, settings, service } = await setup();
    await fillSample(repos);
    await settings.load();
    const file = JSON.parse((await service.exportAll()).text);
    file.data.settings.remote = { ...file.data.settings.remote, baseUrl: 'https://evil.example/v1', acknowledgedHosts: ['evil.example'] };
    const preview = await service.readImport(picked(JSON.stringify(file)));
    expect(preview.replaceRemovesKey).toBe(true);
    expect(preview.outcomes.replace.join('\n')).toContain('Your API key is removed from this device, not sent there');
    expect(preview.outcomes.merge).toContain('Your settings stay as they are');

    await service.applyImport(preview, 'replace');
    expect(settings.value.remote.baseUrl).toBe('https://evil.example/v1');
    expect(settings.value.remote.apiKey).toBeUndefined();
    expect(settings.value.remote.encryptedApiKey).toBeUndefined();
    expect(settings.value.remote.acknowledgedHosts).toEqual(['api.groq.com']);
    expect(JSON.stringify(await repos.settings.get())).not.toContain(SECRET_KEY);
  });

  it('previews both choices before writing anything, then imports what the user chose and re-indexes its documents', async () => {
    const source = await setup();
    await fillSample(source.repos);
    const exported = await source.service.exportAll();

    const reindexed: string[][] = [];
    const target = await setup({ onImported: (ids) => void reindexed.push(ids) });
    await target.repos.sessions.put(session('only-here'));
    const preview = await target.service.readImport(picked(exported.text));
    expect(preview.contents).toBe(exported.contents);
    expect(preview.appVersion).toBe('9.9.9');
    expect(preview.outcomes.merge).toContain('2 interviews added');
    expect(preview.outcomes.replace).toContain('1 interview, conversation or profile on this device but not in the file will be deleted');
    // Nothing written yet.
    expect((await target.repos.sessions.list()).map((s) => s.id)).toEqual(['only-here']);

    const result = await target.service.applyImport(preview, 'merge');
    expect(result.lines).toContain('2 interviews added');
    expect((await target.repos.sessions.list()).map((s) => s.id).sort()).toEqual(['only-here', 's1', 's2', 't1']);
    expect(reindexed).toEqual([['d1', 'd2', 'd3']]);
    expect(result.reindexError).toBeNull();
  });

  it('replace takes the backup’s settings and makes the app read them again', async () => {
    const source = await setup();
    await fillSample(source.repos);
    const exported = await source.service.exportAll();
    const target = await setup();
    expect(target.settings.value.theme).toBe('system');
    await target.service.applyImport(await target.service.readImport(picked(exported.text)), 'replace');
    expect(target.settings.value.theme).toBe('dark');
    expect(target.settings.value.remote.apiKey).toBeUndefined();
  });

  it('refuses a bad file with its reason and leaves the database unchanged', async () => {
    const { repos, store, service } = await setup();
    await fillSample(repos);
    const before = await store.readAll();
    const good = (await service.exportAll()).text;
    const newer = good.replace('"version": 1', '"version": 3');
    const foreign = good.replace('"rehearse-backup"', '"other-app"');
    const damaged = good.replace('"role": "user"', '"role": 7');
    const cases: [string, string, RegExp][] = [
      ['truncated', good.slice(0, good.length / 2), /incomplete or damaged/],
      ['foreign', foreign, /belongs to something else/],
      ['newer', newer, /newer version of Rehearse/],
      ['damaged', damaged, /message number \d+ is damaged/],
      ['empty', '', /empty/],
    ];
    for (const [label, text, reason] of cases) {
      const error = await service.readImport(picked(text)).catch((e: unknown) => e);
      expect(error, label).toBeInstanceOf(AppError);
      expect((error as AppError).code, label).toBe('invalid-import');
      expect((error as AppError).message, label).toMatch(reason);
    }
    expect(await store.readAll()).toEqual(before);
  });

  it('a file the browser cannot read is file-unreadable', async () => {
    const { service } = await setup();
    const broken: PickedFile = { name: 'x.json', size: 10, text: () => Promise.reject(new DOMException('gone', 'NotReadableError')) };
    await expect(service.readImport(broken)).rejects.toMatchObject({ code: 'file-unreadable' });
  });

  it('a failed re-index is reported but does not undo the import', async () => {
    const source = await setup();
    await fillSample(source.repos);
    const text = (await source.service.exportAll()).text;
    const target = await setup({
      onImported: () => {
        throw new Error('embedder not ready');
      },
    });
    const result = await target.service.applyImport(await target.service.readImport(picked(text)), 'merge');
    expect(result.reindexError?.message).toMatch(/imported, but its documents could not be indexed/);
    expect(await target.repos.sessions.list()).toHaveLength(3);
  });
});
