import { describe, expect, it } from 'vitest';
import {
  clearProjectDraft,
  clearUnsavedEdits,
  readProjectDraft,
  readUnsavedEdits,
  writeProjectDraft,
  writeUnsavedEdits,
} from '../../../src/features/twin/local-drafts';
import { memoryStorage } from '../../doubles/memory-storage';

describe('twin local drafts', () => {
  it('keeps unsaved profile fields per profile, only the known text fields', () => {
    const storage = memoryStorage();
    writeUnsavedEdits('a', { resume: 'Pasted resume', name: 'Ada' }, storage);
    storage.setItem('rehearse-twin-unsaved:b', JSON.stringify({ resume: 42, qa: [], systemPrompt: 'x' }));
    expect(readUnsavedEdits('a', storage)).toEqual({ resume: 'Pasted resume', name: 'Ada' });
    expect(readUnsavedEdits('b', storage)).toEqual({ systemPrompt: 'x' });
    clearUnsavedEdits('a', storage);
    expect(readUnsavedEdits('a', storage)).toBeUndefined();
  });

  it('reads a project draft back, and nothing from damaged or blocked storage', () => {
    const storage = memoryStorage();
    writeProjectDraft('a', { projectId: 'p1', title: 'Rust', description: 'd', tags: 't', link: '' }, storage);
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
    expect(() => writeUnsavedEdits('a', { resume: 'x' }, blocked)).not.toThrow();
    expect(readUnsavedEdits('a', blocked)).toBeUndefined();
  });
});
