/**
 * The twin profile's text fields (name, instructions, resume) as they are typed, kept by the one
 * `DraftKeeper` that also keeps the interview's answer box and the setup form: saved into the
 * profile once typing pauses, at once when the page is hidden or the fields go away, with a
 * rescue copy in Web Storage for a page that closes before IndexedDB finishes (put back and
 * saved when the profile is next opened).
 *
 * The keeper holds the whole form, but only the fields that changed since the last save are
 * written: an import finishing meanwhile (the resume, say) is never overwritten by the older
 * text of a field the user did not touch.
 */
import { DraftKeeper } from '../drafts/draft-keeper.svelte';
import type { PageEvents, SaveTimers } from '../drafts/debounced-save';
import type { ProfileEditorState, ProfilePatch } from './profile-editor-state.svelte';

/** The rescue copy's key; the same as before the keeper, so a copy left by an older version is found. */
export const profileRescueKey = (profileId: string): string => `rehearse-twin-unsaved:${profileId}`;

const FIELDS = ['name', 'systemPrompt', 'resume'] as const;

/** A rescue copy read back from Web Storage (untrusted: another version, a hand edit). */
export function parseProfileFields(raw: unknown): ProfilePatch | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const out: ProfilePatch = {};
  for (const field of FIELDS) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === 'string') out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function sameFields(a: ProfilePatch | undefined, b: ProfilePatch | undefined): boolean {
  return FIELDS.every((f) => a?.[f] === b?.[f]);
}

export interface ProfileFieldsDraftOptions {
  /** After each save: true when it landed, false when it failed (the editor shows the error). */
  onSaved?: (ok: boolean) => void;
  delayMs?: number;
  timers?: SaveTimers;
  storage?: Storage;
}

export class ProfileFieldsDraft {
  readonly #keeper: DraftKeeper<ProfilePatch>;
  /** The fields as last written (or as opened): what a save compares against. */
  #written: ProfilePatch;

  constructor(editor: ProfileEditorState, profile: ProfilePatch & { id: string }, options: ProfileFieldsDraftOptions = {}) {
    const id = profile.id;
    this.#written = { name: profile.name, systemPrompt: profile.systemPrompt, resume: profile.resume };
    this.#keeper = new DraftKeeper<ProfilePatch>({
      key: profileRescueKey(id),
      parse: parseProfileFields,
      same: sameFields,
      save: async (fields) => {
        const patch: ProfilePatch = {};
        for (const f of FIELDS) if (fields?.[f] !== undefined && fields[f] !== this.#written[f]) patch[f] = fields[f];
        if (Object.keys(patch).length === 0) return;
        const ok = await editor.updateProfile(patch, id);
        options.onSaved?.(ok);
        if (!ok) throw new Error('not saved'); // the keeper keeps the rescue copy; the editor shows why
        this.#written = { ...this.#written, ...patch };
      },
      ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}),
      ...(options.timers ? { timers: options.timers } : {}),
      ...(options.storage ? { storage: options.storage } : {}),
    });
  }

  /** What the fields show when they open: the rescue copy a closing page left (saved now), else undefined. */
  restore(): ProfilePatch | undefined {
    const opened = { ...this.#written };
    const shown = this.#keeper.restore(opened);
    return shown === opened ? undefined : shown;
  }

  /** The fields changed. A blank name is left out (the next letters are coming). */
  change(fields: Required<ProfilePatch>): void {
    const { name, ...rest } = fields;
    this.#keeper.change(name.trim() === '' ? rest : fields);
  }

  /** The field was set by something other than typing (an import, Reset): already saved as it is. */
  written(patch: ProfilePatch): void {
    this.#written = { ...this.#written, ...patch };
  }

  flush(): Promise<void> {
    return this.#keeper.flush();
  }

  watchPage(page?: PageEvents): () => void {
    return this.#keeper.watchPage(page);
  }
}
