/**
 * The twin screen's state: the chosen profile, the conversation, the streaming reply, the
 * Inspect data and the suggestions. All work is delegated to TwinService; this class only
 * keeps what the UI shows in runes and makes sure one reply runs at a time.
 */
import type { MessageRecord, SessionRecord } from '../domain/records';
import type { ProjectDraft } from '../domain/twin/projects';
import { describeSkipped, type SkippedLine } from '../domain/twin/qa-csv';
import { buildSuggestions, type Suggestion } from '../domain/twin/suggestions';
import { describeBudget } from '../domain/twin/budget';
import type { TwinProfile } from '../domain/twin/types';
import { AppError, isAbortError, toAppError } from '../ports/errors';
import { DEFAULT_TWIN_PROMPT, type TwinInspect, type TwinService } from './twin-service';

/** 'sending': the question is being stored (and its session created) before the answer starts. */
export type TwinStatus = 'idle' | 'loading' | 'sending' | 'ranking' | 'summarizing' | 'answering' | 'error';

/** Schedules a flush once per frame (browser) or soon (Node tests). */
type FrameScheduler = (flush: () => void) => void;
const defaultScheduler: FrameScheduler = (flush) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else setTimeout(flush, 16);
};

export interface TwinSessionOptions {
  /** Engine label of the current choice (for the "what will be sent" line), refreshed by the caller. */
  engineIsRemote?: () => boolean;
  /** Per-session token budget for remote engines, from Settings (0 = none). */
  remoteTokenBudget?: () => number;
  /** Tells the app a reply is running (updates wait for it). */
  onBusy?: (busy: boolean) => void;
  schedule?: FrameScheduler;
  /** Remote mode: say where the words go before the first request to a new host. */
  remote?: {
    /** The host that would receive the text, or null for on-device engines. */
    host(): string | null;
    needsNotice(): boolean;
    acknowledge(): Promise<void>;
  };
}

/** The profile fields edited as text. */
export type ProfilePatch = Partial<Pick<TwinProfile, 'name' | 'systemPrompt' | 'resume'>>;

export interface ImportNotice {
  kind: 'ok' | 'warn';
  text: string;
  skipped?: SkippedLine[];
}

export class TwinSession {
  profiles = $state<TwinProfile[]>([]);
  profile = $state<TwinProfile | undefined>(undefined);
  sessions = $state<SessionRecord[]>([]);
  session = $state<SessionRecord | undefined>(undefined);
  messages = $state<MessageRecord[]>([]);
  /** The reply being streamed (not yet a message). */
  streamingText = $state('');
  status = $state<TwinStatus>('idle');
  error = $state<AppError | undefined>(undefined);
  /** Errors from profile edits and imports, shown on the profile side. */
  profileError = $state<AppError | undefined>(undefined);
  notice = $state<ImportNotice | undefined>(undefined);
  inspect = $state<TwinInspect | undefined>(undefined);
  proposing = $state(false);
  /** A question held back until the user agrees to send text to this remote host. */
  pendingRemote = $state<{ host: string; question: string } | undefined>(undefined);
  /** Indexing progress of the saved answers, while it runs. */
  indexProgress = $state<{ done: number; total: number } | undefined>(undefined);

  readonly suggestions: Suggestion[] = $derived.by(() => {
    if (!this.profile) return [];
    const asked = this.messages.filter((m) => m.role === 'user').map((m) => m.text);
    return buildSuggestions(this.profile.qa, asked, this.profile.suggestedQuestions?.questions ?? []);
  });

  /** A question is in flight, from the moment it is sent until its answer ends: a second send is ignored. */
  readonly busy = $derived(
    this.status === 'sending' || this.status === 'ranking' || this.status === 'summarizing' || this.status === 'answering',
  );

  readonly budgetText: string | undefined = $derived.by(() => {
    if (!this.session) return undefined;
    return describeBudget(
      { limit: this.options.remoteTokenBudget?.() ?? 0, used: this.session.usage.totalTokens },
      this.options.engineIsRemote?.() ?? false,
    );
  });

  private controller: AbortController | undefined;
  /** Moves on whenever another conversation (or profile) is opened; a send that sees it move drops its result. */
  private conversation = 0;
  /** The remote notice's "Send" is being acknowledged (a second click must not send twice). */
  private confirming = false;
  /** The profile change in progress (see guardProfile). */
  private profileWork: Promise<unknown> = Promise.resolve();
  private pendingText = '';
  private flushScheduled = false;

  constructor(
    private readonly service: TwinService,
    private readonly options: TwinSessionOptions = {},
  ) {}

  /** Loads profiles and opens the most recent one (creating a first profile when there is none). */
  async init(profileId?: string): Promise<void> {
    this.status = 'loading';
    try {
      this.profiles = await this.service.listProfiles();
      const chosen = this.profiles.find((p) => p.id === profileId) ?? this.profiles[0];
      if (chosen) await this.selectProfile(chosen.id);
      this.status = 'idle';
    } catch (error) {
      this.fail(error);
    }
  }

  async selectProfile(id: string): Promise<void> {
    const profile = this.profiles.find((p) => p.id === id);
    if (!profile) return;
    this.stop();
    this.conversation++;
    this.profile = profile;
    this.inspect = undefined;
    this.notice = undefined;
    this.profileError = undefined;
    this.sessions = await this.service.listSessions(id);
    // Resume the latest conversation with this profile, so a reload continues where it was.
    const latest = this.sessions[0];
    if (latest) await this.openSession(latest.id);
    else {
      this.session = undefined;
      this.messages = [];
    }
  }

  async newProfile(name = 'My twin'): Promise<void> {
    await this.guardProfile(async () => {
      const profile = await this.service.createProfile(name);
      this.profiles = [profile, ...this.profiles];
      await this.selectProfile(profile.id);
    });
  }

  async deleteProfile(): Promise<void> {
    await this.guardProfile(async () => {
      const profile = this.profile;
      if (!profile) return;
      await this.service.deleteProfile(profile.id);
      this.profiles = this.profiles.filter((p) => p.id !== profile.id);
      this.stop();
      this.conversation++;
      this.profile = undefined;
      this.session = undefined;
      this.messages = [];
      const next = this.profiles[0];
      if (next) await this.selectProfile(next.id);
    });
  }

  /**
   * Saves edited fields (name, prompt, resume) of the profile `id` (the open one by default):
   * a save that lands after the user switched profiles still goes to the profile it was typed
   * into. True when saved. Import notices stay (typing is not a reason to hide them).
   */
  async updateProfile(patch: ProfilePatch, id = this.profile?.id): Promise<boolean> {
    if (id === undefined) return false;
    return this.guardProfile(
      async () => {
        const base = this.profiles.find((p) => p.id === id);
        if (!base) return; // deleted meanwhile: nothing to save into
        this.replaceProfile(await this.service.saveProfile({ ...this.plain(base), ...patch }));
      },
      { keepNotice: true },
    );
  }

  async resetPrompt(): Promise<boolean> {
    return this.updateProfile({ systemPrompt: DEFAULT_TWIN_PROMPT });
  }

  async importQaCsv(file: File): Promise<void> {
    await this.guardProfile(async () => {
      const profile = this.profile;
      if (!profile) return;
      const { profile: next, report } = await this.service.importQaCsv(this.plain(profile), file);
      this.replaceProfile(next);
      const kept = `Imported ${report.pairs.length.toLocaleString('en')} ${report.pairs.length === 1 ? 'answer' : 'answers'} from “${file.name}”.`;
      this.notice =
        report.skipped.length > 0
          ? { kind: 'warn', text: `${kept} ${describeSkipped(report.skipped)}`, skipped: report.skipped }
          : { kind: 'ok', text: kept };
    });
  }

  async importResume(file: File): Promise<void> {
    await this.guardProfile(async () => {
      const profile = this.profile;
      if (!profile) return;
      this.replaceProfile(await this.service.importResume(this.plain(profile), file));
      this.notice = { kind: 'ok', text: `Resume imported from “${file.name}”.` };
    });
  }

  async saveProject(draft: ProjectDraft, id?: string): Promise<boolean> {
    if (!this.profile) return false;
    return this.guardProfile(async () => {
      const profile = this.profile;
      if (!profile) throw new AppError('not-found', 'That profile no longer exists.');
      this.replaceProfile(await this.service.upsertProject(this.plain(profile), draft, id));
    });
  }

  async deleteProject(id: string): Promise<void> {
    await this.guardProfile(async () => {
      const profile = this.profile;
      if (!profile) return;
      this.replaceProfile(await this.service.deleteProject(this.plain(profile), id));
    });
  }

  async importProjects(files: File[]): Promise<void> {
    if (files.length === 0) return;
    await this.guardProfile(async () => {
      const profile = this.profile;
      if (!profile) return;
      const { profile: next, failed } = await this.service.importProjects(this.plain(profile), files);
      this.replaceProfile(next);
      const added = files.length - failed.length;
      const text = `Added ${added} ${added === 1 ? 'project' : 'projects'}.`;
      this.notice =
        failed.length > 0
          ? { kind: 'warn', text: `${text} Not added: ${failed.map((f) => `${f.file} (${f.reason})`).join('; ')}` }
          : { kind: 'ok', text };
    });
  }

  exportPack(): { fileName: string; json: string } | undefined {
    return this.profile ? this.service.exportPack($state.snapshot(this.profile) as TwinProfile) : undefined;
  }

  async importPack(file: File): Promise<void> {
    await this.guardProfile(async () => {
      let json: string;
      try {
        json = await file.text();
      } catch (cause) {
        throw new AppError(
          'file-unreadable',
          `Could not read “${file.name}”. Try again, or export the profile again on the other device.`,
          { cause },
        );
      }
      const profile = await this.service.importPack(json);
      this.profiles = [profile, ...this.profiles];
      await this.selectProfile(profile.id);
      this.notice = { kind: 'ok', text: `Imported the profile “${profile.name}”.` };
    });
  }

  /** Asks the model for questions from the resume, once per profile. */
  async proposeQuestions(): Promise<void> {
    const profile = this.profile;
    if (!profile || this.proposing) return;
    this.proposing = true;
    try {
      this.replaceProfile(await this.service.proposeQuestions($state.snapshot(profile) as TwinProfile));
    } catch (error) {
      this.profileError = toAppError(error);
    } finally {
      this.proposing = false;
    }
  }

  // ─── Conversation ────────────────────────────────────────────────────────

  async openSession(id: string): Promise<void> {
    this.stop();
    this.conversation++;
    const { session, messages } = await this.service.loadSession(id);
    this.session = session;
    this.messages = messages;
    this.inspect = undefined;
    this.error = undefined;
    this.status = 'idle';
  }

  async newConversation(): Promise<void> {
    this.stop();
    this.conversation++;
    this.session = undefined;
    this.messages = [];
    this.inspect = undefined;
    this.error = undefined;
    this.status = 'idle';
  }

  /**
   * Sends one question. Atomic: `busy` turns on before the first await, so a second send while
   * this one is stored or answered (a double-click on a chip, Enter while a chip is saving) is
   * ignored, and a new conversation's session is created once. Stop while the question is
   * being stored keeps it (ready for "Answer the last question") and asks nothing.
   */
  async send(text: string): Promise<void> {
    const profile = this.profile;
    if (!profile || this.busy || text.trim() === '') return;
    this.error = undefined;
    const host = this.options.remote?.host();
    if (host && this.options.remote?.needsNotice()) {
      this.pendingRemote = { host, question: text };
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'sending';
    this.options.onBusy?.(true);
    const conversation = this.conversation;
    let answer = false;
    try {
      let session = this.session ? ($state.snapshot(this.session) as SessionRecord) : await this.service.startSession(profile);
      // Another conversation or profile was opened meanwhile: this question belongs to none on screen.
      if (conversation !== this.conversation) return;
      if (!this.session) {
        this.session = session;
        this.sessions = [session, ...this.sessions];
      }
      const added = await this.service.addQuestion(
        session,
        $state.snapshot(this.messages) as MessageRecord[],
        text,
        $state.snapshot(profile) as TwinProfile,
      );
      if (conversation !== this.conversation) return;
      session = added.session;
      this.session = session;
      this.messages = [...this.messages, added.message];
      this.sessions = this.sessions.map((s) => (s.id === session.id ? session : s));
      // Stopped while the question was being stored: it stays, nothing is asked.
      answer = !controller.signal.aborted;
    } catch (error) {
      if (conversation === this.conversation) this.fail(error);
    } finally {
      // Still this send's to settle (not a later one's, after another conversation was opened).
      if (!answer && this.controller === controller) {
        this.controller = undefined;
        if (this.status === 'sending') this.status = 'idle';
        this.options.onBusy?.(false);
      }
    }
    if (answer) await this.respond(false, controller);
  }

  /** The user agreed that text goes to the remote host: send the held question. */
  async confirmRemote(): Promise<void> {
    const pending = this.pendingRemote;
    if (!pending || this.confirming) return;
    this.confirming = true;
    try {
      await this.options.remote?.acknowledge();
    } catch (error) {
      this.fail(error);
      return;
    } finally {
      this.confirming = false;
    }
    this.pendingRemote = undefined;
    await this.send(pending.question);
  }

  cancelRemote(): void {
    this.pendingRemote = undefined;
  }

  /** Answers the last question again (after an error or a stop). */
  async retry(): Promise<void> {
    if (this.busy) return;
    await this.respond(false);
  }

  /** The last answer came from saved answers: ask the model instead. */
  async generateFresh(): Promise<void> {
    if (this.busy) return;
    await this.respond(true);
  }

  stop(): void {
    this.controller?.abort();
  }

  private async respond(fresh: boolean, controller = new AbortController()): Promise<void> {
    const profile = this.profile;
    const session = this.session;
    if (!profile || !session) {
      if (this.status === 'sending') {
        this.status = 'idle';
        this.options.onBusy?.(false);
      }
      return;
    }
    this.controller = controller;
    this.error = undefined;
    this.status = 'ranking';
    this.streamingText = '';
    this.pendingText = '';
    this.options.onBusy?.(true);
    try {
      const result = await this.service.answer(
        $state.snapshot(profile) as TwinProfile,
        $state.snapshot(session) as SessionRecord,
        $state.snapshot(this.messages) as MessageRecord[],
        {
          fresh,
          signal: controller.signal,
          onPhase: (phase) => {
            if (this.controller === controller) this.status = phase;
          },
          onText: (text) => this.queueText(text),
        },
      );
      this.messages = [...this.messages, result.message];
      this.session = result.session;
      this.inspect = result.inspect;
      this.status = 'idle';
    } catch (error) {
      // A stop before any text is not an error: the question stays, ready for Retry.
      if (isAbortError(error)) this.status = 'idle';
      else this.fail(error);
      // The service saved any partial reply; reload so the list matches storage.
      const reloaded = await this.service.loadSession(session.id).catch(() => undefined);
      if (reloaded) {
        this.messages = reloaded.messages;
        this.session = reloaded.session;
      }
    } finally {
      if (this.controller === controller) this.controller = undefined;
      this.indexProgress = undefined;
      this.streamingText = '';
      this.pendingText = '';
      this.options.onBusy?.(false);
    }
  }

  /** Batches streamed text to one UI update per animation frame. */
  private queueText(text: string): void {
    this.pendingText = text;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    (this.options.schedule ?? defaultScheduler)(() => {
      this.flushScheduled = false;
      if (this.busy) this.streamingText = this.pendingText;
    });
  }

  private plain(profile: TwinProfile): TwinProfile {
    return $state.snapshot(profile) as TwinProfile;
  }

  private replaceProfile(profile: TwinProfile): void {
    if (this.profile?.id === profile.id) this.profile = profile;
    this.profiles = this.profiles.map((p) => (p.id === profile.id ? profile : p));
  }

  /**
   * Runs one profile change after the other: each reads the profile as the previous one left
   * it, so an import finishing after a typed save never writes the older text back.
   */
  private guardProfile(work: () => Promise<void>, options: { keepNotice?: boolean } = {}): Promise<boolean> {
    const run = this.profileWork.then(async () => {
      this.profileError = undefined;
      if (!options.keepNotice) this.notice = undefined;
      try {
        await work();
        return true;
      } catch (error) {
        this.profileError = toAppError(error);
        return false;
      }
    });
    this.profileWork = run;
    return run;
  }

  private fail(error: unknown): void {
    this.error = toAppError(error);
    this.status = 'error';
  }
}
