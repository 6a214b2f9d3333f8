/**
 * What the browser lets us know and do about storage: usage/quota, persistence, our caches.
 */
import { deleteRehearseDB } from './db';
import { announceErase } from './erase-signal';

import type { CacheInfo, DeviceStoragePort, StorageBreakdown, StorageEstimate } from '../../ports/device-storage';

// Cache names used by WebLLM ('webllm/model', 'webllm/config', 'webllm/wasm'), transformers.js
// ('transformers-cache') and our runtime cache of onnxruntime wasm ('rehearse-runtime').
const MODEL_CACHE = /^(webllm|transformers-cache|rehearse-runtime)/;

/** Chrome's non-standard split of `usage` by storage system (bytes). */
export interface UsageDetails {
  indexedDB?: number;
  caches?: number;
  serviceWorkerRegistrations?: number;
  fileSystem?: number;
}

/** Maps the browser's split onto what a user recognises; undefined where the browser gives none. */
export function breakdownOf(details: UsageDetails | undefined): StorageBreakdown | undefined {
  if (!details || typeof details !== 'object') return undefined;
  const bytes = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0);
  return {
    savedData: bytes(details.indexedDB),
    downloads: bytes(details.caches) + bytes(details.serviceWorkerRegistrations),
  };
}

export const deviceStorage: DeviceStoragePort = {
  async estimate(): Promise<StorageEstimate | undefined> {
    if (!navigator.storage?.estimate) return undefined;
    const estimate = await navigator.storage.estimate();
    const { usage = 0, quota = 0 } = estimate;
    const breakdown = breakdownOf((estimate as { usageDetails?: UsageDetails }).usageDetails);
    return breakdown ? { usage, quota, breakdown } : { usage, quota };
  },
  async persisted(): Promise<boolean | undefined> {
    if (!navigator.storage?.persisted) return undefined;
    return navigator.storage.persisted();
  },
  async persist(): Promise<boolean | undefined> {
    if (!navigator.storage?.persist) return undefined;
    return navigator.storage.persist();
  },
  async caches(): Promise<CacheInfo[]> {
    if (typeof caches === 'undefined') return [];
    const names = await caches.keys();
    return names.map((name) => ({ name, kind: MODEL_CACHE.test(name) ? 'models' : 'app' }));
  },
  /** Erases the database (all sessions, documents, profiles, settings) and, if asked, model caches. */
  async eraseEverything(options: { includeModels: boolean }): Promise<void> {
    await deleteRehearseDB();
    try {
      localStorage.clear();
    } catch {
      // Storage may be blocked (private mode); nothing stored there then.
    }
    // Other tabs must not keep what was erased (the API key above all) in memory.
    announceErase();
    if (options.includeModels && typeof caches !== 'undefined') {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => MODEL_CACHE.test(n)).map((n) => caches.delete(n)));
    }
  },
};
