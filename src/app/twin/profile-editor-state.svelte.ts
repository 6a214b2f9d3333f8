/**
 * The twin's profile side as the screen sees it: the profiles, the open one, the notice and
 * error of the last change, and the proposed-questions request. Everything is read-only from
 * outside; screens call methods. Changes run one after another (see `#guard`), each on the
 * profile as the previous one left it, so an import finishing after a typed save never writes
 * the older text back.
 *
 * `$state.raw`: profiles are replaced, never mutated in place, so they stay plain objects that
 * IndexedDB can store.
 */
import type { ProjectDraft } from '../../domain/twin/projects';
import { describeSkipped, type SkippedLine } from '../../domain/twin/qa-csv';
import type { TwinProfile } from '../../domain/twin/types';
import { AppError, toAppError } from '../../domain/errors';
import type { ProfileEditor } from './profile-editor';
import { DEFAULT_TWIN_PROMPT } from './twin-prompts';

/** The profile fields edited as text. */
export type ProfilePatch = Partial<Pick<TwinProfile, 'name' | 'systemPrompt' | 'resume'>>;

export interface ImportNotice {
  kind: 'ok' | 'warn';
  text: string;
  skipped?: SkippedLine[];
}

export interface ProfileEditorOptions {
  /** Another profile was opened (or none is left): the conversation side follows. */
  onOpened?: (profile: TwinProfile | undefined) => Promise<void> | void;
}

export class ProfileEditorState {
  #profiles = $state.raw<TwinProfile[]>([]);
  #openId = $state<string | undefined>(undefined);
  #error = $state<AppError | undefined>(undefined);
  #notice = $state<ImportNotice | undefined>(undefined);
  #proposing = $state(false);
  /** The profile change in progress (see #guard). */
  #work: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly editor: ProfileEditor,
    private readonly options: ProfileEditorOptions = {},
  ) {}

  get profiles(): readonly TwinProfile[] {
    return this.#profiles;
  }
  /** The open profile, as last saved. */
  get profile(): TwinProfile | undefined {
    return this.#profiles.find((p) => p.id === this.#openId);
  }
  /** Errors from profile edits and imports, shown on the profile side. */
  get error(): AppError | undefined {
    return this.#error;
  }
  get notice(): ImportNotice | undefined {
    return this.#notice;
  }
  get proposing(): boolean {
    return this.#proposing;
  }

  /** Loads the profiles and opens `profileId`, else the most recent one. */
  async load(profileId?: string): Promise<void> {
    this.#profiles = await this.editor.listProfiles();
    const chosen = this.#profiles.find((p) => p.id === profileId) ?? this.#profiles[0];
    await this.#open(chosen?.id);
  }

  async select(id: string): Promise<void> {
    if (this.#profiles.some((p) => p.id === id)) await this.#open(id);
  }

  async newProfile(name = 'My twin'): Promise<void> {
    await this.#guard(async () => {
      const profile = await this.editor.createProfile(name);
      this.#profiles = [profile, ...this.#profiles];
      await this.#open(profile.id);
    });
  }

  async deleteProfile(): Promise<void> {
    await this.#guard(async () => {
      const profile = this.profile;
      if (!profile) return;
      await this.editor.deleteProfile(profile.id);
      this.#profiles = this.#profiles.filter((p) => p.id !== profile.id);
      await this.#open(this.#profiles[0]?.id);
    });
  }

  /**
   * Saves edited fields (name, prompt, resume) of the profile `id` (the open one by default):
   * a save that lands after the user switched profiles still goes to the profile it was typed
   * into. True when saved. Import notices stay (typing is not a reason to hide them).
   */
  async updateProfile(patch: ProfilePatch, id = this.#openId): Promise<boolean> {
    if (id === undefined) return false;
    return this.#guard(
      async () => {
        const base = this.#profiles.find((p) => p.id === id);
        if (!base) return; // deleted meanwhile: nothing to save into
        this.#replace(await this.editor.saveProfile({ ...base, ...patch }));
      },
      { keepNotice: true },
    );
  }

  async resetPrompt(): Promise<boolean> {
    return this.updateProfile({ systemPrompt: DEFAULT_TWIN_PROMPT });
  }

  async importQaCsv(file: File): Promise<void> {
    await this.#withProfile(async (profile) => {
      const { profile: next, report } = await this.editor.importQaCsv(profile, file);
      this.#replace(next);
      const kept = `Imported ${report.pairs.length.toLocaleString('en')} ${report.pairs.length === 1 ? 'answer' : 'answers'} from “${file.name}”.`;
      this.#notice =
        report.skipped.length > 0
          ? { kind: 'warn', text: `${kept} ${describeSkipped(report.skipped)}`, skipped: report.skipped }
          : { kind: 'ok', text: kept };
    });
  }

  async importResume(file: File): Promise<void> {
    await this.#withProfile(async (profile) => {
      this.#replace(await this.editor.importResume(profile, file));
      this.#notice = { kind: 'ok', text: `Resume imported from “${file.name}”.` };
    });
  }

  async saveProject(draft: ProjectDraft, id?: string): Promise<boolean> {
    if (!this.profile) return false;
    return this.#withProfile(async (profile) => this.#replace(await this.editor.upsertProject(profile, draft, id)), true);
  }

  async deleteProject(id: string): Promise<void> {
    await this.#withProfile(async (profile) => this.#replace(await this.editor.deleteProject(profile, id)));
  }

  async importProjects(files: File[]): Promise<void> {
    if (files.length === 0) return;
    await this.#withProfile(async (profile) => {
      const { profile: next, failed } = await this.editor.importProjects(profile, files);
      this.#replace(next);
      const added = files.length - failed.length;
      const text = `Added ${added} ${added === 1 ? 'project' : 'projects'}.`;
      this.#notice =
        failed.length > 0
          ? { kind: 'warn', text: `${text} Not added: ${failed.map((f) => `${f.file} (${f.reason})`).join('; ')}` }
          : { kind: 'ok', text };
    });
  }

  exportPack(): { fileName: string; json: string } | undefined {
    const profile = this.profile;
    return profile ? this.editor.exportPack(profile) : undefined;
  }

  async importPack(file: File): Promise<void> {
    await this.#guard(async () => {
      const profile = await this.editor.importPack(file);
      this.#profiles = [profile, ...this.#profiles];
      await this.#open(profile.id);
      this.#notice = { kind: 'ok', text: `Imported the profile “${profile.name}”.` };
    });
  }

  /** Asks the model for questions from the resume, once per profile. */
  async proposeQuestions(): Promise<void> {
    const profile = this.profile;
    if (!profile || this.#proposing) return;
    this.#proposing = true;
    try {
      this.#replace(await this.editor.proposeQuestions(profile));
    } catch (error) {
      this.#error = toAppError(error);
    } finally {
      this.#proposing = false;
    }
  }

  async #open(id: string | undefined): Promise<void> {
    this.#openId = id;
    this.#notice = undefined;
    this.#error = undefined;
    await this.options.onOpened?.(this.profile);
  }

  #replace(profile: TwinProfile): void {
    this.#profiles = this.#profiles.map((p) => (p.id === profile.id ? profile : p));
  }

  /** A change of the open profile, on the profile as the previous change left it. */
  #withProfile(work: (profile: TwinProfile) => Promise<void>, required = false): Promise<boolean> {
    return this.#guard(async () => {
      const profile = this.profile;
      if (profile) await work(profile);
      else if (required) throw new AppError('not-found', 'That profile no longer exists.');
    });
  }

  /** Runs one profile change after the other; an error is shown on the profile side. */
  #guard(work: () => Promise<void>, options: { keepNotice?: boolean } = {}): Promise<boolean> {
    const run = this.#work.then(async () => {
      this.#error = undefined;
      if (!options.keepNotice) this.#notice = undefined;
      try {
        await work();
        return true;
      } catch (error) {
        this.#error = toAppError(error);
        return false;
      }
    });
    this.#work = run;
    return run;
  }
}
