import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { configuredHosts } from '../../../src/sw/configured-hosts';
import { openRehearseDB } from '../../../src/adapters/storage/db';
import { defaultSettings } from '../../../src/domain/settings-defaults';

async function deleteDatabase(): Promise<void> {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase('rehearse');
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}

describe('the service worker reads the configured hosts from settings', () => {
  afterEach(deleteDatabase);

  it('before the app has made its database: none, and it does not create one', async () => {
    expect(await configuredHosts()).toEqual([]);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain('rehearse');
    // The app can still create and upgrade it from scratch.
    const db = await openRehearseDB();
    expect(db.objectStoreNames.contains('settings')).toBe(true);
    db.close();
  });

  it('the remote server and the model mirror the user set', async () => {
    const db = await openRehearseDB();
    await db.put('settings', {
      ...defaultSettings(),
      remote: { ...defaultSettings().remote, presetId: 'custom', baseUrl: 'https://vllm.example.org/v1' },
      modelHost: 'https://mirror.example.net/hf',
    });
    db.close();
    expect(await configuredHosts()).toEqual(['https://vllm.example.org', 'https://mirror.example.net']);
  });

  it('never holds the database open: an upgrade or an erase right after is not blocked', async () => {
    (await openRehearseDB()).close();
    await configuredHosts();
    let blocked = false;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('rehearse');
      request.onblocked = () => (blocked = true);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(blocked).toBe(false);
  });
});
