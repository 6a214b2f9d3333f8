/**
 * Loads (or checks) the chosen engine before a step that needs it, and keeps the error when it
 * cannot start, with the step it was for, so Try again repeats that step (a failed feedback is
 * not a lost reply).
 */
import { AppError, toAppError } from '../domain/errors';

export interface EngineReadiness {
  ready(options: { language?: string }): Promise<unknown>;
}

export class EngineGate<Step extends string> {
  #error = $state<AppError | null>(null);
  #step = $state<Step | null>(null);

  constructor(private readonly engines: EngineReadiness) {}

  /** Why the engine could not start, or null. */
  get error(): AppError | null {
    return this.#error;
  }
  /** The step the failed start was for. */
  get step(): Step | null {
    return this.#step;
  }

  /** Runs `action` once the engine is ready; false (and `error` set) when it could not start. */
  async run(step: Step, language: string, action: () => Promise<void>): Promise<boolean> {
    this.#error = null;
    this.#step = null;
    try {
      await this.engines.ready({ language });
    } catch (error) {
      this.#error = toAppError(error);
      this.#step = step;
      return false;
    }
    await action();
    return true;
  }
}
