export interface StorageEstimate {
  usage: number;
  quota: number;
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
