/**
 * The one IndexedDB database, "rehearse". Every schema version has an upgrade step;
 * `upgrades[n]` migrates a database at version n to n+1. Tests open databases created by
 * every earlier version (test/unit/adapters/storage/db-upgrade.test.ts) and check nothing is lost.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ChunkRecord, DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../domain/records';
import { jobKeyOf } from '../../domain/coaching/job-key';
import { sessionSummaryOf, type SessionSummary } from '../../domain/session-summary';
import { AppError, isQuotaError } from '../../domain/errors';
import type { StorageClosedReason } from '../../ports/repositories';

export const DB_NAME = 'rehearse';
export const DB_VERSION = 4;

export interface RehearseDB extends DBSchema {
  documents: { key: string; value: DocumentRecord; indexes: { bySession: string; byProfile: string; byKind: string } };
  chunks: { key: string; value: ChunkRecord; indexes: { byNamespace: string; byDocument: string } };
  sessions: { key: string; value: SessionRecord; indexes: { byUpdatedAt: number; byMode: string; byJob: string } };
  messages: { key: string; value: MessageRecord; indexes: { bySession: string; bySessionIndex: [string, number] } };
  profiles: { key: string; value: ProfileRecord; indexes: { byUpdatedAt: number } };
  settings: { key: string; value: Settings };
  /** v2: one record per job description (its requirements), keyed by `jobKeyOf` the description. */
  jobs: { key: string; value: JobRecord; indexes: { byUpdatedAt: number } };
  /**
   * v3: one small summary per session (`sessionSummaryOf`), written in the same transaction as
   * the session, so History lists and charts without reading whole records. Derived data.
   */
  sessionSummaries: { key: string; value: SessionSummary; indexes: { byUpdatedAt: number } };
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
  // 1 → 2 (issue 16, coverage): the jobs store, sessions by job, and `jobKey` on every practice
  // session saved before, so earlier interviews count in their job's coverage.
  (db, tx) => {
    const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
    jobs.createIndex('byUpdatedAt', 'updatedAt');
    const sessions = tx.objectStore('sessions');
    sessions.createIndex('byJob', 'jobKey');
    // Only IndexedDB requests run here (the key is a synchronous hash), so the version-change
    // transaction stays open until the last session is written, and the open waits for it.
    void (async () => {
      for (let cursor = await sessions.openCursor(); cursor; cursor = await cursor.continue()) {
        const session = cursor.value;
        const description = session.setup?.jobDescription;
        if (session.mode === 'practice' && session.jobKey === undefined && description) {
          await cursor.update({ ...session, jobKey: jobKeyOf(description) });
        }
      }
      // A failed write aborts the upgrade's transaction, and the open reports that failure.
    })().catch(() => undefined);
  },
  // 2 → 3 (issue 16, History with 1,000 interviews): the session summaries, backfilled from
  // every session. From a v1 database this runs beside the jobKey backfill above; the summary
  // derives the same key from the description, so the order of the two does not matter.
  (db, tx) => {
    const summaries = db.createObjectStore('sessionSummaries', { keyPath: 'id' });
    summaries.createIndex('byUpdatedAt', 'updatedAt');
    rebuildSummaries(tx);
  },
  // 3 → 4 (issue 16, Home's drill line from summaries): summaries gain each question's id,
  // source and score, and the interviewer style; every one is written again. From v1 or v2 this
  // runs beside the step above, which writes the same summaries.
  (_db, tx) => rebuildSummaries(tx),
];

/** Writes every session's summary again, inside the upgrade's transaction (which the open waits for). */
function rebuildSummaries(tx: UpgradeTx): void {
  const sessions = tx.objectStore('sessions');
  const summaries = tx.objectStore('sessionSummaries');
  void (async () => {
    for (let cursor = await sessions.openCursor(); cursor; cursor = await cursor.continue()) {
      await summaries.put(sessionSummaryOf(cursor.value));
    }
    // A failed write aborts the upgrade's transaction, and the open reports that failure.
  })().catch(() => undefined);
}

export interface OpenOptions {
  name?: string;
  /** Open at an older version (tests of upgrades). */
  version?: number;
  /** Another tab holds an older version open and does not let go: this open waits for it. */
  onBlocked?: () => void;
  /** The connection closed under us (erase or upgrade in another tab, or the browser): remembered for later errors. */
  onClosed?: (reason: StorageClosedReason) => void;
}

// Why each connection we opened was closed. Writes to a closed connection fail with an error
// that says so (`storage-closed`) instead of the generic "could not save".
const closedConnections = new WeakMap<object, StorageClosedReason>();
// The same for callers that do not pass their connection to `storageError` (one database per app).
let lastClosed: StorageClosedReason | undefined;
// Names of databases this tab is erasing: its own connection then closes as `erased-here`.
const erasingHere = new Set<string>();

/** Why `db` was closed under us, or undefined while it is open. */
function closedReason(db: RehearseDatabase): StorageClosedReason | undefined {
  return closedConnections.get(db);
}

export async function openRehearseDB(options: OpenOptions = {}): Promise<RehearseDatabase> {
  const name = options.name ?? DB_NAME;
  const version = options.version ?? DB_VERSION;
  let db: RehearseDatabase | undefined;
  const closed = (reason: StorageClosedReason) => {
    if (!db || closedConnections.has(db)) return;
    closedConnections.set(db, reason);
    lastClosed = reason;
    options.onClosed?.(reason);
  };
  try {
    db = await openDB<RehearseDB>(name, version, {
      upgrade(database, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? version); v++) upgrades[v]?.(database, tx);
      },
      blocked() {
        options.onBlocked?.();
      },
      blocking(_current, newVersion, event) {
        // Another tab (or this one) deletes the database (no new version) or opens a newer
        // version: close so it can proceed, and remember why for the next write.
        (event.target as IDBDatabase).close();
        closed(newVersion === null ? (erasingHere.has(name) ? 'erased-here' : 'erased') : 'upgraded');
      },
      terminated() {
        // The browser closed it (site data cleared, storage failure).
        closed('lost');
      },
    });
    return db;
  } catch (cause) {
    throw storageError(cause, 'open');
  }
}

/** Deletes the whole database (Settings → Erase everything). */
export async function deleteRehearseDB(name = DB_NAME): Promise<void> {
  erasingHere.add(name);
  try {
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(storageError(request.error, 'delete'));
      // Blocked means another tab has it open; the delete completes when it closes.
      request.onblocked = () => resolve();
    });
  } finally {
    // Our own connection has been told by now (versionchange fires before the delete proceeds).
    erasingHere.delete(name);
  }
}

const CLOSED_MESSAGES: Record<StorageClosedReason, string> = {
  erased: 'Rehearse’s data was erased in another tab, so this tab can no longer save. Reload the page to start again.',
  'erased-here': 'Rehearse’s data was erased. Reload the page to start again.',
  upgraded: 'A newer version of Rehearse is open in another tab, so this tab can no longer save. Reload this tab to keep going.',
  lost: 'The browser closed Rehearse’s storage, so this tab can no longer save. Reload the page to keep going.',
};

function storageClosedError(reason: StorageClosedReason, cause?: unknown): AppError {
  return new AppError('storage-closed', CLOSED_MESSAGES[reason], { ...(cause === undefined ? {} : { cause }), details: { reason } });
}

/**
 * The AppError for a failed storage call. With `db`, a failure after that connection was closed
 * under us says why; without it, a closed-connection failure (InvalidStateError) after any
 * close in this tab does.
 */
export function storageError(cause: unknown, action: 'open' | 'write' | 'read' | 'delete', db?: RehearseDatabase): AppError {
  if (cause instanceof AppError) return cause;
  const closed = db ? closedReason(db) : isClosedConnection(cause) ? lastClosed : undefined;
  if (closed) return storageClosedError(closed, cause);
  if (isQuotaError(cause)) {
    return new AppError(
      'quota-exceeded',
      'This device has no room left for Rehearse to save. Delete downloaded models or old sessions (Settings → Data or Models), then try again. Nothing you had already saved was lost.',
      { cause },
    );
  }
  if (action === 'open' && (cause as { name?: unknown } | null)?.name === 'VersionError') {
    // A newer version of Rehearse upgraded the database while this tab still runs the old one.
    return new AppError(
      'storage-unavailable',
      'A newer version of Rehearse has updated your saved data, and this tab still runs the older one. Close every Rehearse tab, then open it again. You can keep practising here, but nothing will be saved.',
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

function isClosedConnection(cause: unknown): boolean {
  return typeof cause === 'object' && cause !== null && (cause as { name?: unknown }).name === 'InvalidStateError';
}
