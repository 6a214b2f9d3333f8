/**
 * One step of the practice interview at a time (a turn, the guideline, the feedback): a second
 * step while one runs is refused with a message that says what to do, and Stop aborts the
 * running one through its signal. Errors leave as AppErrors.
 */
import { AppError, toAppError } from '../../domain/errors';

export class StepLock {
  #controller: AbortController | undefined;

  /** True while a step runs. */
  get busy(): boolean {
    return this.#controller !== undefined;
  }

  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.#controller) throw new AppError('invalid-input', 'Wait for the current step to finish, or press Stop first.');
    const controller = new AbortController();
    this.#controller = controller;
    try {
      return await work(controller.signal);
    } catch (error) {
      throw toAppError(error);
    } finally {
      this.#controller = undefined;
    }
  }

  /** Stops the running step (a streaming reply keeps its partial text, marked incomplete). */
  stop(): void {
    this.#controller?.abort(new AppError('aborted', 'Stopped.'));
  }

  /** Resolves once a stopped step has let go (its stream settles before the next request). */
  async released(): Promise<void> {
    while (this.#controller) await new Promise((resolve) => setTimeout(resolve, 0));
  }
}
