/**
 * The practice interview as the UI sees it: reactive state ($state runes) over
 * PracticeService. Screens read fields and call methods; they never talk to the service.
 *
 * Streamed text is batched once per animation frame (a microtask where there are no frames,
 * e.g. in tests or a worker), so the conversation re-renders ~60×/s at most, not per token.
 */
import type { TokenUsage } from '../ports/chat-engine';
import { AppError, toAppError } from '../ports/errors';
import type { ProgressEvent } from '../workers/protocol';
import type { MessageRecord, SessionRecord } from '../domain/records';
import { questionNumber, type InterviewPhase } from '../domain/interview/state';
import type { AnswerExtras, DraftInput, PracticeService, PracticeSnapshot, TurnCallbacks } from './practice-service';

export type InterviewStatus = 'preparing' | 'ready' | 'streaming' | 'awaiting-answer' | 'finishing' | 'finished' | 'error';

/** What was being done when `error` was set, so Try again repeats that step (a failed feedback is not a lost reply). */
export type FailedStep = 'preparing' | 'resuming' | 'reply' | 'feedback';

export type FrameScheduler = (flush: () => void) => void;

function defaultScheduler(): FrameScheduler {
  if (typeof requestAnimationFrame === 'function') return (flush) => void requestAnimationFrame(() => flush());
  return (flush) => queueMicrotask(flush);
}

export class InterviewSession {
  session = $state<SessionRecord | null>(null);
  messages = $state<MessageRecord[]>([]);
  /** The reply being streamed (not yet in `messages`). */
  streamingText = $state('');
  status = $state<InterviewStatus>('ready');
  error = $state<AppError | null>(null);
  /** The step `error` belongs to (null while there is no error). */
  failedStep = $state<FailedStep | null>(null);
  progress = $state<ProgressEvent | null>(null);
  questionNumber = $state(0);
  questionCount = $state(0);
  usage = $state<TokenUsage>({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
  /** Where the interview stands (e.g. 'awaiting-reply' after Stop: Retry is possible). */
  phase = $state<InterviewPhase>('not-started');

  readonly canFinish = $derived(
    this.messages.some((m) => m.role === 'user') &&
      (this.status === 'awaiting-answer' || this.status === 'ready' || this.status === 'error'),
  );
  readonly canRetry = $derived(this.phase === 'awaiting-reply' && this.status !== 'streaming' && this.status !== 'finishing');
  readonly canSend = $derived(this.status === 'awaiting-answer' && (this.phase === 'awaiting-answer' || this.phase === 'awaiting-reply'));

  private readonly service: PracticeService;
  private readonly schedule: FrameScheduler;
  private buffered = '';
  private flushQueued = false;

  constructor(service: PracticeService, options: { schedule?: FrameScheduler } = {}) {
    this.service = service;
    this.schedule = options.schedule ?? defaultScheduler();
  }

  /** Builds the guideline for a new session, then greets and asks the first question. */
  async prepare(sessionId: string): Promise<void> {
    this.status = 'preparing';
    this.clearError();
    try {
      await this.service.prepare(sessionId, (event) => (this.progress = event));
      this.sync();
    } catch (error) {
      this.fail(error, 'preparing');
      return;
    }
    await this.run((callbacks) => this.service.start(callbacks));
  }

  /** Re-opens a session after a reload. */
  async resume(sessionId: string): Promise<void> {
    this.clearError();
    try {
      const snapshot = await this.service.resume(sessionId);
      this.sync(snapshot);
      this.status = snapshot.state.phase === 'finished' ? 'finished' : 'awaiting-answer';
      if (snapshot.state.phase === 'not-started') await this.run((callbacks) => this.service.start(callbacks));
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
    this.status = 'finishing';
    this.clearError();
    try {
      await this.service.finish((event) => (this.progress = event));
      this.sync();
      this.status = 'finished';
    } catch (error) {
      this.sync();
      this.fail(error, 'feedback');
    }
  }

  private async run(operation: (callbacks: TurnCallbacks) => Promise<MessageRecord>): Promise<void> {
    this.status = 'streaming';
    this.clearError();
    this.buffered = '';
    this.streamingText = '';
    // A frame queued by an earlier reply may never have run (hidden tab): schedule afresh.
    this.flushQueued = false;
    const callbacks: TurnCallbacks = {
      onDelta: (text) => this.queue(text),
      onReset: () => {
        this.buffered = '';
        this.streamingText = '';
      },
      onMessage: (message) => {
        // The candidate's answer appears at once; the streaming reply stays in `streamingText`.
        if (message.role === 'user') this.upsert(message);
      },
    };
    try {
      await operation(callbacks);
      this.sync();
      this.status = 'awaiting-answer';
    } catch (error) {
      this.sync();
      const appError = toAppError(error);
      if (appError.code === 'aborted') this.status = 'awaiting-answer';
      else this.fail(appError, 'reply');
    } finally {
      this.buffered = '';
      this.streamingText = '';
    }
  }

  private queue(text: string): void {
    this.buffered += text;
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.schedule(() => {
      this.flushQueued = false;
      if (this.buffered === '') return;
      this.streamingText += this.buffered;
      this.buffered = '';
    });
  }

  private upsert(message: MessageRecord): void {
    const at = this.messages.findIndex((m) => m.id === message.id);
    if (at >= 0) this.messages[at] = message;
    else this.messages.push(message);
  }

  private sync(snapshot: PracticeSnapshot | undefined = this.service.snapshot()): void {
    if (!snapshot) return;
    this.session = snapshot.session;
    this.messages = snapshot.messages;
    this.usage = snapshot.session.usage;
    this.phase = snapshot.state.phase;
    this.questionCount = snapshot.state.questionCount;
    this.questionNumber = questionNumber(snapshot.state);
  }

  private fail(error: unknown, step: FailedStep): void {
    this.error = toAppError(error);
    this.failedStep = step;
    this.status = 'error';
  }

  private clearError(): void {
    this.error = null;
    this.failedStep = null;
  }
}
