/**
 * Work the practice mode does while the engine is idle (after a reply is complete, while the
 * candidate reads and answers): the rest of the guideline, a summary the next turn will need.
 * Tasks run one after another; a turn waits for them (`settled`) before it sends its request,
 * so the engine never serves two requests at once. A failed task is not fatal here: the turn
 * that needs its result does the work again on its own path and reports the error there.
 */
export class IdleWork {
  #chain: Promise<void> = Promise.resolve();
  #controller = new AbortController();
  #pending = 0;

  /** Queues a task; it gets a signal that `abort` fires. */
  run(task: (signal: AbortSignal) => Promise<void>): void {
    const signal = this.#controller.signal;
    this.#pending++;
    this.#chain = this.#chain
      .then(() => (signal.aborted ? undefined : task(signal)))
      .catch(() => undefined)
      .finally(() => void this.#pending--);
  }

  /** True while a task is queued or running. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** Resolves when every queued task has ended (never rejects). */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** Stops the running task and drops the queued ones; later tasks run again. */
  abort(): void {
    this.#controller.abort();
    this.#controller = new AbortController();
  }
}
