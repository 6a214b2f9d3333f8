/**
 * The practice interview as the screen sees it. The conversation itself (session, messages,
 * interview state) is read from its one owner, the loaded interview, never copied; this class
 * adds only what the screen needs around it: the status of the running step, its error, its
 * progress, and the reply being streamed. Everything is read-only from outside: screens call
 * methods.
 *
 * Streamed text is batched once per animation frame (a microtask where there are no frames,
 * e.g. in tests or a worker), so the conversation re-renders ~60×/s at most, not per token.
 */
import type { TokenUsage } from '../../ports/chat-engine';
import { AppError, toAppError } from '../../ports/errors';
import type { ProgressEvent } from '../../ports/progress';
import type { MessageRecord, SessionRecord } from '../../domain/records';
import { questionNumber, type InterviewPhase } from '../../domain/interview/state';
import { emptyUsage } from '../../domain/usage';
import { FrameBatcher, type FrameScheduler } from '../chat/frame-batcher.svelte';
import type { AnswerExtras, DraftInput, PracticeService, TurnCallbacks } from './practice-service';

export type InterviewStatus = 'preparing' | 'ready' | 'streaming' | 'awaiting-answer' | 'finishing' | 'finished' | 'error';

/** What was being done when `error` was set, so Try again repeats that step (a failed feedback is not a lost reply). */
export type FailedStep = 'preparing' | 'resuming' | 'reply' | 'feedback';

export class InterviewSession {
  #status = $state<InterviewStatus>('ready');
  #error = $state<AppError | null>(null);
  #failedStep = $state<FailedStep | null>(null);
  #progress = $state<ProgressEvent | null>(null);
  /** True while a reply streams into `streamingText` (its saved partial copy is not shown twice). */
  #streaming = $state(false);
  readonly #text: FrameBatcher;

  readonly canFinish = $derived(
    this.messages.some((m) => m.role === 'user') && (this.status === 'awaiting-answer' || this.status === 'ready' || this.status === 'error'),
  );
  readonly canRetry = $derived(this.phase === 'awaiting-reply' && this.status !== 'streaming' && this.status !== 'finishing');
  readonly canSend = $derived(this.status === 'awaiting-answer' && (this.phase === 'awaiting-answer' || this.phase === 'awaiting-reply'));

  constructor(
    private readonly service: PracticeService,
    options: { schedule?: FrameScheduler } = {},
  ) {
    this.#text = new FrameBatcher(options.schedule);
  }

  get session(): SessionRecord | null {
    return this.service.interview?.session ?? null;
  }
  /** The conversation; while a reply streams, its saved partial copy is left out (it shows as `streamingText`). */
  get messages(): readonly MessageRecord[] {
    const all = this.service.interview?.messages ?? [];
    const last = all.at(-1);
    return this.#streaming && last?.role === 'assistant' && last.incomplete ? all.slice(0, -1) : all;
  }
  get streamingText(): string {
    return this.#text.text;
  }
  get status(): InterviewStatus {
    return this.#status;
  }
  get error(): AppError | null {
    return this.#error;
  }
  get failedStep(): FailedStep | null {
    return this.#failedStep;
  }
  get progress(): ProgressEvent | null {
    return this.#progress;
  }
  get phase(): InterviewPhase {
    return this.service.interview?.state.phase ?? 'not-started';
  }
  get questionCount(): number {
    return this.service.interview?.state.questionCount ?? 0;
  }
  get questionNumber(): number {
    const interview = this.service.interview;
    return interview ? questionNumber(interview.state) : 0;
  }
  get usage(): TokenUsage {
    return this.service.interview?.session.usage ?? emptyUsage();
  }

  /** Builds the guideline for a new session, then greets and asks the first question. */
  async prepare(sessionId: string): Promise<void> {
    this.#status = 'preparing';
    this.clearError();
    try {
      await this.service.prepare(sessionId, (event) => (this.#progress = event));
    } catch (error) {
      this.fail(error, 'preparing');
      return;
    }
    await this.run((callbacks) => this.service.start(callbacks));
  }

  /** Re-opens a session after a reload (or when the screen opens one from History). */
  async resume(sessionId: string): Promise<void> {
    this.clearError();
    try {
      const interview = await this.service.resume(sessionId);
      this.#status = interview.state.phase === 'finished' ? 'finished' : 'awaiting-answer';
      if (interview.state.phase === 'not-started') await this.run((callbacks) => this.service.start(callbacks));
    } catch (error) {
      this.fail(error, 'resuming');
    }
  }

  async send(text: string, extras: AnswerExtras = {}): Promise<void> {
    await this.run((callbacks) => this.service.answer(text, callbacks, extras));
  }

  stop(): void {
    this.service.stop();
  }

  /** Keeps the unsent answer with the session (blank text removes it). */
  async saveDraft(sessionId: string, draft: DraftInput | undefined): Promise<void> {
    await this.service.saveDraft(sessionId, draft);
  }

  async retry(): Promise<void> {
    await this.run((callbacks) => this.service.retry(callbacks));
  }

  /** Writes the feedback and finishes; after a failure `failedStep` is 'feedback' and calling it again retries. */
  async finish(): Promise<void> {
    this.#status = 'finishing';
    this.clearError();
    try {
      await this.service.finish((event) => (this.#progress = event));
      this.#status = 'finished';
    } catch (error) {
      this.fail(error, 'feedback');
    }
  }

  private async run(operation: (callbacks: TurnCallbacks) => Promise<MessageRecord>): Promise<void> {
    this.#status = 'streaming';
    this.clearError();
    this.#text.reset();
    this.#streaming = true;
    try {
      await operation({ onDelta: (text) => this.#text.push(text), onReset: () => this.#text.reset() });
      this.#status = 'awaiting-answer';
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'aborted') this.#status = 'awaiting-answer';
      else this.fail(appError, 'reply');
    } finally {
      this.#streaming = false;
      this.#text.reset();
    }
  }

  private fail(error: unknown, step: FailedStep): void {
    this.#error = toAppError(error);
    this.#failedStep = step;
    this.#status = 'error';
  }

  private clearError(): void {
    this.#error = null;
    this.#failedStep = null;
  }
}
