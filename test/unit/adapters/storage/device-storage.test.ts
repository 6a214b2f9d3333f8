import { describe, expect, it } from 'vitest';
import { breakdownOf } from '../../../../src/adapters/storage/device-storage';

describe('breakdownOf (what uses the space, for the storage panel and "out of storage" help)', () => {
  it('puts IndexedDB under saved data and caches plus the service worker under downloads', () => {
    expect(breakdownOf({ indexedDB: 2_000, caches: 900_000_000, serviceWorkerRegistrations: 5_000 })).toEqual({
      savedData: 2_000,
      downloads: 900_005_000,
    });
  });

  it('counts missing or nonsense figures as zero', () => {
    expect(breakdownOf({ caches: 10, indexedDB: Number.NaN, serviceWorkerRegistrations: -5 })).toEqual({ savedData: 0, downloads: 10 });
  });

  it('gives no breakdown when the browser gives none (Firefox, Safari)', () => {
    expect(breakdownOf(undefined)).toBeUndefined();
  });
});
