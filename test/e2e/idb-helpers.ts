/**
 * Reads and writes the app's IndexedDB from the page, the way a user's earlier visits would
 * have left it: used to set up data before a test and to check what a test left behind.
 */
import { expect, type Page } from '@playwright/test';
import type { StoredData } from '../../src/domain/backup/stored-data';
import { sessionSummaryOf } from '../../src/domain/session-summary';

const STORES = ['sessions', 'messages', 'documents', 'profiles', 'settings'] as const;

/**
 * Waits until the app has created its database. Opening "rehearse" before the app does would
 * create an empty version-1 database with no stores (and then the app's own open would upgrade
 * it under the test): a screen can show before its first read has opened the database, as it
 * does right after "Erase everything" reloads the page.
 */
export async function waitForAppDatabase(page: Page): Promise<void> {
  await expect
    .poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'rehearse' && (d.version ?? 0) > 0)), {
      timeout: 15_000,
    })
    .toBe(true);
}

/**
 * Writes the records into the "rehearse" database (the app must have created it: open a screen
 * first), each session with its summary, as the app writes them.
 */
export async function seedDatabase(page: Page, data: Partial<StoredData>): Promise<void> {
  const summaries = (data.sessions ?? []).map(sessionSummaryOf);
  await waitForAppDatabase(page);
  await page.evaluate(
    async ({ data, stores, summaries }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open('rehearse');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const tx = db.transaction([...stores, 'sessionSummaries'], 'readwrite');
      for (const summary of summaries) tx.objectStore('sessionSummaries').put(summary);
      for (const store of stores) {
        const value = (data as Record<string, unknown>)[store];
        if (store === 'settings') {
          if (value) tx.objectStore(store).put(value);
        } else for (const record of (value as unknown[] | undefined) ?? []) tx.objectStore(store).put(record);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { data, stores: STORES, summaries },
  );
}

/** Everything in the stores a backup covers, plus the number of chunks. */
export async function dumpDatabase(page: Page): Promise<StoredData & { chunkCount: number }> {
  await waitForAppDatabase(page);
  return page.evaluate(async (stores) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('rehearse');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const read = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const out: Record<string, unknown> = {};
    for (const store of stores) out[store] = await read(store);
    const chunks = await read('chunks');
    db.close();
    const byId = (list: unknown) => (list as { id: string }[]).sort((a, b) => a.id.localeCompare(b.id));
    return {
      sessions: byId(out.sessions),
      messages: byId(out.messages),
      documents: byId(out.documents),
      profiles: byId(out.profiles),
      settings: (out.settings as unknown[])[0] ?? null,
      chunkCount: chunks.length,
    } as never;
  }, STORES);
}

export const sortById = <T extends { id: string }>(list: T[]): T[] => [...list].sort((a, b) => a.id.localeCompare(b.id));

/**
 * Merges `patch` into the stored settings record (the nested `voice` settings are merged too),
 * the way the Settings screens save it. The app must have created the database: open a screen
 * first, and reload afterwards, since settings are read once at start-up.
 */
export async function patchStoredSettings(page: Page, patch: Record<string, unknown>): Promise<void> {
  await waitForAppDatabase(page);
  await page.evaluate(async (patch) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('rehearse');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('settings', 'readwrite');
    const store = tx.objectStore('settings');
    const current = await new Promise<Record<string, unknown> | undefined>((resolve) => {
      const get = store.get('settings');
      get.onsuccess = () => resolve(get.result as Record<string, unknown> | undefined);
    });
    const voice = patch.voice ? { voice: { ...((current?.voice as object | undefined) ?? {}), ...(patch.voice as object) } } : {};
    store.put({ ...current, ...patch, ...voice, id: 'settings' });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  }, patch);
}
