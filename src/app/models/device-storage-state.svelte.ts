/**
 * The browser storage the Models screen shows for downloads: how much is used of what is
 * allowed, and whether the browser promised to keep the files (persistence). Read again after
 * each download or delete; the check before a download (storage-check.ts) updates it too.
 */
import type { DeviceStoragePort } from '../../ports/device-storage';
import type { CatalogModel } from '../../domain/device-fit';
import { prepareStorage } from './storage-check';

type Storage = Pick<DeviceStoragePort, 'estimate' | 'persisted' | 'persist'>;

export class DeviceStorageState {
  #estimate = $state<{ usage: number; quota: number } | null>(null);
  #persisted = $state<boolean | undefined>(undefined);
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined) {
    this.#storage = storage;
  }

  get estimate(): { usage: number; quota: number } | null {
    return this.#estimate;
  }
  get persisted(): boolean | undefined {
    return this.#persisted;
  }

  async refresh(): Promise<void> {
    const storage = this.#storage;
    if (!storage) return;
    const [estimate, persisted] = await Promise.all([
      storage.estimate().catch(() => undefined),
      storage.persisted().catch(() => undefined),
    ]);
    if (estimate) this.#estimate = estimate;
    if (persisted !== undefined) this.#persisted = persisted;
  }

  async requestPersistence(): Promise<void> {
    this.#persisted = (await this.#storage?.persist()) ?? this.#persisted;
  }

  /** Before a download: refuses one that cannot fit, and asks the browser to keep the files (before the first one). */
  async checkRoomFor(modelId: string, model: CatalogModel | undefined, anyCached: boolean): Promise<void> {
    if (!this.#storage) return;
    const facts = await prepareStorage(modelId, model, this.#storage, {
      anyCached,
      persisted: this.#persisted,
      onEstimate: (estimate) => (this.#estimate = estimate),
    });
    if (facts.persisted !== undefined) this.#persisted = facts.persisted;
  }
}
