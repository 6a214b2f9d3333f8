/**
 * One twin conversation open in two tabs (issue 15, hole 5): two TwinStates on the real
 * IndexedDB repositories share the in-memory Web Locks manager and a notice hub, as two tabs
 * share navigator.locks and BroadcastChannel.
 */
import { describe, expect, it } from 'vitest';
import { TwinState } from '../../../src/app/twin/twin-state.svelte';
import { createConversationLock } from '../../../src/adapters/tabs/conversation-lock';
import { createMemoryLockManager } from '../../../src/adapters/tabs/lock-manager';
import { createNoticeHub } from '../../doubles/tab-notices';
import { twinSetup } from './twin-fixture';

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve));
};

describe('one tab owns an open twin conversation', () => {
  it('the second tab shows it read-only and follows; Continue here moves it; the first then asks nothing', async () => {
    const { editor, conversations, engine } = await twinSetup('Model answer.', { now: () => Date.now() });
    const locks = createMemoryLockManager();
    const hub = createNoticeHub();
    const tab = (id: string) =>
      new TwinState(editor, conversations, {
        schedule: (flush) => flush(),
        lock: createConversationLock({ locks, notices: hub.tab(), acrossTabs: true, tabId: id }),
      });
    const a = tab('a');
    await a.open();
    await a.editor.newProfile('Ada');
    await a.conversation.send('What do you do?');
    expect(a.conversation.ownership.state).toBe('owned');

    const b = tab('b');
    await b.open();
    expect(b.conversation.messages.map((m) => m.text)).toEqual(['What do you do?', 'Model answer.']);
    expect(b.conversation.ownership.readOnly).toBe(true);
    expect(b.conversation.writable).toBe(false);
    // A question from the read-only tab is not asked.
    await b.conversation.send('Asked in the read-only tab?');
    expect(b.conversation.messages).toHaveLength(2);
    expect(engine.requests).toHaveLength(1);

    // The owner asks again: the read-only tab reads the conversation again.
    await a.conversation.send('And before that?');
    await settle();
    expect(b.conversation.messages).toHaveLength(4);

    await b.conversation.ownership.takeOver();
    await settle();
    expect(b.conversation.writable).toBe(true);
    expect(a.conversation.ownership.readOnly).toBe(true);
    await a.conversation.send('Asked in the tab that lost it?');
    await a.conversation.retry();
    expect(engine.requests).toHaveLength(2);

    await b.conversation.send('Why Rust?');
    expect(b.conversation.error).toBeUndefined();
    await settle();
    expect(a.conversation.messages.map((m) => m.text)).toEqual(b.conversation.messages.map((m) => m.text));
    expect(b.conversation.messages).toHaveLength(6);

    // Leaving the screen lets it go: the tab waiting for it becomes the owner.
    b.stop();
    await settle();
    expect(a.conversation.writable).toBe(true);
    a.stop();
  });
});
