/**
 * What the backup logic needs from storage, named here so the domain can describe it and
 * adapters (IndexedDB, in-memory) can implement it without the domain knowing them.
 */
import type { ImportPlan } from '../domain/backup/plan';
import type { StoredData } from '../domain/backup/stored-data';

export interface BackupStore {
  readAll(): Promise<StoredData>;
  /** Writes the plan all at once: either every change lands or none does. */
  apply(plan: ImportPlan): Promise<void>;
}
