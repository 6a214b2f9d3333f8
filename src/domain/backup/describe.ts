/** Plain sentences about a backup and an import, for the summary the user confirms. */
import type { BackupData } from './schema';
import type { ImportCounts, RecordCounts } from './plan';
import type { SettingsChange } from './settings-import';

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function joinList(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** "3 interviews, 1 twin conversation, 1 twin profile, 4 documents and settings". */
export function describeContents(data: BackupData): string {
  const interviews = data.sessions.filter((s) => s.mode === 'practice').length;
  const conversations = data.sessions.length - interviews;
  const parts = [
    plural(interviews, 'interview'),
    plural(conversations, 'twin conversation'),
    plural(data.profiles.length, 'twin profile'),
    plural(data.documents.length, 'document'),
  ];
  if (data.settings) parts.push('settings');
  return joinList(parts);
}

function describeCounts(counts: RecordCounts, one: string, many: string): string | null {
  const bits: string[] = [];
  if (counts.added > 0) bits.push(`${plural(counts.added, one, many)} added`);
  if (counts.updated > 0) bits.push(`${plural(counts.updated, one, many)} updated`);
  if (counts.kept > 0) bits.push(`${plural(counts.kept, one, many)} already up to date`);
  return bits.length > 0 ? bits.join(', ') : null;
}

/** One line per kind of record: what the import writes (or wrote). */
export function describeImport(counts: ImportCounts, when: 'before' | 'after' = 'before'): string[] {
  const lines = [
    describeCounts(counts.interviews, 'interview', 'interviews'),
    describeCounts(counts.twinConversations, 'twin conversation', 'twin conversations'),
    describeCounts(counts.profiles, 'twin profile', 'twin profiles'),
  ].filter((l): l is string => l !== null);
  if (counts.documents > 0) lines.push(`${plural(counts.documents, 'document')} (searchable again after re-indexing)`);
  if (counts.skippedOrphans > 0)
    lines.push(
      `${plural(counts.skippedOrphans, 'message or document', 'messages or documents')} skipped: what they belong to is not in the file`,
    );
  if (counts.removed > 0)
    lines.push(
      `${plural(counts.removed, 'interview, conversation or profile', 'interviews, conversations or profiles')} on this device but not in the file ${when === 'before' ? 'will be' : 'were'} deleted`,
    );
  const keyRemoved = counts.settingsChanges.some((c) => c.kind === 'remote-address' && c.keyRemoved);
  lines.push(
    counts.settings === 'replaced'
      ? `Settings ${when === 'before' ? 'replaced' : 'were replaced'} by the backup’s${keyRemoved ? '' : ' (your API key stays as it is)'}`
      : 'Your settings stay as they are',
  );
  lines.push(...counts.settingsChanges.map((c) => describeSettingsChange(c, when)));
  if (lines.length === 1) lines.unshift('Nothing new: everything in the file is already here');
  return lines;
}

/** An address from a file is shown, never trusted to be short or tidy. */
function shown(address: string): string {
  const oneLine = address.replace(/\s+/g, ' ').trim();
  return oneLine.length > 120 ? `${oneLine.slice(0, 119)}…` : oneLine;
}

/** One sentence per change to where the key, the interview text or model downloads go. */
export function describeSettingsChange(change: SettingsChange, when: 'before' | 'after' = 'before'): string {
  const future = when === 'before';
  switch (change.kind) {
    case 'remote-address':
      return change.keyRemoved
        ? `The remote engine’s address ${future ? 'changes' : 'changed'} from ${shown(change.from)} to ${shown(change.to)}. Your API key ${future ? 'is' : 'was'} removed from this device, not sent there: it was saved for ${shown(change.from)}. To use ${shown(change.to)}, enter its key in Settings → Engine.`
        : `The remote engine’s address ${future ? 'changes' : 'changed'} from ${shown(change.from)} to ${shown(change.to)}.`;
    case 'remote-address-refused':
      return `The backup’s remote engine address “${shown(change.address)}” ${future ? 'is' : 'was'} not used: ${change.reason} This device’s address (${shown(change.kept)}) stays.`;
    case 'sends-text-to':
      return `Interviews and twin conversations will be sent to ${shown(change.host)}${change.askFirst ? '; Rehearse asks you before the first message goes there' : ''}.`;
    case 'model-host':
      return `Search and speech models will be downloaded from ${shown(change.to)} (the backup’s model host).`;
    case 'model-host-refused':
      return `The backup’s model host “${shown(change.address)}” ${future ? 'is' : 'was'} not used: ${change.reason}`;
  }
}
