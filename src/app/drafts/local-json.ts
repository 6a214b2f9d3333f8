/**
 * Small JSON values in localStorage for what must survive a closing page: localStorage is
 * written at once, while an IndexedDB write started as the page closes is dropped. Storage may
 * be blocked (private modes) or full; then reads find nothing and writes do nothing, and the
 * caller's normal save path still runs.
 */

export function readLocalJson(key: string, storage: Storage | undefined = globalThis.localStorage): unknown {
  try {
    const raw = storage?.getItem(key);
    return raw ? (JSON.parse(raw) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

export function writeLocalJson(key: string, value: unknown, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Blocked or full: nothing kept, the normal save still ran.
  }
}

export function removeLocal(key: string, storage: Storage | undefined = globalThis.localStorage): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing stored then.
  }
}
