/**
 * "Everything was erased" told to the other tabs of this origin, so none of them keeps the
 * erased data — above all the API key — in memory. A BroadcastChannel carries it; the
 * `storage` event that `localStorage.clear()` fires in other tabs (key null) is the fallback
 * where BroadcastChannel is missing.
 */
const CHANNEL = 'rehearse-erase';

interface EraseScope {
  BroadcastChannel?: typeof BroadcastChannel;
  addEventListener?: (type: 'storage', listener: (event: StorageEvent) => void) => void;
  removeEventListener?: (type: 'storage', listener: (event: StorageEvent) => void) => void;
}

/** Tells the other tabs that everything was erased (called after the erase). */
export function announceErase(scope: EraseScope = globalThis as EraseScope): void {
  if (!scope.BroadcastChannel) return;
  try {
    const channel = new scope.BroadcastChannel(CHANNEL);
    channel.postMessage({ type: 'erased' });
    channel.close();
  } catch {
    // A browser without a working channel still has the storage event below.
  }
}

/** Calls `listener` when another tab erased everything; returns an unsubscribe. */
export function onEraseElsewhere(listener: () => void, scope: EraseScope = globalThis as EraseScope): () => void {
  const channel = scope.BroadcastChannel ? new scope.BroadcastChannel(CHANNEL) : undefined;
  const onMessage = (event: MessageEvent) => {
    if ((event.data as { type?: unknown } | null)?.type === 'erased') listener();
  };
  channel?.addEventListener('message', onMessage);
  // `localStorage.clear()` in another tab arrives as a storage event whose key is null.
  const onStorage = (event: StorageEvent) => {
    if (event.key === null) listener();
  };
  scope.addEventListener?.('storage', onStorage);
  return () => {
    channel?.removeEventListener('message', onMessage);
    channel?.close();
    scope.removeEventListener?.('storage', onStorage);
  };
}
