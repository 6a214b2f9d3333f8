import { describe, expect, it } from 'vitest';
import { ProfileEditorState } from '../../../src/app/twin/profile-editor-state.svelte';
import { ProfileFieldsDraft, parseProfileFields, profileRescueKey } from '../../../src/app/twin/profile-fields-draft';
import type { PageEvents, SaveTimers } from '../../../src/app/drafts/debounced-save';
import { memoryStorage } from '../../doubles/memory-storage';
import { twinSetup } from './twin-fixture';

/** Timers that run only when the test says so. */
function manualTimers() {
  const queue = new Map<number, () => void>();
  let next = 0;
  const timers: SaveTimers = {
    setTimeout: (run) => {
      queue.set(++next, run);
      return next;
    },
    clearTimeout: (handle) => void queue.delete(handle as number),
  };
  return { timers, pending: () => queue.size };
}

/** A page whose "hidden" event the test fires. */
function fakePage() {
  const listeners: (() => void)[] = [];
  const target = { addEventListener: (_: string, run: () => void) => listeners.push(run), removeEventListener: () => {} };
  const page = { window: target, document: { ...target, visibilityState: 'hidden' } } as unknown as PageEvents;
  return { page, hide: () => listeners.forEach((run) => run()) };
}

async function setup() {
  const { editor } = await twinSetup('x');
  const state = new ProfileEditorState(editor);
  await state.newProfile('Ada');
  const storage = memoryStorage();
  const { timers, pending } = manualTimers();
  const saved: boolean[] = [];
  const draft = () => new ProfileFieldsDraft(state, state.profile!, { timers, storage, onSaved: (ok) => saved.push(ok) });
  return { editor, state, storage, draft, pending, saved };
}

describe('ProfileFieldsDraft (the twin profile fields on the one DraftKeeper)', () => {
  it('saves what was typed after a pause, writing only the fields that changed', async () => {
    const { state, draft, pending, saved } = await setup();
    const fields = draft();
    const opened = state.profile!;
    fields.change({ name: 'Ada', systemPrompt: opened.systemPrompt, resume: 'Compiler engineer' });
    expect(pending()).toBe(1); // waits for typing to pause
    // An import lands meanwhile: the resume field the user did not touch must not be written back.
    await state.updateProfile({ systemPrompt: 'Imported elsewhere' });
    await fields.flush();
    expect(state.profile?.resume).toBe('Compiler engineer');
    expect(state.profile?.systemPrompt).toBe('Imported elsewhere');
    expect(saved).toEqual([true]);
  });

  it('leaves a blank name out while typing', async () => {
    const { state, draft } = await setup();
    const fields = draft();
    fields.change({ name: '  ', systemPrompt: state.profile!.systemPrompt, resume: 'R' });
    await fields.flush();
    expect(state.profile).toMatchObject({ name: 'Ada', resume: 'R' });
    expect(state.error).toBeUndefined();
  });

  it('keeps unsaved words in Web Storage when the page is hidden, and puts them back and saves them next time', async () => {
    const { state, storage, draft } = await setup();
    const { page, hide } = fakePage();
    const first = draft();
    first.watchPage(page);
    first.change({ name: 'Ada L.', systemPrompt: state.profile!.systemPrompt, resume: 'Typed before the tab closed' });
    // The page goes away before IndexedDB finishes: the rescue copy is written at once.
    expect(storage.getItem(profileRescueKey(state.profile!.id))).toBeNull();
    hide();
    expect(parseProfileFields(JSON.parse(storage.getItem(profileRescueKey(state.profile!.id))!))).toMatchObject({
      resume: 'Typed before the tab closed',
    });

    // Here the save finishes: the copy goes.
    await first.flush();
    expect(state.profile?.resume).toBe('Typed before the tab closed');
    expect(storage.getItem(profileRescueKey(state.profile!.id))).toBeNull();

    // A page that closed before its save finished left a copy: next visit, it is back in the boxes and saved.
    storage.setItem(profileRescueKey(state.profile!.id), JSON.stringify({ name: 'Ada L.', resume: 'Lost with the tab' }));
    const second = draft();
    expect(second.restore()).toEqual({ name: 'Ada L.', resume: 'Lost with the tab' });
    await second.flush();
    expect(state.profile).toMatchObject({ name: 'Ada L.', resume: 'Lost with the tab' });
    expect(storage.getItem(profileRescueKey(state.profile!.id))).toBeNull();
    expect(draft().restore()).toBeUndefined();
  });

  it('reads back only the known text fields of a rescue copy', () => {
    expect(parseProfileFields({ resume: 42, qa: [], systemPrompt: 'x' })).toEqual({ systemPrompt: 'x' });
    expect(parseProfileFields('nonsense')).toBeUndefined();
    expect(parseProfileFields({})).toBeUndefined();
  });
});
