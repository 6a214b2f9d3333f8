/**
 * The project being written in the twin's editor, kept in localStorage (like the setup form's
 * draft): it is written at once, even while the page is being closed, when an IndexedDB write
 * started then would be dropped. A project is only added to the profile by "Add project" /
 * "Save project", where it is checked; the draft holds what is not checked yet. One per
 * profile: the editor is open for one project at a time. (The profile's own fields are kept
 * by app/twin/profile-fields-draft.ts.)
 */
import { readLocalJson, removeLocal } from '../../app/drafts/local-json';

export interface ProjectDraftText {
  /** The project being edited; absent for a new one. */
  projectId?: string;
  title: string;
  description: string;
  tags: string;
  link: string;
}

const KEY_PREFIX = 'rehearse-twin-project-draft:';

/** The localStorage key of a profile's project draft (the editor's DraftKeeper writes it). */
export const projectDraftKey = (profileId: string): string => KEY_PREFIX + profileId;

/** A project draft read back from localStorage: untrusted (another version, a hand edit), so checked. */
export function parseProjectDraft(value: unknown): ProjectDraftText | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    ...(typeof record.projectId === 'string' ? { projectId: record.projectId } : {}),
    title: text(record.title),
    description: text(record.description),
    tags: text(record.tags),
    link: text(record.link),
  };
}

/** The profile's project draft, or undefined when there is none (or storage is blocked, or it is unreadable). */
export function readProjectDraft(profileId: string, storage: Storage | undefined = globalThis.localStorage): ProjectDraftText | undefined {
  return parseProjectDraft(readLocalJson(projectDraftKey(profileId), storage));
}

export function clearProjectDraft(profileId: string, storage: Storage | undefined = globalThis.localStorage): void {
  removeLocal(KEY_PREFIX + profileId, storage);
}
