/** Before a model download: is there room, and will the browser keep the files? */
import type { DeviceStoragePort } from '../../ports/device-storage';
import { AppError } from '../../domain/errors';
import { formatMB, type CatalogModel } from '../../domain/device-fit';

const MiB = 1024 * 1024;

export interface StorageFacts {
  estimate?: { usage: number; quota: number };
  persisted?: boolean;
}

/**
 * Refuses a download that cannot fit, and asks the browser not to evict it (before the first
 * one). Returns what it learnt about storage for the screen.
 */
export async function prepareStorage(
  modelId: string,
  model: CatalogModel | undefined,
  storage: Pick<DeviceStoragePort, 'estimate' | 'persisted' | 'persist'>,
  state: { anyCached: boolean; persisted: boolean | undefined; onEstimate?: (estimate: { usage: number; quota: number }) => void },
): Promise<StorageFacts> {
  const facts: StorageFacts = {};
  const estimate = await storage.estimate().catch(() => undefined);
  if (estimate) {
    facts.estimate = estimate;
    state.onEstimate?.(estimate);
  }
  // WebLLM publishes only the GPU memory a model needs; its download is smaller, so this is an upper bound.
  const neededBytes = (model?.vramMB ?? 0) * MiB;
  if (estimate && neededBytes > 0 && estimate.quota - estimate.usage < neededBytes) {
    const free = Math.max(0, estimate.quota - estimate.usage);
    throw new AppError(
      'quota-exceeded',
      `${modelId} needs up to ${formatMB(neededBytes / MiB)} of storage, but the browser allows only ${formatMB(free / MiB)} more for Rehearse. Delete models you no longer use below, or free disk space, then try again.`,
      { details: { modelId, neededBytes, freeBytes: free } },
    );
  }
  let persisted = state.persisted;
  if (!state.anyCached && persisted !== true) {
    // Without persistence the browser may evict gigabytes of weights under storage pressure.
    persisted = (await storage.persisted().catch(() => undefined)) ?? persisted;
    if (persisted !== true) persisted = (await storage.persist().catch(() => undefined)) ?? persisted;
  }
  if (persisted !== undefined) facts.persisted = persisted;
  return facts;
}
