import type { Settings } from '../domain/records';
import { defaultSettings } from '../domain/settings-defaults';
import { toAppError, type AppError } from '../domain/errors';
import type { SettingsRepository } from '../ports/repositories';

/** The one settings record, reactive for the UI and saved on every change. */
export class SettingsStore {
  #value = $state<Settings>(defaultSettings());
  #loaded = $state(false);
  #error = $state<AppError | null>(null);

  get value(): Settings {
    return this.#value;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): AppError | null {
    return this.#error;
  }

  constructor(private readonly repo: SettingsRepository) {}

  async load(): Promise<void> {
    try {
      this.#value = await this.repo.get();
    } catch (e) {
      this.#error = toAppError(e);
    } finally {
      this.#loaded = true;
    }
  }

  /** Applies a change and saves it; on a failed save the change is reverted and the error shown. */
  async update(change: (draft: Settings) => void): Promise<void> {
    const previous = $state.snapshot(this.#value) as Settings;
    const draft = structuredClone(previous);
    change(draft);
    // A change may assign reactive objects from a form; only plain data can reach IndexedDB.
    const next = $state.snapshot(draft) as Settings;
    this.#value = next;
    try {
      await this.repo.put(next);
      this.#error = null;
    } catch (e) {
      this.#value = previous;
      this.#error = toAppError(e);
      throw this.#error;
    }
  }
}
