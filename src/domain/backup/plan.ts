/**
 * Decides what an import writes, before anything is written, so the user sees a summary
 * and chooses:
 *
 * - merge: records are matched by id. A record new to this device is added; one the backup
 *   has a newer version of (by `updatedAt`) replaces this device's, together with its
 *   messages and documents; one that is as new or newer here is kept. Settings stay as they are.
 * - replace: everything on this device is cleared and the backup's records written; settings
 *   come from the backup, made safe by `settingsFromBackup` (addresses checked, acknowledged
 *   hosts not taken, this device's API key kept only for the same server, never sent elsewhere).
 * In both modes no key ever comes from a file.
 *
 * Messages and documents always travel with their interview or profile, so a conversation
 * is never half from one device and half from another.
 */
import type { DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../records';
import type { BackupData } from './schema';
import { settingsFromBackup, type SettingsChange } from './settings-import';
import type { StoredData } from './stored-data';

export type ImportMode = 'merge' | 'replace';

export interface RecordCounts {
  added: number;
  updated: number;
  /** Present in the backup, but this device's copy is as new or newer. */
  kept: number;
}

export interface ImportCounts {
  interviews: RecordCounts;
  twinConversations: RecordCounts;
  profiles: RecordCounts;
  documents: number;
  messages: number;
  /** Messages or documents whose interview or profile is not in the backup. */
  skippedOrphans: number;
  settings: 'replaced' | 'kept';
  /** Replace: what the backup's settings change about where text, the key and model downloads go. */
  settingsChanges: SettingsChange[];
  /** Replace mode: records on this device that are not in the backup and will be deleted. */
  removed: number;
}

export interface ImportPlan {
  mode: ImportMode;
  /** Replace: clear sessions, messages, documents, chunks, profiles and jobs first. */
  clearAll: boolean;
  /** Merge: existing sessions whose messages, documents and chunks are removed before the backup's are written. */
  replaceChildrenOfSessions: string[];
  /** Merge: existing profiles whose documents and chunks are removed first. */
  replaceDocumentsOfProfiles: string[];
  sessions: SessionRecord[];
  messages: MessageRecord[];
  documents: DocumentRecord[];
  profiles: ProfileRecord[];
  /** Jobs' requirement lists: merged by id and `updatedAt` like the rest (coverage itself is recomputed from the sessions). */
  jobs: JobRecord[];
  /** The settings record to write, or null to leave settings alone. */
  settings: Settings | null;
  counts: ImportCounts;
}

const emptyCounts = (): RecordCounts => ({ added: 0, updated: 0, kept: 0 });

interface Dated {
  id: string;
  updatedAt: number;
}

/** Which incoming records to write, and which of them replace an existing one. */
function pickNewer<T extends Dated>(incoming: T[], existing: T[], mode: ImportMode, count: (r: T) => RecordCounts) {
  const onDevice = new Map(existing.map((r) => [r.id, r]));
  const taken: T[] = [];
  const replacing: string[] = [];
  for (const record of incoming) {
    const current = mode === 'merge' ? onDevice.get(record.id) : undefined;
    if (!current) {
      count(record).added++;
      taken.push(record);
    } else if (record.updatedAt > current.updatedAt) {
      count(record).updated++;
      taken.push(record);
      replacing.push(record.id);
    } else {
      count(record).kept++;
    }
  }
  return { taken, replacing };
}

export function planImport(backup: BackupData, device: StoredData, mode: ImportMode): ImportPlan {
  const interviews = emptyCounts();
  const twinConversations = emptyCounts();
  const profileCounts = emptyCounts();

  const sessions = pickNewer(backup.sessions, device.sessions, mode, (s) => (s.mode === 'twin' ? twinConversations : interviews));
  const profiles = pickNewer(backup.profiles, device.profiles, mode, () => profileCounts);
  const jobs = pickNewer(backup.jobs ?? [], device.jobs, mode, emptyCounts);

  const takenSessions = new Set(sessions.taken.map((s) => s.id));
  const takenProfiles = new Set(profiles.taken.map((p) => p.id));
  const backupSessions = new Set(backup.sessions.map((s) => s.id));
  const backupProfiles = new Set(backup.profiles.map((p) => p.id));
  const deviceDocuments = new Set(device.documents.map((d) => d.id));
  let skippedOrphans = 0;

  const messages = backup.messages.filter((m) => {
    if (!backupSessions.has(m.sessionId)) skippedOrphans++;
    return takenSessions.has(m.sessionId);
  });

  const documents = backup.documents.filter((d) => {
    if (d.sessionId !== undefined) {
      if (!backupSessions.has(d.sessionId)) skippedOrphans++;
      return takenSessions.has(d.sessionId);
    }
    if (d.profileId !== undefined) {
      if (!backupProfiles.has(d.profileId)) skippedOrphans++;
      return takenProfiles.has(d.profileId);
    }
    // A document that belongs to nothing: add it if this device lacks it.
    return mode === 'replace' || !deviceDocuments.has(d.id);
  });

  const imported = mode === 'replace' && backup.settings ? settingsFromBackup(backup.settings, device.settings) : null;
  const settings = imported?.settings ?? null;

  const removed =
    mode === 'replace'
      ? device.sessions.filter((s) => !backupSessions.has(s.id)).length + device.profiles.filter((p) => !backupProfiles.has(p.id)).length
      : 0;

  return {
    mode,
    clearAll: mode === 'replace',
    replaceChildrenOfSessions: sessions.replacing,
    replaceDocumentsOfProfiles: profiles.replacing,
    sessions: sessions.taken,
    messages,
    documents,
    profiles: profiles.taken,
    jobs: jobs.taken,
    settings,
    counts: {
      interviews,
      twinConversations,
      profiles: profileCounts,
      documents: documents.length,
      messages: messages.length,
      skippedOrphans,
      settings: settings ? 'replaced' : 'kept',
      settingsChanges: imported?.changes ?? [],
      removed,
    },
  };
}
