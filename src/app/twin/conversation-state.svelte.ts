/**
 * The twin conversation as the screen sees it. The conversation (session, messages) is read
 * from its one owner, the LoadedConversation, never copied; this class adds the status of the
 * running answer, its error, the streamed reply, Inspect, the remote-host notice and the
 * suggestions. Read-only from outside; one question at a time (`send` is atomic).
 */
import type { MessageRecord, SessionRecord } from '../../domain/records';
import { buildSuggestions, type Suggestion } from '../../domain/twin/suggestions';
import { describeBudget } from '../../domain/budget';
import type { TwinProfile } from '../../domain/twin/types';
import { toAppError, type AppError } from '../../domain/errors';
import { FrameBatcher, type FrameScheduler } from '../chat/frame-batcher.svelte';
import type { LoadedConversation } from './loaded-conversation.svelte';
import type { TwinConversations } from './conversations';
import type { TwinInspect } from './twin-inspect';
import type { ConversationLock } from '../../ports/conversation-lock';
import { ConversationOwnership } from '../conversation-ownership.svelte';
import { RemoteNotice, type RemoteHost } from './remote-notice.svelte';

/** 'sending': the question is being stored (and its conversation created) before the answer starts. */
export type TwinStatus = 'idle' | 'sending' | 'ranking' | 'summarizing' | 'answering' | 'error';

export interface ConversationOptions {
  /** The profile the twin answers as (the profile editor's open one). */
  profile: () => TwinProfile | undefined;
  /** True when the engine chosen in Settings is remote (for the budget line). */
  engineIsRemote?: () => boolean;
  /** Per-conversation token budget for remote engines, from Settings (0 = none). */
  remoteTokenBudget?: () => number;
  /** Tells the app a reply is running (updates wait for it). */
  onBusy?: (busy: boolean) => void;
  schedule?: FrameScheduler;
  /** One tab owns an open conversation; without a lock this tab owns every one. */
  lock?: ConversationLock;
  /** Remote mode: say where the words go before the first request to a new host. */
  remote?: RemoteHost;
}

export class ConversationState {
  #loaded = $state.raw<LoadedConversation | undefined>(undefined);
  #status = $state<TwinStatus>('idle');
  #error = $state<AppError | undefined>(undefined);
  #inspect = $state.raw<TwinInspect | undefined>(undefined);
  #indexProgress = $state.raw<{ done: number; total: number } | undefined>(undefined);
  /** While an answer runs, messages from this place on (its partial saved copy) show as `streamingText` instead. */
  #streamFrom = $state<number | undefined>(undefined);
  readonly #text: FrameBatcher;
  #controller: AbortController | undefined;
  /** Moves on whenever another conversation (or profile) is opened; a step that sees it move drops its result. */
  #generation = 0;
  /** Whether this tab may write the open conversation, or shows it read-only because another tab has it open. */
  readonly ownership: ConversationOwnership;
  /** Remote mode: a question held until the user has been told which host gets it. */
  readonly #notice: RemoteNotice;

  readonly busy = $derived(
    this.#status === 'sending' || this.#status === 'ranking' || this.#status === 'summarizing' || this.#status === 'answering',
  );

  readonly suggestions: Suggestion[] = $derived.by(() => {
    const profile = this.options.profile();
    if (!profile) return [];
    const asked = this.messages.filter((m) => m.role === 'user').map((m) => m.text);
    return buildSuggestions(profile.qa, asked, profile.suggestedQuestions?.questions ?? []);
  });

  readonly budgetText: string | undefined = $derived.by(() => {
    const session = this.session;
    if (!session) return undefined;
    return describeBudget(
      { limit: this.options.remoteTokenBudget?.() ?? 0, used: session.usage.totalTokens },
      this.options.engineIsRemote?.() ?? false,
    );
  });

  constructor(
    private readonly service: TwinConversations,
    private readonly options: ConversationOptions,
  ) {
    this.#text = new FrameBatcher(options.schedule);
    this.ownership = new ConversationOwnership(options.lock);
    this.#notice = new RemoteNotice(options.remote);
  }

  /** This tab may write the open conversation (a new one is always this tab's). */
  get writable(): boolean {
    return this.ownership.canWrite;
  }

  get session(): SessionRecord | undefined {
    return this.#loaded?.session;
  }
  get messages(): readonly MessageRecord[] {
    const all = this.#loaded?.messages ?? [];
    return this.#streamFrom === undefined ? all : all.slice(0, this.#streamFrom);
  }
  /** The reply being streamed (not yet shown as a message). */
  get streamingText(): string {
    return this.#text.text;
  }
  get status(): TwinStatus {
    return this.#status;
  }
  get error(): AppError | undefined {
    return this.#error;
  }
  get inspect(): TwinInspect | undefined {
    return this.#inspect;
  }
  /** A question held back until the user agrees to send text to this remote host. */
  get pendingRemote(): { host: string; question: string } | undefined {
    return this.#notice.held;
  }
  /** Indexing progress of the saved answers, while it runs. */
  get indexProgress(): { done: number; total: number } | undefined {
    return this.#indexProgress;
  }

  /** Shows a profile's conversation: `sessionId` when given, else its latest, so a reload continues where it was. */
  async show(profile: TwinProfile | undefined, sessionId?: string): Promise<void> {
    this.#reset();
    if (!profile) return;
    const generation = this.#generation;
    const id = sessionId ?? (await this.service.list(profile.id))[0]?.id;
    if (id === undefined || generation !== this.#generation) return;
    await this.open(id);
  }

  async open(id: string): Promise<void> {
    this.#reset();
    const generation = this.#generation;
    try {
      const loaded = await this.service.open(id);
      if (generation !== this.#generation) return;
      this.#loaded = loaded;
      await this.#claim(id, generation);
    } catch (error) {
      if (generation === this.#generation) this.#fail(error);
    }
  }

  newConversation(): void {
    this.#reset();
  }

  /**
   * Sends one question. Atomic: `busy` turns on before the first await, so a second send while
   * this one is stored or answered (a double-click on a chip, Enter while a chip is saving) is
   * ignored, and a new conversation is created once. Stop while the question is being stored
   * keeps it (ready for "Answer the last question") and asks nothing.
   */
  async send(text: string): Promise<void> {
    const profile = this.options.profile();
    if (!profile || this.busy || !this.writable || text.trim() === '') return;
    this.#error = undefined;
    if (this.#notice.holds(text)) return;
    const controller = new AbortController();
    this.#begin(controller, 'sending');
    const generation = this.#generation;
    let answer = false;
    try {
      const started = this.#loaded === undefined;
      const conversation = this.#loaded ?? (await this.service.start(profile));
      // Another conversation or profile was opened meanwhile: this question belongs to none on screen.
      if (generation !== this.#generation) return;
      this.#loaded = conversation;
      // A new conversation is this tab's: claimed so another tab that opens it shows it read-only.
      if (started) await this.#claim(conversation.session.id, generation);
      await this.service.ask(conversation, text, profile);
      this.ownership.announce();
      // Stopped while the question was being stored: it stays, nothing is asked.
      answer = generation === this.#generation && !controller.signal.aborted;
    } catch (error) {
      if (generation === this.#generation) this.#fail(error);
    } finally {
      if (!answer) this.#end(controller);
    }
    if (answer) await this.#respond(false, controller);
  }

  /** The user agreed that text goes to the remote host: send the held question. */
  async confirmRemote(): Promise<void> {
    let question: string | undefined;
    try {
      question = await this.#notice.confirm();
    } catch (error) {
      return this.#fail(error);
    }
    if (question !== undefined) await this.send(question);
  }

  cancelRemote(): void {
    this.#notice.cancel();
  }

  /** Answers the last question again (after an error or a stop). */
  async retry(): Promise<void> {
    if (!this.busy && this.writable) await this.#respond(false, new AbortController());
  }

  /** The last answer came from saved answers: ask the model instead. */
  async generateFresh(): Promise<void> {
    if (!this.busy && this.writable) await this.#respond(true, new AbortController());
  }

  /** The screen goes away: the running step stops and the conversation is let go (another tab may own it). */
  leave(): void {
    this.stop();
    this.ownership.release();
  }

  /** Stops the reply (its words are kept, marked Incomplete) or the question being stored. */
  stop(): void {
    this.#controller?.abort();
  }

  async #respond(fresh: boolean, controller: AbortController): Promise<void> {
    const profile = this.options.profile();
    const conversation = this.#loaded;
    if (!profile || !conversation) return this.#end(controller);
    this.#begin(controller, 'ranking');
    const generation = this.#generation;
    const ours = () => generation === this.#generation;
    this.#streamFrom = conversation.messages.length;
    try {
      const result = await this.service.answer(conversation, profile, {
        signal: controller.signal,
        fresh,
        callbacks: {
          onPhase: (phase) => void (ours() && (this.#status = phase)),
          onIndexProgress: (done, total) => void (ours() && (this.#indexProgress = { done, total })),
          onDelta: (text) => ours() && this.#text.push(text),
        },
      });
      if (ours()) this.#inspect = result.inspect;
    } catch (error) {
      // A stop before any text is not an error: the question stays, ready for "Answer the last question".
      if (ours() && toAppError(error).code !== 'aborted') this.#fail(error);
    } finally {
      if (ours()) this.#streamFrom = undefined;
      this.#end(controller);
      this.ownership.announce();
    }
  }

  /** Claims the open conversation for this tab; another tab's saves and takeovers are heard from then on. */
  async #claim(id: string, generation: number): Promise<void> {
    const reread = async () => {
      const loaded = await this.service.open(id);
      if (generation === this.#generation) this.#loaded = loaded;
    };
    await this.ownership.claim(id, {
      // The other tab asked and answered more: read the conversation again before writing.
      regained: reread,
      lost: () => this.stop(),
      changed: reread,
    });
  }

  #begin(controller: AbortController, status: TwinStatus): void {
    this.#controller = controller;
    this.#error = undefined;
    this.#status = status;
    this.#text.reset();
    this.options.onBusy?.(true);
  }

  /** The step of `controller` is over (unless a later step has taken over since). */
  #end(controller: AbortController): void {
    if (this.#controller !== controller) return;
    this.#controller = undefined;
    if (this.#status !== 'error') this.#status = 'idle';
    this.#indexProgress = undefined;
    this.#text.reset();
    this.options.onBusy?.(false);
  }

  /** Another conversation (or none) is shown: the running step is stopped and its result dropped. */
  #reset(): void {
    this.stop();
    this.#generation++;
    // The conversation leaves the screen: another tab may own it now.
    this.ownership.release();
    if (this.#controller) {
      this.#controller = undefined;
      this.options.onBusy?.(false);
    }
    this.#loaded = undefined;
    this.#streamFrom = undefined;
    this.#inspect = undefined;
    this.#error = undefined;
    this.#status = 'idle';
    this.#text.reset();
  }

  #fail(error: unknown): void {
    this.#error = toAppError(error);
    this.#status = 'error';
  }
}
