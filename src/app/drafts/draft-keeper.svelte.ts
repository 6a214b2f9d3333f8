/**
 * One keeper for everything typed and not yet sent: the interview's answer box, the setup form,
 * the twin's profile fields. Nothing typed is lost on a reload, a crash or a closed tab:
 *
 * - each change is saved where the draft lives (`save`: e.g. with its session in IndexedDB)
 *   once typing pauses, and at once when the page is hidden or the screen goes away;
 * - Chromium drops an IndexedDB write started while a page closes, so what is still unsaved
 *   then is also written to localStorage (written at once) and `restore` puts it back next
 *   time, newer than the stored copy, and saves it;
 * - a draft without a `save` (the setup form) lives in localStorage alone, written at once.
 */
import { debouncedSave, flushWhenLeaving, type PageEvents, type SaveTimers } from './debounced-save';
import { readLocalJson, removeLocal, writeLocalJson } from './local-json';

export interface DraftKeeperOptions<T> {
  /** Saves the draft where it lives for good; `undefined` removes it. Absent: localStorage is its only home. */
  save?: (value: T | undefined) => Promise<void>;
  /** The localStorage key of this draft (per session or profile). */
  key: string;
  /** Reads back what localStorage held: untrusted (another version, a hand edit), so it is checked. */
  parse: (raw: unknown) => T | undefined;
  /** Two drafts hold the same (an unchanged form is not written again). */
  same?: (a: T | undefined, b: T | undefined) => boolean;
  delayMs?: number;
  timers?: SaveTimers;
  storage?: Storage;
}

export class DraftKeeper<T> {
  #failed = $state(false);
  /** Changes asked to be saved, and how many of them are known to be saved. */
  #edits = 0;
  #saved = 0;
  #last: T | undefined;
  #done = false;
  readonly #options: DraftKeeperOptions<T>;
  readonly #save;

  constructor(options: DraftKeeperOptions<T>) {
    this.#options = options;
    this.#save = debouncedSave<T | undefined>(
      async (value) => {
        const upTo = this.#edits;
        try {
          await options.save?.(value);
          this.#failed = false;
        } catch {
          this.#failed = true;
          return false;
        }
        this.#saved = Math.max(this.#saved, upTo);
        if (this.#saved === this.#edits) removeLocal(options.key, options.storage);
      },
      { ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}), ...(options.timers ? { timers: options.timers } : {}) },
    );
  }

  /** The last save failed (the draft is still in the form; say so). */
  get failed(): boolean {
    return this.#failed;
  }

  /** What the form shows when it opens: what the page could not save last time, else the stored draft. */
  restore(stored: T | undefined): T | undefined {
    const rescued = this.#options.parse(readLocalJson(this.#options.key, this.#options.storage));
    if (!this.#options.save) {
      this.#last = rescued;
      return rescued;
    }
    if (rescued === undefined) {
      this.#last = stored;
      return stored;
    }
    // Newer than the stored copy: back in the form, and saved now.
    this.#last = rescued;
    this.#edits++;
    this.#save.schedule(rescued);
    void this.#save.flush();
    return rescued;
  }

  /** The form changed. */
  change(value: T | undefined): void {
    if (this.#done || this.same(value, this.#last)) return;
    this.#last = value;
    if (!this.#options.save) {
      if (value === undefined) removeLocal(this.#options.key, this.#options.storage);
      else writeLocalJson(this.#options.key, value, this.#options.storage);
      return;
    }
    this.#edits++;
    this.#save.schedule(value);
  }

  /** The page is being hidden or closed: what is not saved yet goes where it survives, then is saved. */
  leaving(): void {
    if (this.#done || !this.#options.save) return;
    if (this.#saved !== this.#edits) writeLocalJson(this.#options.key, this.#last ?? null, this.#options.storage);
    void this.#save.flush();
  }

  /** Saves what is waiting now. */
  flush(): Promise<void> {
    return this.#save.flush();
  }

  /** The draft was used (sent, finished, submitted): nothing more is saved and its rescue copy goes. */
  discard(): void {
    this.#done = true;
    this.#save.cancel();
    removeLocal(this.#options.key, this.#options.storage);
  }

  /** Listens for the page being hidden or closed; returns the remover. */
  watchPage(page?: PageEvents): () => void {
    return flushWhenLeaving(() => this.leaving(), page);
  }

  private same(a: T | undefined, b: T | undefined): boolean {
    return this.#options.same ? this.#options.same(a, b) : a === b;
  }
}
