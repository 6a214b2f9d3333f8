/**
 * What the interview screen says about the step that runs or last ran: its status, its
 * progress, and its error with the step it was (so Try again repeats that step: a failed
 * feedback is not a lost reply).
 */
import { toAppError, type AppError } from '../../domain/errors';
import type { ProgressEvent } from '../../ports/progress';

export type InterviewStatus = 'preparing' | 'ready' | 'streaming' | 'awaiting-answer' | 'finishing' | 'finished' | 'error';

/** What was being done when `error` was set. */
export type FailedStep = 'preparing' | 'resuming' | 'reply' | 'feedback';

export class StepStatus {
  #status = $state<InterviewStatus>('ready');
  #error = $state<AppError | null>(null);
  #failedStep = $state<FailedStep | null>(null);
  #progress = $state<ProgressEvent | null>(null);

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

  /** A step starts: its status, and the last error is cleared. */
  start(status: InterviewStatus): void {
    this.#status = status;
    this.clearError();
  }

  /** The status without touching the error (a view or a step that ended). */
  set(status: InterviewStatus): void {
    this.#status = status;
  }

  readonly report = (event: ProgressEvent): void => {
    this.#progress = event;
  };

  fail(error: unknown, step: FailedStep): void {
    this.#error = toAppError(error);
    this.#failedStep = step;
    this.#status = 'error';
  }

  clearError(): void {
    this.#error = null;
    this.#failedStep = null;
  }
}
