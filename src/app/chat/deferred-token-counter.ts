/**
 * The token counter a mode's requests are sized with, kept off the path of the first reply: the
 * default tokenizer's table is about 0.4 MB of gzip, so it is fetched only when `load()` is
 * called (after a reply, while the user reads). Until it has loaded, `current()` is
 * `estimateTokens`, which over-counts, so every budget stays safe. An injected counter (tests,
 * benchmarks) is used as given, from the start.
 */
import { estimateTokens, loadTokenCounter, type TokenCounter } from '../../domain/tokens';

export class DeferredTokenCounter {
  #counter: TokenCounter | undefined;
  #loading: Promise<void> | undefined;

  constructor(private readonly injected?: () => Promise<TokenCounter>) {}

  async current(): Promise<TokenCounter> {
    if (this.injected) return (this.#counter ??= await this.injected());
    return this.#counter ?? estimateTokens;
  }

  /** Fetches the default tokenizer once; a failure keeps the estimate, and the next call tries again. */
  load(): void {
    if (this.injected || this.#counter || this.#loading) return;
    this.#loading = loadTokenCounter().then(
      (counter) => void (this.#counter = counter),
      () => void (this.#loading = undefined),
    );
  }
}
