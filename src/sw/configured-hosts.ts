/**
 * Reads, in the service worker, the hosts the user configured (remote server, model mirror)
 * from the app's IndexedDB settings record, so the policy it serves allows exactly those
 * beyond the fixed ones. Never creates the database (an empty one made here would break the
 * app's upgrade path) and never holds it open (that would block an upgrade or an erase).
 */
import { configuredConnectSources } from '../domain/content-security-policy';

const DB_NAME = 'rehearse';
const STORE = 'settings';

export async function configuredHosts(): Promise<string[]> {
  try {
    const settings = await readSettings();
    return configuredConnectSources(settings as Parameters<typeof configuredConnectSources>[0]);
  } catch {
    // No database yet, storage blocked, an upgrade in progress: the fixed policy applies.
    return [];
  }
}

function readSettings(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME);
    // Only fires when the database does not exist: abort, so nothing is created.
    open.onupgradeneeded = () => open.transaction?.abort();
    open.onerror = () => reject(open.error ?? new Error('IndexedDB open failed'));
    open.onblocked = () => reject(new Error('IndexedDB blocked'));
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      if (!db.objectStoreNames.contains(STORE)) {
        db.close();
        resolve(undefined);
        return;
      }
      const get = db.transaction(STORE, 'readonly').objectStore(STORE).get('settings');
      get.onsuccess = () => {
        db.close();
        resolve(get.result);
      };
      get.onerror = () => {
        db.close();
        reject(get.error ?? new Error('IndexedDB read failed'));
      };
    };
  });
}
