import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deleteRehearseDB, openRehearseDB, type RehearseDatabase } from '../../../../src/adapters/storage/db';
import { createIdbRepositories } from '../../../../src/adapters/storage/idb-repositories';
import { createMemoryRepositories } from '../../../../src/adapters/storage/memory-repositories';
import { createIdbBackupStore, createRepositoryBackupStore } from '../../../../src/adapters/storage/backup-io';
import { buildBackup, serializeBackup } from '../../../../src/domain/backup/export';
import { parseBackup } from '../../../../src/domain/backup/parse';
import { planImport } from '../../../../src/domain/backup/plan';
import type { StoredData } from '../../../../src/domain/backup/stored-data';
import type { ChunkRecord } from '../../../../src/domain/records';
import { AppError } from '../../../../src/domain/errors';
import { SECRET_KEY, message, sampleStored, session } from '../../domain/backup/sample-data';

let counter = 0;
const opened: { db: RehearseDatabase; name: string }[] = [];

async function freshDb(): Promise<{ db: RehearseDatabase; name: string }> {
  const name = `backup-io-${++counter}`;
  const db = await openRehearseDB({ name });
  opened.push({ db, name });
  return { db, name };
}

afterEach(async () => {
  for (const { db, name } of opened.splice(0)) {
    db.close();
    await deleteRehearseDB(name);
  }
});

const chunk = (id: string, documentId: string): ChunkRecord => ({
  id,
  documentId,
  namespace: 'ns',
  index: 0,
  text: 'chunk',
  modelId: 'm',
  vector: new Float32Array([1, 2, 3]),
});

/** Writes the sample through the real repositories, as the app does. */
async function fill(db: RehearseDatabase, data: StoredData): Promise<void> {
  const repos = createIdbRepositories(db);
  for (const s of data.sessions) await repos.sessions.put(s);
  for (const m of data.messages) await repos.messages.put(m);
  for (const d of data.documents) await repos.documents.put(d);
  for (const p of data.profiles) await repos.profiles.put(p);
  if (data.settings) await repos.settings.put(data.settings);
  for (const j of data.jobs) await repos.jobs.put(j);
  for (const d of data.documents) await db.put('chunks', chunk(`${d.id}-c0`, d.id));
}

const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('IndexedDB backup store', () => {
  it('export → erase → import restores every record (and no key, no chunks travel)', async () => {
    const original = sampleStored();
    const first = await freshDb();
    await fill(first.db, original);

    const text = serializeBackup(buildBackup(await createIdbBackupStore(first.db).readAll(), { appVersion: '0.1.0', exportedAt: 5 }));
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain('"chunks"');
    expect(text).not.toContain('vector');

    // Erase everything, then import into the empty database.
    first.db.close();
    await deleteRehearseDB(first.name);
    const db = await openRehearseDB({ name: first.name });
    opened.push({ db, name: first.name });
    const store = createIdbBackupStore(db);
    const plan = planImport(parseBackup(text).data, await store.readAll(), 'replace');
    await store.apply(plan);

    const restored = await store.readAll();
    // Each session comes back as it was, one revision on (an import is a write).
    expect(byId(restored.sessions)).toEqual(byId(original.sessions).map((s) => ({ ...s, revision: s.revision! + 1 })));
    expect(byId(restored.messages)).toEqual(byId(original.messages));
    expect(byId(restored.documents)).toEqual(byId(original.documents));
    expect(restored.profiles).toEqual(original.profiles);
    // Jobs' requirements come back too (coverage, issue 16); the sample's retry session carries every new session field.
    expect(restored.jobs).toEqual(original.jobs);
    expect(restored.sessions.find((s) => s.id === 's2')).toMatchObject({ jobKey: 'job-1', origin: { kind: 'retry' } });
    // Neither the key nor the hosts this user acknowledged come from a file (issue 15 hole 1).
    const { apiKey: _a, encryptedApiKey: _e, ...remoteWithoutKey } = original.settings!.remote;
    expect(restored.settings).toEqual({ ...original.settings, remote: { ...remoteWithoutKey, acknowledgedHosts: [] } });
    expect(await db.count('chunks')).toBe(0);
    // The app's own repositories read the restored data back in order.
    expect((await createIdbRepositories(db).messages.listBySession('s1')).map((m) => m.index)).toEqual([0, 1]);
  });

  it('replace clears what is not in the backup (with its chunks) and keeps this device’s API key', async () => {
    const { db } = await freshDb();
    const device = sampleStored();
    device.sessions.push(session('only-here'));
    device.messages.push(message('only-here', 0));
    await fill(db, device);
    const store = createIdbBackupStore(db);
    const backup = { ...buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }).data };
    backup.sessions = backup.sessions.filter((s) => s.id !== 's2');
    await store.apply(planImport(backup, await store.readAll(), 'replace'));

    const after = await store.readAll();
    expect(after.sessions.map((s) => s.id).sort()).toEqual(['s1', 't1']);
    expect(after.messages.map((m) => m.sessionId)).not.toContain('only-here');
    expect(after.settings?.remote.apiKey).toBe(SECRET_KEY);
    expect(await db.count('chunks')).toBe(0);
  });

  it('reads a file exported before jobs existed: merge keeps this device’s jobs, replace clears them', async () => {
    const { db } = await freshDb();
    await fill(db, sampleStored());
    const store = createIdbBackupStore(db);
    const file = buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 });
    delete file.data.jobs;
    const older = parseBackup(serializeBackup(file)).data;
    await store.apply(planImport(older, await store.readAll(), 'merge'));
    expect((await store.readAll()).jobs.map((j) => j.id)).toEqual(['job-1']);
    await store.apply(planImport(older, await store.readAll(), 'replace'));
    expect((await store.readAll()).jobs).toEqual([]);
  });

  it('merge replaces a newer session’s messages, documents and chunks, and leaves the rest alone', async () => {
    const { db } = await freshDb();
    await fill(db, sampleStored());
    const store = createIdbBackupStore(db);
    const newer = sampleStored();
    newer.sessions[0] = session('s1', { updatedAt: 1_900_000_000_000, title: 'From the other laptop' });
    // Same places in the conversation, new ids: only works because the old messages go first.
    newer.messages = newer.messages.map((m) => (m.sessionId === 's1' ? { ...m, id: `${m.id}-new`, text: 'new text' } : m));
    const plan = planImport(buildBackup(newer, { appVersion: '0.1.0', exportedAt: 1 }).data, await store.readAll(), 'merge');
    await store.apply(plan);

    const after = await store.readAll();
    expect(after.sessions.find((s) => s.id === 's1')?.title).toBe('From the other laptop');
    expect(after.messages.filter((m) => m.sessionId === 's1').map((m) => m.id)).toEqual(['s1-m0-new', 's1-m1-new']);
    expect(after.messages.filter((m) => m.sessionId === 's2')).toHaveLength(1);
    expect(await db.get('chunks', 'd1-c0')).toBeUndefined();
    expect(await db.get('chunks', 'd2-c0')).toBeDefined();
    expect(after.settings?.theme).toBe('dark');
  });

  it('an imported session moves past the stored revision, so a tab holding the old copy cannot write it back', async () => {
    const { db } = await freshDb();
    const repos = createIdbRepositories(db);
    const open = session('s1');
    for (let i = 0; i < 3; i++) await repos.sessions.put(open);
    expect(open.revision).toBe(3);
    const store = createIdbBackupStore(db);
    // The file's copy is older in revisions (another device) but newer in time: merge takes it.
    const file = { ...sampleStored(), sessions: [session('s1', { updatedAt: 1_900_000_000_000, title: 'Imported', revision: 1 })] };
    await store.apply(planImport(buildBackup(file, { appVersion: '0.1.0', exportedAt: 1 }).data, await store.readAll(), 'merge'));
    expect((await repos.sessions.get('s1'))?.revision).toBe(4);
    // The tab that had the session open saves its copy: refused, the import stays.
    await expect(repos.sessions.put({ ...open, title: 'Old copy' })).rejects.toMatchObject({ code: 'stale-session' });
    expect((await repos.sessions.get('s1'))?.title).toBe('Imported');
  });

  it('writes all or nothing: a failing write leaves the database exactly as it was', async () => {
    const { db } = await freshDb();
    await fill(db, sampleStored());
    const store = createIdbBackupStore(db);
    const before = await store.readAll();
    const plan = planImport(buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }).data, before, 'replace');
    // Two messages in the same place break the unique index half-way through the writes.
    plan.messages.push(message('s1', 0, { id: 'clash' }));
    plan.sessions.push(session('new-one'));

    const error = await store.apply(plan).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('storage-write-failed');
    expect(await store.readAll()).toEqual(before);
    expect(await db.count('chunks')).toBe(3);
  });
});

describe('repository backup store (in-memory fallback)', () => {
  it('exports and re-imports through the repository ports', async () => {
    const source = createMemoryRepositories();
    const original = sampleStored();
    for (const s of original.sessions) await source.sessions.put(s);
    for (const m of original.messages) await source.messages.put(m);
    for (const d of original.documents) await source.documents.put(d);
    for (const p of original.profiles) await source.profiles.put(p);
    for (const j of original.jobs) await source.jobs.put(j);
    const text = serializeBackup(buildBackup(await createRepositoryBackupStore(source).readAll(), { appVersion: '0.1.0', exportedAt: 1 }));

    const target = createMemoryRepositories();
    await target.sessions.put(session('will-go'));
    const store = createRepositoryBackupStore(target);
    await store.apply(planImport(parseBackup(text).data, await store.readAll(), 'replace'));
    const after = await store.readAll();
    // An import through the ports is a write like any other: each session's revision moves on,
    // so a tab still holding the old copy cannot write it back.
    const withoutRevision = ({ revision: _r, ...rest }: (typeof after.sessions)[number]) => rest;
    expect(byId(after.sessions).map(withoutRevision)).toEqual(byId(original.sessions).map(withoutRevision));
    for (const s of after.sessions) expect(s.revision).toBeGreaterThan(original.sessions.find((o) => o.id === s.id)!.revision!);
    expect(byId(after.messages)).toEqual(byId(original.messages));
    expect(byId(after.documents)).toEqual(byId(original.documents));
    expect(after.profiles).toEqual(original.profiles);
    expect(after.jobs).toEqual(original.jobs);
  });

  it('merge replaces a newer session’s messages', async () => {
    const repos = createMemoryRepositories();
    await repos.sessions.put(session('s1'));
    await repos.messages.put(message('s1', 0, { text: 'old' }));
    const store = createRepositoryBackupStore(repos);
    const backup = {
      sessions: [session('s1', { updatedAt: 2e12 })],
      messages: [message('s1', 0, { text: 'new' })],
      documents: [],
      profiles: [],
      settings: null,
    };
    await store.apply(planImport(backup, await store.readAll(), 'merge'));
    expect((await repos.messages.listBySession('s1')).map((m) => m.text)).toEqual(['new']);
  });
});
