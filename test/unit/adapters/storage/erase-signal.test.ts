import { describe, expect, it, vi } from 'vitest';
import { announceErase, onEraseElsewhere } from '../../../../src/adapters/storage/erase-signal';

describe('erase signal (issue 15 hole 4: an erase in another tab)', () => {
  it('tells every other listener of this origin over a BroadcastChannel', async () => {
    const heard = vi.fn();
    const stop = onEraseElsewhere(heard);
    announceErase();
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1));
    stop();
    announceErase();
    // A second channel proves the message went out; the stopped listener stays silent.
    const again = vi.fn();
    const stopAgain = onEraseElsewhere(again);
    announceErase();
    await vi.waitFor(() => expect(again).toHaveBeenCalled());
    stopAgain();
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('also hears localStorage.clear() in another tab (a storage event with key null) where there is no channel', () => {
    const listeners: ((event: StorageEvent) => void)[] = [];
    const scope = {
      addEventListener: (_type: 'storage', l: (event: StorageEvent) => void) => void listeners.push(l),
      removeEventListener: () => undefined,
    };
    const heard = vi.fn();
    onEraseElsewhere(heard, scope);
    for (const l of listeners) l({ key: 'rehearse:draft' } as StorageEvent);
    expect(heard).not.toHaveBeenCalled();
    for (const l of listeners) l({ key: null } as StorageEvent);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('ignores other messages on the channel', async () => {
    const heard = vi.fn();
    const stop = onEraseElsewhere(heard);
    const other = new BroadcastChannel('rehearse-erase');
    other.postMessage({ type: 'something-else' });
    other.postMessage({ type: 'erased' });
    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1));
    other.close();
    stop();
  });
});
