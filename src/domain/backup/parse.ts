/**
 * Reads a backup file and refuses anything that is not a complete, valid backup this build
 * understands, with a reason the user can act on. Nothing is written here: validation
 * happens before the user is even asked whether to merge or replace.
 */
import type { z } from 'zod';
import { AppError } from '../errors';
import { BACKUP_FORMAT, BACKUP_VERSION, backupFileSchema, envelopeSchema, type BackupFile } from './schema';

/** Larger files are refused before reading: no real backup comes near it, and reading one would stall the tab. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

const TWIN_PACK_FORMAT = 'rehearse-twin-pack';

function refuse(reason: string, details: Record<string, unknown> = {}): never {
  throw new AppError('invalid-import', `${reason} Nothing was imported.`, { details: { reason, ...details } });
}

/** Words a user knows for each part of the file. */
const STORE_WORDS: Record<string, string> = {
  sessions: 'interview or conversation',
  messages: 'message',
  documents: 'document',
  profiles: 'twin profile',
  settings: 'settings',
};

function describeIssue(issue: z.core.$ZodIssue): string {
  const [root, store, index, ...rest] = issue.path;
  if (root === 'data' && typeof store === 'string' && typeof index === 'number') {
    const field = rest.length > 0 ? ` (field “${rest.join('.')}”)` : '';
    return `${STORE_WORDS[store] ?? store} number ${index + 1} is damaged${field}: ${issue.message}.`;
  }
  if (root === 'data' && typeof store === 'string') return `the ${STORE_WORDS[store] ?? store} part is damaged: ${issue.message}.`;
  return `“${issue.path.join('.') || 'the file'}” is damaged: ${issue.message}.`;
}

export function checkBackupSize(bytes: number): void {
  if (bytes === 0) refuse('This file is empty.');
  if (bytes > MAX_BACKUP_BYTES)
    refuse(`This file is ${Math.round(bytes / 1024 / 1024)} MB, far larger than any Rehearse backup; it is probably not one.`);
}

export function parseBackup(raw: string): BackupFile {
  // A file re-saved by a Windows editor may start with a byte-order mark, which JSON.parse rejects.
  const text = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (text.trim() === '') refuse('This file is empty.');

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    const looksLikeJson = /^\s*[[{]/.test(text);
    refuse(
      looksLikeJson
        ? 'This backup is incomplete or damaged (it ends too early or has broken text), so it cannot be read. Export it again from the original device.'
        : 'This is not a Rehearse backup file (it is not JSON). Choose a file named like rehearse-backup-2025-01-31.json.',
    );
  }

  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) refuse('This is not a Rehearse backup file. Choose a file named like rehearse-backup-2025-01-31.json.');
  const { format, version } = envelope.data;
  if (format === TWIN_PACK_FORMAT) refuse('This is a twin profile file, not a full backup. Import it on the Twin screen instead.');
  if (format !== BACKUP_FORMAT) refuse('This is not a Rehearse backup file (it belongs to something else).', { format });
  if (!Number.isInteger(version) || version < 1)
    refuse('This backup has an unknown version number, so it cannot be read safely.', { version });
  if (version > BACKUP_VERSION) {
    refuse(
      `This backup was made by a newer version of Rehearse (file version ${version}; this one reads up to ${BACKUP_VERSION}). Reload Rehearse to update it, then import again.`,
      { version },
    );
  }

  const parsed = backupFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const reason = first ? describeIssue(first) : 'the file does not have the expected shape.';
    refuse(`Part of this backup is damaged, so none of it was used: ${reason}`, { issues: parsed.error.issues.length });
  }
  const file = parsed.data as unknown as BackupFile;
  checkUnique(file);
  if (file.data.settings) file.data.settings = withoutKey(file.data.settings);
  return file;
}

/** Ids must be unique per store, and so must a message's place in its conversation (an index of the database). */
function checkUnique(file: BackupFile): void {
  const stores = ['sessions', 'messages', 'documents', 'profiles'] as const;
  for (const store of stores) {
    const seen = new Set<string>();
    for (const record of file.data[store]) {
      if (seen.has(record.id)) refuse(`Part of this backup is damaged: the ${STORE_WORDS[store]} “${record.id}” appears twice.`);
      seen.add(record.id);
    }
  }
  const places = new Set<string>();
  for (const m of file.data.messages) {
    const place = `${m.sessionId}\u0000${m.index}`;
    if (places.has(place)) refuse(`Part of this backup is damaged: two messages claim place ${m.index + 1} in the same conversation.`);
    places.add(place);
  }
}

/** A file written by hand could carry a key; this device's own key is never replaced by an import. */
function withoutKey<T extends { remote?: object }>(settings: T): T {
  if (!settings.remote) return settings;
  const { apiKey: _plain, encryptedApiKey: _encrypted, ...remote } = settings.remote as Record<string, unknown>;
  return { ...settings, remote };
}
