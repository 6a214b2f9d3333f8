/**
 * Export, import and their checks, for Settings → Data. The user's data is theirs: export
 * writes everything but the API key into one file; import reads such a file, refuses a bad
 * one with its reason before anything changes, shows what would happen under "merge" and
 * "replace", and writes only what the user then chooses, all at once.
 */
import { describeContents, describeImport } from '../domain/backup/describe';
import { backupFileName, buildBackup, serializeBackup } from '../domain/backup/export';
import { checkBackupSize, parseBackup } from '../domain/backup/parse';
import { planImport, type ImportMode } from '../domain/backup/plan';
import type { BackupFile } from '../domain/backup/schema';
import type { BackupStore } from '../ports/backup-store';
import { AppError, toAppError } from '../domain/errors';

export interface DataServiceDeps {
  store: BackupStore;
  appVersion: string;
  now?: () => number;
  /** Settings may have been replaced: make the app read them again (SettingsStore.load). */
  reloadSettings: () => Promise<void>;
  /**
   * Imported documents arrive without chunks or vectors (they are never exported): this is
   * where the app re-indexes them. A failure here does not undo the import; it is reported.
   */
  onImported?: (documentIds: string[]) => void | Promise<void>;
}

export interface ExportResult {
  fileName: string;
  text: string;
  /** "2 interviews, 1 twin profile, …" */
  contents: string;
}

/** Something the user can pick: a File in the browser, anything with the same three members in tests. */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

export interface ImportPreview {
  fileName: string;
  exportedAt: number;
  appVersion: string;
  contents: string;
  /** What each choice would do to this device, one sentence per line. */
  outcomes: Record<ImportMode, string[]>;
  /** Replace would remove this device's API key (the backup's remote server is another one). */
  replaceRemovesKey: boolean;
  backup: BackupFile;
}

export interface ImportResult {
  mode: ImportMode;
  lines: string[];
  documentIds: string[];
  /** The import landed, but re-indexing its documents failed. */
  reindexError: AppError | null;
}

export class DataService {
  private readonly now: () => number;

  constructor(private readonly deps: DataServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async exportAll(): Promise<ExportResult> {
    const stored = await this.deps.store.readAll();
    const exportedAt = this.now();
    const file = buildBackup(stored, { appVersion: this.deps.appVersion, exportedAt });
    return { fileName: backupFileName(new Date(exportedAt)), text: serializeBackup(file), contents: describeContents(file.data) };
  }

  /** Reads and checks a file; nothing is written. Throws AppError('invalid-import' | 'file-unreadable') with the reason. */
  async readImport(file: PickedFile): Promise<ImportPreview> {
    checkBackupSize(file.size);
    let text: string;
    try {
      text = await file.text();
    } catch (cause) {
      throw new AppError(
        'file-unreadable',
        'The browser could not read that file. If it is on a network drive or in a cloud folder, copy it to this device first.',
        {
          cause,
        },
      );
    }
    const backup = parseBackup(text);
    const device = await this.deps.store.readAll();
    const replace = planImport(backup.data, device, 'replace').counts;
    return {
      fileName: file.name,
      exportedAt: backup.exportedAt,
      appVersion: backup.app.version,
      contents: describeContents(backup.data),
      outcomes: {
        merge: describeImport(planImport(backup.data, device, 'merge').counts),
        replace: describeImport(replace),
      },
      replaceRemovesKey: replace.settingsChanges.some((c) => c.kind === 'remote-address' && c.keyRemoved),
      backup,
    };
  }

  async applyImport(preview: ImportPreview, mode: ImportMode): Promise<ImportResult> {
    // Planned again against the device as it is now: another tab may have saved meanwhile.
    const plan = planImport(preview.backup.data, await this.deps.store.readAll(), mode);
    await this.deps.store.apply(plan);
    if (plan.settings) await this.deps.reloadSettings();
    const documentIds = plan.documents.map((d) => d.id);
    let reindexError: AppError | null = null;
    if (documentIds.length > 0 && this.deps.onImported) {
      try {
        await this.deps.onImported(documentIds);
      } catch (e) {
        reindexError = toAppError(
          e,
          'Your data was imported, but its documents could not be indexed for search yet. They will be indexed the next time you use them.',
        );
      }
    }
    return { mode, lines: describeImport(plan.counts, 'after'), documentIds, reindexError };
  }
}
