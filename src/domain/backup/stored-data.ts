/**
 * Everything stored on this device that a backup covers. Its own file so that the import
 * planner (`plan.ts`) and the storage port (`store.ts`) can both name it without importing
 * each other.
 */
import type { DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../records';

/** Settings are as stored, key included: export drops it, import keeps this device's. */
export interface StoredData {
  sessions: SessionRecord[];
  messages: MessageRecord[];
  documents: DocumentRecord[];
  profiles: ProfileRecord[];
  settings: Settings | null;
  /** Job descriptions' requirements (coverage). */
  jobs: JobRecord[];
}
