/**
 * One tab writes an open conversation (issue 15, hole 5): the app-layer ownership over the real
 * lock adapter, with two "tabs" sharing the in-memory Web Locks manager and a notice hub.
 */
import { describe, expect, it } from 'vitest';
import { ConversationOwnership, type OwnershipHooks } from '../../../src/app/conversation-ownership.svelte';
import { createConversationLock } from '../../../src/adapters/tabs/conversation-lock';
import { createMemoryLockManager } from '../../../src/adapters/tabs/lock-manager';
import { createNoticeHub } from '../../doubles/tab-notices';

const settle = () => new Promise((resolve) => setTimeout(resolve));

function twoTabs() {
  const locks = createMemoryLockManager();
  const hub = createNoticeHub();
  const tab = (id: string) => new ConversationOwnership(createConversationLock({ locks, notices: hub.tab(), acrossTabs: true, tabId: id }));
  return { a: tab('a'), b: tab('b') };
}

/** Hooks that record what was asked of the tab; `regained` waits for `gate` when one is set. */
function recorder() {
  const log: string[] = [];
  let gate: Promise<void> | undefined;
  const hooks: OwnershipHooks = {
    regained: async () => {
      log.push('regained');
      await gate;
    },
    lost: () => void log.push('lost'),
    changed: async () => void log.push('changed'),
  };
  return { log, hooks, hold: (p: Promise<void>) => (gate = p) };
}

describe('ConversationOwnership', () => {
  it('without a lock the tab owns and writes', async () => {
    const own = new ConversationOwnership(undefined);
    await own.claim('s1', recorder().hooks);
    expect(own.canWrite).toBe(true);
    expect(own.readOnly).toBe(false);
  });

  it('the first tab writes; the second opens the conversation read-only', async () => {
    const { a, b } = twoTabs();
    await a.claim('s1', recorder().hooks);
    await b.claim('s1', recorder().hooks);
    expect(a.state).toBe('owned');
    expect(a.canWrite).toBe(true);
    expect(b.readOnly).toBe(true);
    expect(b.canWrite).toBe(false);
    a.release();
    b.release();
  });

  it('continue here: the taker reads the conversation again before it may write; the other tab stops and turns read-only', async () => {
    const { a, b } = twoTabs();
    const first = recorder();
    const second = recorder();
    await a.claim('s1', first.hooks);
    await b.claim('s1', second.hooks);
    let open!: () => void;
    second.hold(new Promise<void>((resolve) => (open = resolve)));

    const taking = b.takeOver();
    await settle();
    // Owned, but still reading: no write yet.
    expect(b.state).toBe('rejoining');
    expect(b.canWrite).toBe(false);
    expect(second.log).toEqual(['regained']);
    expect(a.readOnly).toBe(true);
    expect(first.log).toEqual(['lost']);

    open();
    await taking;
    expect(b.canWrite).toBe(true);
    a.release();
    b.release();
  });

  it('the owner saves: read-only tabs read it again; the owner does not hear its own change', async () => {
    const { a, b } = twoTabs();
    const first = recorder();
    const second = recorder();
    await a.claim('s1', first.hooks);
    await b.claim('s1', second.hooks);
    a.announce();
    await settle();
    expect(second.log).toEqual(['changed']);
    expect(first.log).toEqual([]);
    // A read-only tab announces nothing.
    b.announce();
    await settle();
    expect(first.log).toEqual([]);
    a.release();
    b.release();
  });

  it('when the owner lets go, the read-only tab becomes the owner after reading the conversation again', async () => {
    const { a, b } = twoTabs();
    const second = recorder();
    await a.claim('s1', recorder().hooks);
    await b.claim('s1', second.hooks);
    a.release();
    await settle();
    await settle();
    expect(second.log).toEqual(['regained']);
    expect(b.canWrite).toBe(true);
    b.release();
  });

  it('a released ownership forgets the conversation, and a claim that arrives after release is let go', async () => {
    const { a, b } = twoTabs();
    const claiming = a.claim('s1', recorder().hooks);
    a.release();
    await claiming;
    expect(a.state).toBe('free');
    // Nobody holds s1: the next tab owns it.
    await b.claim('s1', recorder().hooks);
    expect(b.state).toBe('owned');
    b.release();
  });
});
