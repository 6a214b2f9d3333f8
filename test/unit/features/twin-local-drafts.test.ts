import { describe, expect, it } from 'vitest';
import { DraftKeeper } from '../../../src/app/drafts/draft-keeper.svelte';
import { clearProjectDraft, parseProjectDraft, projectDraftKey, readProjectDraft } from '../../../src/features/twin/local-drafts';
import { memoryStorage } from '../../doubles/memory-storage';

describe('twin local drafts', () => {
  it('reads a project draft back, and nothing from damaged or blocked storage', () => {
    const storage = memoryStorage();
    // Written by the editor's DraftKeeper (localStorage only, at once), read back by the panel.
    new DraftKeeper({ key: projectDraftKey('a'), parse: parseProjectDraft, storage }).change({
      projectId: 'p1',
      title: 'Rust',
      description: 'd',
      tags: 't',
      link: '',
    });
    expect(readProjectDraft('a', storage)).toEqual({ projectId: 'p1', title: 'Rust', description: 'd', tags: 't', link: '' });
    clearProjectDraft('a', storage);
    expect(readProjectDraft('a', storage)).toBeUndefined();
    storage.setItem('rehearse-twin-project-draft:a', '{not json');
    expect(readProjectDraft('a', storage)).toBeUndefined();
    const blocked = {
      ...memoryStorage(),
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const keeper = new DraftKeeper({ key: projectDraftKey('a'), parse: parseProjectDraft, storage: blocked });
    expect(() => keeper.change({ title: 'x', description: '', tags: '', link: '' })).not.toThrow();
    expect(readProjectDraft('a', blocked)).toBeUndefined();
  });
});
