/**
 * Words typed on the twin's profile that are not (yet) in the database, kept in localStorage
 * (like the setup form's draft): it is written at once, even while the page is being closed,
 * when an IndexedDB write started then would be dropped.
 *
 * - The project being written in the editor: a project is only added to the profile by
 *   "Add project" / "Save project", where it is checked; the draft holds what is not checked
 *   yet. One per profile: the editor is open for one project at a time.
 * - Profile fields (name, instructions, resume) whose save had not finished when the page was
 *   hidden or closed: put back and saved when the profile is next opened.
 */
import type { ProfilePatch } from '../../app/twin/profile-editor-state.svelte';
import { readLocalJson, removeLocal, writeLocalJson } from '../../app/drafts/local-json';

export interface ProjectDraftText {
  /** The project being edited; absent for a new one. */
  projectId?: string;
  title: string;
  description: string;
  tags: string;
  link: string;
}

const KEY_PREFIX = 'rehearse-twin-project-draft:';
const UNSAVED_PREFIX = 'rehearse-twin-unsaved:';

/** Profile fields left unsaved when the page went away, or undefined. */
export function readUnsavedEdits(profileId: string, storage: Storage | undefined = globalThis.localStorage): ProfilePatch | undefined {
  const value = readLocalJson(UNSAVED_PREFIX + profileId, storage);
  if (!value || typeof value !== 'object') return undefined;
  const out: ProfilePatch = {};
  for (const field of ['name', 'systemPrompt', 'resume'] as const) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v === 'string') out[field] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function writeUnsavedEdits(profileId: string, edits: ProfilePatch, storage: Storage | undefined = globalThis.localStorage): void {
  writeLocalJson(UNSAVED_PREFIX + profileId, edits, storage);
}

export function clearUnsavedEdits(profileId: string, storage: Storage | undefined = globalThis.localStorage): void {
  removeLocal(UNSAVED_PREFIX + profileId, storage);
}

/** The profile's project draft, or undefined when there is none (or storage is blocked, or it is unreadable). */
export function readProjectDraft(profileId: string, storage: Storage | undefined = globalThis.localStorage): ProjectDraftText | undefined {
  const value = readLocalJson(KEY_PREFIX + profileId, storage);
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

export function writeProjectDraft(
  profileId: string,
  draft: ProjectDraftText,
  storage: Storage | undefined = globalThis.localStorage,
): void {
  writeLocalJson(KEY_PREFIX + profileId, draft, storage);
}

export function clearProjectDraft(profileId: string, storage: Storage | undefined = globalThis.localStorage): void {
  removeLocal(KEY_PREFIX + profileId, storage);
}
