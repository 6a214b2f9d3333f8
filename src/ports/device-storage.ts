export interface StorageEstimate {
  usage: number;
  quota: number;
  /** What the usage is made of, where the browser says (Chrome's `usageDetails`). */
  breakdown?: StorageBreakdown;
}

export interface StorageBreakdown {
  /** IndexedDB: sessions, messages, reports, profiles, documents and the search index. */
  savedData: number;
  /** Cache Storage and the service worker: downloaded models and the app's own files. */
  downloads: number;
}

export interface CacheInfo {
  name: string;
  /** Model weights and runtimes (large); the rest is the app shell. */
  kind: 'models' | 'app';
}

/** What the browser lets us know and do about this origin's storage. */
export interface DeviceStoragePort {
  estimate(): Promise<StorageEstimate | undefined>;
  persisted(): Promise<boolean | undefined>;
  persist(): Promise<boolean | undefined>;
  caches(): Promise<CacheInfo[]>;
  eraseEverything(options: { includeModels: boolean }): Promise<void>;
}
