/**
 * What the browser lets us know and do about storage: usage/quota, persistence, our caches.
 */
import { deleteRehearseDB } from './db';

import type { CacheInfo, DeviceStoragePort, StorageEstimate } from '../../ports/device-storage';

// Cache names used by WebLLM ('webllm/model', 'webllm/config', 'webllm/wasm'), transformers.js
// ('transformers-cache') and our runtime cache of onnxruntime wasm ('rehearse-runtime').
const MODEL_CACHE = /^(webllm|transformers-cache|rehearse-runtime)/;

export const deviceStorage: DeviceStoragePort = {
  async estimate(): Promise<StorageEstimate | undefined> {
    if (!navigator.storage?.estimate) return undefined;
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    return { usage, quota };
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
    if (options.includeModels && typeof caches !== 'undefined') {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => MODEL_CACHE.test(n)).map((n) => caches.delete(n)));
    }
  },
};
