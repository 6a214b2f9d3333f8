/**
 * Persists a reply while it streams: once when it starts, then at most once per interval, and
 * once more after a stall, so a reload or crash at any moment keeps everything already shown
 * without writing to IndexedDB on every token. Writes run one after another; a failed write
 * makes the next awaited one throw, so the failure is shown rather than swallowed.
 */
export class StreamingWriter {
  private chain: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private trailing: ReturnType<typeof setTimeout> | undefined;
  /** True once the first write has been issued. */
  started = false;

  /**
   * @param save writes the reply as it stands now (`incomplete` while it is still streaming)
   * @param now the clock the interval is measured with
   */
  constructor(
    private readonly save: (incomplete: boolean) => Promise<void>,
    private readonly now: () => number,
    private readonly intervalMs = 1000,
  ) {}

  /** Call after new visible text: writes now when due, else makes sure a write follows soon. */
  async update(): Promise<void> {
    if (!this.started || this.now() - this.lastWrite >= this.intervalMs) {
      await this.write(true);
      return;
    }
    this.trailing ??= setTimeout(() => {
      this.trailing = undefined;
      this.write(true).catch(() => undefined);
    }, this.intervalMs);
  }

  /** Writes now (after any write in flight). */
  write(incomplete: boolean): Promise<void> {
    this.cancelTrailing();
    this.started = true;
    this.chain = this.chain.then(async () => {
      this.lastWrite = this.now();
      await this.save(incomplete);
    });
    return this.chain;
  }

  /** The stream is over: no more trailing write; waits for writes in flight (and throws if one failed). */
  async settle(): Promise<void> {
    this.cancelTrailing();
    await this.chain;
  }

  private cancelTrailing(): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
  }
}
