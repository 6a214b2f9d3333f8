/**
 * One tab owns an open conversation (issue 15, hole 5): the lock over a Web Locks manager shared
 * by two tabs (the in-memory manager has the rules of navigator.locks; the real one runs in the
 * browser), and the fallback where each tab has only its own manager and BroadcastChannel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConversationLock } from '../../../../src/adapters/tabs/conversation-lock';
import { createMemoryLockManager, type LockManagerLike } from '../../../../src/adapters/tabs/lock-manager';
import { broadcastNotices, type TabNotice } from '../../../../src/adapters/tabs/tab-notices';
import type { ConversationClaim } from '../../../../src/ports/conversation-lock';
import { createNoticeHub } from '../../../doubles/tab-notices';

/** Resolves when `claim` next becomes `owned` (or at once if it already is). */
function until(claim: ConversationClaim, owned: boolean): Promise<void> {
  if (claim.owned === owned) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = claim.onChange((now) => {
      if (now !== owned) return;
      stop();
      resolve();
    });
  });
}

/** Lets queued tasks run (notices arrive a task later, like a real channel). */
const settle = () => new Promise((resolve) => setTimeout(resolve));

function twoTabsSharingWebLocks() {
  const locks = createMemoryLockManager();
  const hub = createNoticeHub();
  const tab = (id: string) => createConversationLock({ locks, notices: hub.tab(), acrossTabs: true, tabId: id });
  return { a: tab('a'), b: tab('b'), hub };
}

const claims: ConversationClaim[] = [];
afterEach(() => {
  for (const claim of claims.splice(0)) claim.release();
});
const keep = (claim: ConversationClaim) => (claims.push(claim), claim);

describe('ConversationLock over Web Locks', () => {
  it('the first tab owns the conversation; a second tab opens it read-only', async () => {
    const { a, b } = twoTabsSharingWebLocks();
    const first = keep(await a.claim('s1'));
    const second = keep(await b.claim('s1'));
    expect(first.owned).toBe(true);
    expect(second.owned).toBe(false);
    // Another conversation is free.
    expect(keep(await b.claim('s2')).owned).toBe(true);
  });

  it('"continue here" takes it over; the tab that had it learns it lost it and is read-only', async () => {
    const { a, b } = twoTabsSharingWebLocks();
    const first = keep(await a.claim('s1'));
    const second = keep(await b.claim('s1'));
    const heard: boolean[] = [];
    first.onChange((owned) => heard.push(owned));
    await second.takeOver();
    expect(second.owned).toBe(true);
    await until(first, false);
    expect(heard).toEqual([false]);
  });

  it('when the owner lets go, the tab waiting for the conversation becomes its owner', async () => {
    const { a, b } = twoTabsSharingWebLocks();
    const first = keep(await a.claim('s1'));
    const second = keep(await b.claim('s1'));
    first.release();
    await until(second, true);
    expect(second.owned).toBe(true);
    expect(first.owned).toBe(false);
  });

  it('after a takeover the old owner waits in line and gets it back when the new owner leaves', async () => {
    const { a, b } = twoTabsSharingWebLocks();
    const first = keep(await a.claim('s1'));
    const second = keep(await b.claim('s1'));
    await second.takeOver();
    await until(first, false);
    second.release();
    await until(first, true);
  });

  it('a released claim never becomes the owner later, and release can be called twice', async () => {
    const { a, b } = twoTabsSharingWebLocks();
    const first = keep(await a.claim('s1'));
    const second = await b.claim('s1');
    second.release();
    second.release();
    first.release();
    const third = keep(await b.claim('s1'));
    expect(third.owned).toBe(true);
    expect(second.owned).toBe(false);
    await expect(second.takeOver()).rejects.toThrow(/released/);
  });

  it('the owner’s saves reach the read-only tab (to read the conversation again), never itself', async () => {
    const { a, b } = twoTabsSharingWebLocks();
    const owner = keep(await a.claim('s1'));
    const reader = keep(await b.claim('s1'));
    const other = keep(await b.claim('s2'));
    let ownerHeard = 0;
    let otherHeard = 0;
    owner.onRemoteChange(() => ownerHeard++);
    other.onRemoteChange(() => otherHeard++);
    const heard = new Promise<void>((resolve) => reader.onRemoteChange(resolve));
    owner.announceChange();
    await heard;
    await settle();
    expect(ownerHeard).toBe(0);
    expect(otherHeard).toBe(0);
  });
});

describe('ConversationLock without Web Locks (the fallback)', () => {
  function twoTabsWithoutWebLocks() {
    const hub = createNoticeHub();
    // Each tab has only its own in-memory manager: they cannot see each other's locks.
    const tab = (id: string) =>
      createConversationLock({ locks: createMemoryLockManager(), notices: hub.tab(), acrossTabs: false, tabId: id });
    return { a: tab('a'), b: tab('b') };
  }

  it('the tab that opens the conversation last owns it; the other hears it through BroadcastChannel and is read-only', async () => {
    const { a, b } = twoTabsWithoutWebLocks();
    expect(a.acrossTabs).toBe(false);
    const first = keep(await a.claim('s1'));
    expect(first.owned).toBe(true);
    const second = keep(await b.claim('s1'));
    expect(second.owned).toBe(true);
    await until(first, false);
    // "Continue here" in the first tab takes it back the same way.
    await first.takeOver();
    expect(first.owned).toBe(true);
    await until(second, false);
    // No line to wait in across tabs: leaving does not hand it over on its own.
    first.release();
    await settle();
    expect(second.owned).toBe(false);
  });

  it('inside one tab, two claims of one conversation keep the Web Locks rules', async () => {
    const tab = createConversationLock({ locks: createMemoryLockManager(), notices: createNoticeHub().tab(), acrossTabs: false });
    const first = keep(await tab.claim('s1'));
    const second = keep(await tab.claim('s1'));
    expect([first.owned, second.owned]).toEqual([true, false]);
    await second.takeOver();
    await until(first, false);
  });
});

describe('the in-memory lock manager keeps the Web Locks option rules', () => {
  const locks: LockManagerLike = createMemoryLockManager();

  it('refuses steal with ifAvailable, and a signal with either', async () => {
    await expect(locks.request('x', { steal: true, ifAvailable: true }, () => undefined)).rejects.toMatchObject({
      name: 'NotSupportedError',
    });
    await expect(locks.request('x', { steal: true, signal: new AbortController().signal }, () => undefined)).rejects.toMatchObject({
      name: 'NotSupportedError',
    });
  });

  it('a waiting request leaves the line with an AbortError when its signal aborts, and is never granted', async () => {
    let release!: () => void;
    const holding = locks.request('y', {}, () => new Promise<void>((r) => (release = r)));
    const line = new AbortController();
    let granted = false;
    const waiting = locks.request('y', { signal: line.signal }, () => void (granted = true));
    line.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await holding;
    expect(granted).toBe(false);
  });
});

describe('BroadcastChannel notices', () => {
  it('deliver well-formed notices to the other tab and drop anything else on the channel', async () => {
    const a = broadcastNotices();
    const b = broadcastNotices();
    const stranger = new BroadcastChannel('rehearse-tabs');
    try {
      const received: TabNotice[] = [];
      const got = new Promise<void>((resolve) =>
        b.subscribe((notice) => {
          received.push(notice);
          resolve();
        }),
      );
      stranger.postMessage({ kind: 'taken', conversationId: 42 });
      stranger.postMessage('<img src=x onerror=alert(1)>');
      a.post({ kind: 'taken', conversationId: 's1', from: 'a' });
      await got;
      expect(received).toEqual([{ kind: 'taken', conversationId: 's1', from: 'a' }]);
    } finally {
      a.close();
      b.close();
      stranger.close();
    }
  });

  it('do nothing where the browser has no BroadcastChannel', () => {
    const notices = broadcastNotices(null);
    expect(() => notices.post({ kind: 'changed', conversationId: 's', from: 'a' })).not.toThrow();
    notices.subscribe(() => undefined)();
  });
});
