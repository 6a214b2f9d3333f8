/**
 * Builds the backup file from what is stored. Only the record lists and settings are
 * copied; the API key is removed in both its forms, and chunks/vectors are not included.
 */
import type { Settings } from '../records';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupFile, type BackupSettings } from './schema';
import type { StoredData } from './stored-data';

export function settingsForBackup(settings: Settings): BackupSettings {
  const { apiKey: _plain, encryptedApiKey: _encrypted, ...remote } = settings.remote;
  return { ...settings, remote };
}

export function buildBackup(stored: StoredData, meta: { appVersion: string; exportedAt: number }): BackupFile {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: meta.exportedAt,
    app: { version: meta.appVersion },
    data: {
      sessions: stored.sessions,
      messages: stored.messages,
      documents: stored.documents,
      profiles: stored.profiles,
      settings: stored.settings ? settingsForBackup(stored.settings) : null,
      jobs: stored.jobs,
    },
  };
}

export function serializeBackup(file: BackupFile): string {
  return JSON.stringify(file, null, 1);
}

/** rehearse-backup-YYYY-MM-DD.json, in the user's local date (the day they see on their calendar). */
export function backupFileName(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `rehearse-backup-${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}.json`;
}
