/**
 * The ConversationLock over Web Locks (navigator.locks): a claim is an exclusive lock named
 * after the conversation, held until released. `ifAvailable` tells at once whether another tab
 * holds it; a tab that does not get it waits in line for it; "continue here" uses `steal`, and
 * the tab it is stolen from hears it as an AbortError of its held request. Where Web Locks are
 * missing, an in-memory lock manager keeps the same rules inside the tab, and claims and
 * takeovers are told to other tabs through BroadcastChannel (see tab-notices.ts): the tab that
 * opened or continued the conversation last owns it.
 */
import type { ConversationClaim, ConversationLock } from '../../ports/conversation-lock';
import { createMemoryLockManager, type LockManagerLike, type LockRequestOptions } from './lock-manager';
import { broadcastNotices, type TabNotices } from './tab-notices';

export interface ConversationLockDeps {
  locks: LockManagerLike;
  notices: TabNotices;
  /** True for navigator.locks (shared by the origin's tabs); false for the in-memory fallback. */
  acrossTabs: boolean;
  /** This tab's id in notices. */
  tabId?: string;
}

const lockName = (conversationId: string) => `rehearse:conversation:${conversationId}`;
const isAbort = (error: unknown) => (error as { name?: unknown } | null)?.name === 'AbortError';

/** The app's lock: Web Locks where the browser has them, the in-memory fallback elsewhere. */
export function createBrowserConversationLock(): ConversationLock {
  const locks = typeof navigator !== 'undefined' ? (navigator as { locks?: LockManagerLike }).locks : undefined;
  return createConversationLock({
    locks: locks ?? createMemoryLockManager(),
    notices: broadcastNotices(),
    acrossTabs: locks !== undefined,
  });
}

export function createConversationLock(deps: ConversationLockDeps): ConversationLock {
  const tabId = deps.tabId ?? crypto.randomUUID();
  return {
    acrossTabs: deps.acrossTabs,
    async claim(conversationId) {
      const claim = new Claim(conversationId, deps, tabId);
      await claim.start();
      return claim;
    },
  };
}

class Claim implements ConversationClaim {
  owned = false;
  private readonly name: string;
  private readonly changeListeners = new Set<(owned: boolean) => void>();
  private readonly remoteListeners = new Set<() => void>();
  /** Resolves the held lock's callback, which lets the lock go. */
  private letGo: (() => void) | undefined;
  private waiting: AbortController | undefined;
  private released = false;
  private readonly stopNotices: () => void;

  constructor(
    readonly conversationId: string,
    private readonly deps: ConversationLockDeps,
    private readonly tabId: string,
  ) {
    this.name = lockName(conversationId);
    this.stopNotices = deps.notices.subscribe((notice) => {
      if (notice.conversationId !== conversationId || notice.from === tabId || this.released) return;
      if (notice.kind === 'changed') for (const listener of this.remoteListeners) listener();
      // With Web Locks the steal itself tells us (below); without, this notice is all we get,
      // and we stay read-only until the user continues here (no line to wait in across tabs).
      else if (!deps.acrossTabs && this.owned) this.lose();
    });
  }

  async start(): Promise<void> {
    if (!(await this.request({ ifAvailable: true }))) this.wait();
    // Without Web Locks no tab can see another's claim: the tab that opens the conversation last
    // takes it, and tells the others so they turn read-only.
    else if (!this.deps.acrossTabs) this.postTaken();
  }

  onChange(listener: (owned: boolean) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  onRemoteChange(listener: () => void): () => void {
    this.remoteListeners.add(listener);
    return () => void this.remoteListeners.delete(listener);
  }

  async takeOver(): Promise<void> {
    if (this.released) throw new Error('This claim was released; claim the conversation again.');
    if (this.owned) return;
    this.leaveLine();
    await this.request({ steal: true });
    this.postTaken();
  }

  private postTaken(): void {
    this.deps.notices.post({ kind: 'taken', conversationId: this.conversationId, from: this.tabId });
  }

  announceChange(): void {
    if (!this.released) this.deps.notices.post({ kind: 'changed', conversationId: this.conversationId, from: this.tabId });
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.stopNotices();
    this.leaveLine();
    this.letGo?.();
    this.letGo = undefined;
    this.owned = false;
    this.changeListeners.clear();
    this.remoteListeners.clear();
  }

  /** Asks for the lock; resolves true once held, false when not available now (ifAvailable) or left. */
  private request(options: LockRequestOptions): Promise<boolean> {
    return new Promise<boolean>((settle) => {
      this.deps.locks
        .request(this.name, options, (lock) => {
          if (!lock) return void settle(false);
          // Released while this request waited: let go at once.
          if (this.released) return void settle(false);
          return new Promise<void>((letGo) => {
            this.letGo = letGo;
            this.setOwned(true);
            settle(true);
          });
        })
        .catch((error: unknown) => {
          settle(false);
          // Our held lock was stolen ("continue here" in another tab): read-only, and back in line.
          if (this.owned && isAbort(error)) {
            this.lose();
            if (!this.released) this.wait();
          }
        });
    });
  }

  /** Waits in line: when the owner lets go, this tab becomes the owner. */
  private wait(): void {
    if (this.waiting || this.released) return;
    const line = new AbortController();
    this.waiting = line;
    void this.request({ signal: line.signal }).then(() => {
      if (this.waiting === line) this.waiting = undefined;
    });
  }

  private leaveLine(): void {
    this.waiting?.abort();
    this.waiting = undefined;
  }

  private lose(): void {
    this.letGo?.();
    this.letGo = undefined;
    this.setOwned(false);
  }

  private setOwned(owned: boolean): void {
    if (this.owned === owned) return;
    this.owned = owned;
    for (const listener of this.changeListeners) listener(owned);
  }
}
