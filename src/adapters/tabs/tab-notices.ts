/**
 * Notices between this app's tabs about open conversations, over BroadcastChannel: "I took this
 * conversation over" (so the tab that had it learns it where Web Locks are missing) and "I saved
 * this conversation" (so read-only tabs read it again).
 */

export interface TabNotice {
  kind: 'taken' | 'changed';
  conversationId: string;
  /** The sending tab, so a tab never acts on its own notice. */
  from: string;
}

export interface TabNotices {
  post(notice: TabNotice): void;
  /** Returns a function that stops listening. */
  subscribe(listener: (notice: TabNotice) => void): () => void;
  /** Stops the channel (tests; the app keeps it for its lifetime). */
  close(): void;
}

const CHANNEL = 'rehearse-tabs';

/** Only well-formed notices get through (anything on the channel is data, never trusted). */
function asNotice(value: unknown): TabNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, conversationId, from } = value as Record<string, unknown>;
  if ((kind !== 'taken' && kind !== 'changed') || typeof conversationId !== 'string' || typeof from !== 'string') return undefined;
  return { kind, conversationId, from };
}

/** BroadcastChannel notices, or none where the browser has no BroadcastChannel (`null`). */
export function broadcastNotices(channelFactory: ((name: string) => BroadcastChannel) | null = defaultChannel()): TabNotices {
  if (!channelFactory) return { post: () => undefined, subscribe: () => () => undefined, close: () => undefined };
  const channel = channelFactory(CHANNEL);
  const listeners = new Set<(notice: TabNotice) => void>();
  channel.onmessage = (event: MessageEvent) => {
    const notice = asNotice(event.data);
    if (notice) for (const listener of listeners) listener(notice);
  };
  return {
    post: (notice) => channel.postMessage(notice),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: () => channel.close(),
  };
}

function defaultChannel(): ((name: string) => BroadcastChannel) | null {
  return typeof BroadcastChannel === 'undefined' ? null : (name) => new BroadcastChannel(name);
}
