/**
 * The one IndexedDB database, "rehearse". Every schema version has an upgrade step;
 * `upgrades[n]` migrates a database at version n to n+1. Tests open databases created by
 * every earlier version (test/unit/adapters/storage/db-upgrade.test.ts) and check nothing is lost.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ChunkRecord, DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../domain/records';
import { AppError, isQuotaError } from '../../ports/errors';

export const DB_NAME = 'rehearse';
export const DB_VERSION = 1;

export interface RehearseDB extends DBSchema {
  documents: { key: string; value: DocumentRecord; indexes: { bySession: string; byProfile: string; byKind: string } };
  chunks: { key: string; value: ChunkRecord; indexes: { byNamespace: string; byDocument: string } };
  sessions: { key: string; value: SessionRecord; indexes: { byUpdatedAt: number; byMode: string } };
  messages: { key: string; value: MessageRecord; indexes: { bySession: string; bySessionIndex: [string, number] } };
  profiles: { key: string; value: ProfileRecord; indexes: { byUpdatedAt: number } };
  settings: { key: string; value: Settings };
}

export type RehearseDatabase = IDBPDatabase<RehearseDB>;
type UpgradeTx = IDBPTransaction<RehearseDB, StoreNames<RehearseDB>[], 'versionchange'>;

/** upgrades[i] takes the database from version i to i + 1. */
export const upgrades: ((db: RehearseDatabase, tx: UpgradeTx) => void)[] = [
  // 0 → 1: the stores of the architecture map.
  (db) => {
    const documents = db.createObjectStore('documents', { keyPath: 'id' });
    documents.createIndex('bySession', 'sessionId');
    documents.createIndex('byProfile', 'profileId');
    documents.createIndex('byKind', 'kind');
    const chunks = db.createObjectStore('chunks', { keyPath: 'id' });
    chunks.createIndex('byNamespace', 'namespace');
    chunks.createIndex('byDocument', 'documentId');
    const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
    sessions.createIndex('byUpdatedAt', 'updatedAt');
    sessions.createIndex('byMode', 'mode');
    const messages = db.createObjectStore('messages', { keyPath: 'id' });
    messages.createIndex('bySession', 'sessionId');
    messages.createIndex('bySessionIndex', ['sessionId', 'index'], { unique: true });
    const profiles = db.createObjectStore('profiles', { keyPath: 'id' });
    profiles.createIndex('byUpdatedAt', 'updatedAt');
    db.createObjectStore('settings', { keyPath: 'id' });
  },
];

export interface OpenOptions {
  name?: string;
  /** Open at an older version (tests of upgrades). */
  version?: number;
  /** Another tab holds an older version open: tell the user to close it. */
  onBlocked?: () => void;
}

export async function openRehearseDB(options: OpenOptions = {}): Promise<RehearseDatabase> {
  const version = options.version ?? DB_VERSION;
  try {
    return await openDB<RehearseDB>(options.name ?? DB_NAME, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? version); v++) upgrades[v]?.(db, tx);
      },
      blocked() {
        options.onBlocked?.();
      },
      blocking(_current, _blocked, event) {
        // A newer tab wants to upgrade: close our connection so it can proceed.
        (event.target as IDBDatabase).close();
      },
    });
  } catch (cause) {
    throw storageError(cause, 'open');
  }
}

/** Deletes the whole database (Settings → Erase everything). */
export async function deleteRehearseDB(name = DB_NAME): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(storageError(request.error, 'delete'));
    // Blocked means another tab has it open; the delete completes when it closes.
    request.onblocked = () => resolve();
  });
}

export function storageError(cause: unknown, action: 'open' | 'write' | 'read' | 'delete'): AppError {
  if (cause instanceof AppError) return cause;
  if (isQuotaError(cause)) {
    return new AppError(
      'quota-exceeded',
      'This device has no room left for Rehearse to save. Delete downloaded models or old sessions (Settings → Data or Models), then try again. Nothing you had already saved was lost.',
      { cause },
    );
  }
  if (action === 'open') {
    return new AppError(
      'storage-unavailable',
      'Rehearse cannot use this browser’s storage (private browsing can block it). You can keep practising, but nothing will be saved when you close the tab.',
      { cause },
    );
  }
  return new AppError(
    'storage-write-failed',
    `Could not ${action === 'write' ? 'save' : action} your data. Please try again; if it keeps failing, check free space in Settings → Data.`,
    { cause },
  );
}
