/**
 * The practice interview as the screen sees it. The conversation itself (session, messages,
 * interview state) is read from its one owner, the loaded interview, never copied; this class
 * adds only what the screen needs around it: the status of the running step, its error, its
 * progress (StepStatus), and the reply being streamed (ReplyStream). Everything is read-only
 * from outside: screens call methods.
 */
import type { TokenUsage } from '../../domain/chat';
import { AppError, toAppError } from '../../domain/errors';
import type { ProgressEvent } from '../../ports/progress';
import type { MessageRecord, QuestionFeedback, SessionRecord } from '../../domain/records';
import { questionNumber, type InterviewPhase } from '../../domain/interview/state';
import { emptyUsage } from '../../domain/usage';
import type { FrameScheduler } from '../chat/frame-batcher.svelte';
import { ReplyStream } from './reply-stream.svelte';
import { StepStatus, type FailedStep, type InterviewStatus } from './step-status.svelte';
import { EngineGate, type EngineReadiness } from '../engine-gate.svelte';
import type { AnswerExtras, DraftInput, PracticeService, TurnCallbacks } from './practice-service';
import type { LoadedInterview } from './loaded-interview.svelte';
import { AnswerBoxDraft } from './answer-box-draft';
import { findInterview } from './interview-loader';
import type { ConversationLock } from '../../ports/conversation-lock';
import { ConversationOwnership } from '../conversation-ownership.svelte';

export type { InterviewStatus, FailedStep } from './step-status.svelte';

/** What opening an interview found: it continues here, it is finished (its report is the place), or it does not exist. */
export type Opened = { kind: 'interview'; draft: DraftInput | undefined } | { kind: 'report' } | { kind: 'missing' };

export interface InterviewSessionOptions {
  schedule?: FrameScheduler;
  /** Loads the chosen engine before a step that needs it. */
  engines?: EngineReadiness;
  /** Where the answer box's rescue copy is kept (tests pass their own). */
  storage?: Storage;
  /** One tab owns an open interview; without a lock this tab owns every one. */
  lock?: ConversationLock;
}

export class InterviewSession {
  readonly #step = new StepStatus();
  #loadError = $state<AppError | null>(null);
  /** While the feedback is written: the questions assessed so far, shown one by one. */
  #assessments = $state.raw<readonly QuestionFeedback[]>([]);
  /** The interview this screen opened (known before it is loaded, e.g. while its questions are written). */
  #sessionId = '';
  /** The service's loaded interview, held as state so the screen follows when one is loaded. */
  #interview = $state.raw<LoadedInterview | undefined>(undefined);
  readonly #reply: ReplyStream;
  readonly #engine: EngineGate<'turn' | 'feedback'>;
  #draft: AnswerBoxDraft | undefined;
  /** Whether this tab may write the interview, or shows it read-only because another tab has it open. */
  readonly ownership: ConversationOwnership;
  /** The screen puts this draft in the answer box (after reading the interview again on continuing here). */
  onDraftRestored: ((draft: DraftInput | undefined) => void) | undefined;

  readonly canFinish = $derived(
    this.messages.some((m) => m.role === 'user') &&
      (this.status === 'awaiting-answer' || this.status === 'ready' || this.status === 'error') &&
      this.writable,
  );
  readonly canRetry = $derived(
    this.writable && this.phase === 'awaiting-reply' && this.status !== 'streaming' && this.status !== 'finishing',
  );
  readonly canSend = $derived(
    this.writable && this.status === 'awaiting-answer' && (this.phase === 'awaiting-answer' || this.phase === 'awaiting-reply'),
  );

  constructor(
    private readonly service: PracticeService,
    private readonly options: InterviewSessionOptions = {},
  ) {
    this.#reply = new ReplyStream(options.schedule);
    this.#engine = new EngineGate(options.engines ?? { ready: async () => undefined });
    this.ownership = new ConversationOwnership(options.lock);
  }

  /** This tab may write the interview (read through a getter: the derived fields above run before the constructor). */
  get writable(): boolean {
    return this.ownership.canWrite;
  }
  /** The interview could not be opened (it does not exist here). */
  get loadError(): AppError | null {
    return this.#loadError;
  }
  /** The engine could not start (with the step it was for in `engineStep`). */
  get engineError(): AppError | null {
    return this.#engine.error;
  }
  /** The answer box's unsent text, kept with the session as it changes (once an interview is opened). */
  get answerBox(): AnswerBoxDraft | undefined {
    return this.#draft;
  }

  get session(): SessionRecord | null {
    return this.#interview?.session ?? null;
  }
  /** The conversation; while a reply streams, its saved partial copy is left out (it shows as `streamingText`). */
  get messages(): readonly MessageRecord[] {
    const all = this.#interview?.messages ?? [];
    const last = all.at(-1);
    return this.#reply.active && last?.role === 'assistant' && last.incomplete ? all.slice(0, -1) : all;
  }
  get streamingText(): string {
    return this.#reply.text;
  }
  get status(): InterviewStatus {
    return this.#step.status;
  }
  get error(): AppError | null {
    return this.#step.error;
  }
  get failedStep(): FailedStep | null {
    return this.#step.failedStep;
  }
  get progress(): ProgressEvent | null {
    return this.#step.progress;
  }
  /** Why the next reply has not started yet (background work the turn waits for), shown as a status line. */
  get waiting(): string | null {
    return this.#reply.waiting;
  }
  get assessments(): readonly QuestionFeedback[] {
    return this.#assessments;
  }
  get phase(): InterviewPhase {
    return this.#interview?.state.phase ?? 'not-started';
  }
  get questionCount(): number {
    return this.#interview?.state.questionCount ?? 0;
  }
  get questionNumber(): number {
    const interview = this.#interview;
    return interview ? questionNumber(interview.state) : 0;
  }
  get usage(): TokenUsage {
    return this.#interview?.session.usage ?? emptyUsage();
  }

  /**
   * Opens an interview: what the box held (the rescue copy of what a closing page could not
   * save, else the stored draft), or where to go instead. Then `begin` prepares or resumes it.
   */
  async load(sessionId: string): Promise<Opened> {
    this.#sessionId = sessionId;
    const found = await findInterview(this.service, sessionId);
    if ('error' in found) {
      this.#loadError = found.error;
      return { kind: 'missing' };
    }
    const { session } = found;
    this.#draft = new AnswerBoxDraft(sessionId, (id, draft) => this.service.saveDraft(id, draft), this.ownership, this.options.storage);
    if (session.status === 'finished') {
      this.#draft.discard();
      return { kind: 'report' };
    }
    await this.ownership.claim(sessionId, {
      regained: () => this.reread(sessionId),
      lost: () => this.service.stop(),
      changed: () => this.view(sessionId),
    });
    // Read-only: what this tab's box held is not the interview's draft any more.
    if (this.ownership.readOnly) return { kind: 'interview', draft: undefined };
    return { kind: 'interview', draft: this.#draft.restore(session.draft) };
  }

  /** Writes the guideline of a new interview and asks the first question, or continues one already under way. */
  async begin(sessionId: string): Promise<void> {
    if (this.ownership.readOnly) return this.view(sessionId);
    const session = await this.service.find(sessionId);
    if (!session) return;
    const language = session.setup?.language ?? 'en';
    if (!session.guideline) await this.#engine.run('turn', language, () => this.prepare(sessionId));
    else await this.#engine.run('turn', language, () => this.resume(sessionId));
  }

  /** The screen goes away: what the box holds is saved now. */
  async close(): Promise<void> {
    await this.#draft?.flush();
    this.ownership.release();
  }

  /** "Continue here": this tab takes the interview, reads it again, and goes on where the other tab stopped. */
  async continueHere(): Promise<void> {
    const sessionId = this.session?.id ?? this.ownership.conversationId;
    await this.ownership.takeOver();
    // Taken while the other tab was still preparing or had not asked the first question: go on with it here.
    if (sessionId && this.writable && (!this.session?.guideline || this.phase === 'not-started')) await this.begin(sessionId);
  }

  /** Sends an answer; true once it is in the conversation (else it belongs back in the box). */
  async send(text: string, extras: AnswerExtras = {}): Promise<boolean> {
    if (!this.ownership.canWrite) return false;
    const answers = () => this.messages.filter((m) => m.role === 'user').length;
    const before = answers();
    await this.withEngine('turn', () => this.run((callbacks) => this.service.answer(text, callbacks, extras)));
    return answers() > before;
  }

  stop(): void {
    this.service.stop();
  }

  /** Try again after an error: the failed step again (the feedback, the questions, or the reply). */
  async tryAgain(): Promise<void> {
    if (!this.ownership.canWrite) return;
    const feedbackFailed = this.#step.error
      ? this.#step.failedStep === 'feedback'
      : this.#engine.error !== null && this.#engine.step === 'feedback';
    if (feedbackFailed) await this.finish();
    // Before the questions exist no interview is loaded: the id this screen opened is the one to prepare.
    else if (!this.session?.guideline) await this.withEngine('turn', () => this.prepare(this.#sessionId));
    else await this.retry();
  }

  /** Generates the interviewer's reply again (after Stop or a failed reply). */
  async retry(): Promise<void> {
    if (!this.ownership.canWrite) return;
    await this.withEngine('turn', () => this.run((callbacks) => this.service.retry(callbacks)));
  }

  /** Writes the feedback and finishes; after a failure `failedStep` is 'feedback' and calling it again retries. */
  async finish(): Promise<void> {
    if (!this.ownership.canWrite) return;
    await this.withEngine('feedback', async () => {
      this.#step.start('finishing');
      this.#assessments = [];
      try {
        await this.service.finish(this.#step.report, (questions) => (this.#assessments = questions));
        this.#step.set('finished');
        this.ownership.announce();
        // The finished session no longer keeps a draft.
        this.#draft?.discard();
      } catch (error) {
        this.#step.fail(error, 'feedback');
      }
    });
  }

  private async prepare(sessionId: string): Promise<void> {
    this.#step.start('preparing');
    try {
      await this.service.prepare(sessionId, this.#step.report);
      this.#interview = this.service.interview;
      this.ownership.announce();
    } catch (error) {
      this.#step.fail(error, 'preparing');
      return;
    }
    await this.run((callbacks) => this.service.start(callbacks));
  }

  /** Shows the interview as stored, writing nothing (another tab owns it). */
  private async view(sessionId: string): Promise<void> {
    const interview = await this.service.view(sessionId);
    this.#interview = interview;
    this.#step.set(interview.state.phase === 'finished' ? 'finished' : interview.session.guideline ? 'awaiting-answer' : 'preparing');
  }

  /** This tab owns the interview again: read it from storage (the other tab saved more), with its draft, before any write. */
  private async reread(sessionId: string): Promise<void> {
    this.service.stop();
    const session = await this.service.find(sessionId);
    if (!session?.guideline || session.status === 'finished') return this.view(sessionId);
    await this.resume(sessionId, false);
    this.onDraftRestored?.(session.draft && { ...session.draft });
  }

  private async resume(sessionId: string, start = true): Promise<void> {
    this.#step.clearError();
    try {
      const interview = await this.service.resume(sessionId);
      this.#interview = interview;
      this.#step.set(interview.state.phase === 'finished' ? 'finished' : 'awaiting-answer');
      if (start && interview.state.phase === 'not-started') await this.run((callbacks) => this.service.start(callbacks));
    } catch (error) {
      this.#step.fail(error, 'resuming');
    }
  }

  private withEngine(step: 'turn' | 'feedback', action: () => Promise<void>): Promise<boolean> {
    return this.#engine.run(step, this.session?.setup?.language ?? 'en', action);
  }

  private async run(operation: (callbacks: TurnCallbacks) => Promise<MessageRecord>): Promise<void> {
    this.#step.start('streaming');
    try {
      // Read-only tabs read the interview again when the answer and the reply's first words are saved, and when it ends.
      await this.#reply.run(operation, () => this.ownership.announce());
      this.#step.set('awaiting-answer');
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'aborted') this.#step.set('awaiting-answer');
      else this.#step.fail(appError, 'reply');
    } finally {
      this.ownership.announce();
    }
  }
}
