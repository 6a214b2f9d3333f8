/**
 * Save-as-you-type for forms: each change (re)starts a short timer and the latest value is
 * saved once typing pauses, or at once on `flush` (the field loses focus, the page is hidden
 * or closed, the view goes away). Saves run one after another, never overlapping, so an older
 * value can never land after a newer one. Pure apart from the injected timers.
 */

/** The timer functions the helper uses; tests pass a manual clock. */
export interface SaveTimers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: SaveTimers = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface DebouncedSaveOptions<T> {
  /** Quiet time before a save, in ms. */
  delayMs?: number;
  /** Combines a queued value with a newer one (e.g. two field patches); by default the newer one wins. */
  merge?: (queued: T, next: T) => T;
  timers?: SaveTimers;
  /** After each save that did not return `false` (a save reports its own errors). */
  onSaved?: (value: T) => void;
}

export interface DebouncedSave<T> {
  /** A change: saved after the quiet time unless another change comes first. */
  schedule(value: T): void;
  /** Saves the waiting value now (if any); resolves when every save asked for so far is done. */
  flush(): Promise<void>;
  /** Forgets the waiting value without saving it. */
  cancel(): void;
  /** A change is waiting for its save. */
  readonly pending: boolean;
}

export const DEFAULT_SAVE_DELAY_MS = 400;

export function debouncedSave<T>(
  save: (value: T) => Promise<boolean | void> | boolean | void,
  options: DebouncedSaveOptions<T> = {},
): DebouncedSave<T> {
  const timers = options.timers ?? realTimers;
  const delay = options.delayMs ?? DEFAULT_SAVE_DELAY_MS;
  let queued: { value: T } | undefined;
  let timer: unknown;
  let chain: Promise<void> = Promise.resolve();

  const stopTimer = () => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };

  const flush = (): Promise<void> => {
    stopTimer();
    const next = queued;
    queued = undefined;
    if (next) {
      chain = chain.then(async () => {
        try {
          if ((await save(next.value)) !== false) options.onSaved?.(next.value);
        } catch {
          // The save shows its own error; the next change tries again.
        }
      });
    }
    return chain;
  };

  return {
    schedule(value: T) {
      queued = queued && options.merge ? { value: options.merge(queued.value, value) } : { value };
      stopTimer();
      timer = timers.setTimeout(() => {
        timer = undefined;
        void flush();
      }, delay);
    },
    flush,
    cancel() {
      stopTimer();
      queued = undefined;
    },
    get pending() {
      return queued !== undefined;
    },
  };
}

/** Where `flushWhenLeaving` listens; the browser's window and document by default. */
export interface PageEvents {
  window: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;
  document: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> & { readonly visibilityState: string };
}

/**
 * Runs `flush` when the page is hidden (tab switched, app backgrounded) or being unloaded
 * (reload, closed tab), the last moments a save can still start. Returns the remover.
 */
export function flushWhenLeaving(flush: () => unknown, page: PageEvents = { window, document }): () => void {
  const onHide = () => void flush();
  const onVisibility = () => {
    if (page.document.visibilityState === 'hidden') void flush();
  };
  page.window.addEventListener('pagehide', onHide);
  page.document.addEventListener('visibilitychange', onVisibility);
  return () => {
    page.window.removeEventListener('pagehide', onHide);
    page.document.removeEventListener('visibilitychange', onVisibility);
  };
}
