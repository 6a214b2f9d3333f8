/**
 * What the backup logic needs from storage, named here so the domain can describe it and
 * adapters (IndexedDB, in-memory) can implement it without the domain knowing them.
 */
import type { DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../records';
import type { ImportPlan } from './plan';

/** Everything stored on this device that a backup covers (settings with the key, as stored). */
export interface StoredData {
  sessions: SessionRecord[];
  messages: MessageRecord[];
  documents: DocumentRecord[];
  profiles: ProfileRecord[];
  settings: Settings | null;
}

export interface BackupStore {
  readAll(): Promise<StoredData>;
  /** Writes the plan all at once: either every change lands or none does. */
  apply(plan: ImportPlan): Promise<void>;
}
