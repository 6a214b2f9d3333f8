import { describe, expect, it } from 'vitest';
import { readLocalJson, removeLocal, writeLocalJson } from '../../../../src/app/drafts/local-json';
import { memoryStorage } from '../../../doubles/memory-storage';

/** Private modes and full disks: every call throws. */
const blocked = new Proxy({} as Storage, {
  get: () => () => {
    throw new DOMException('blocked', 'SecurityError');
  },
});

describe('local-json (what a closing page keeps)', () => {
  it('writes, reads back and removes a JSON value', () => {
    const storage = memoryStorage();
    writeLocalJson('k', { text: 'unsent', n: 2 }, storage);
    expect(readLocalJson('k', storage)).toEqual({ text: 'unsent', n: 2 });
    removeLocal('k', storage);
    expect(readLocalJson('k', storage)).toBeUndefined();
  });

  it('reads a corrupt value as nothing', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(readLocalJson('k', storage)).toBeUndefined();
  });

  it('never throws when storage is blocked or full', () => {
    expect(() => writeLocalJson('k', { a: 1 }, blocked)).not.toThrow();
    expect(readLocalJson('k', blocked)).toBeUndefined();
    expect(() => removeLocal('k', blocked)).not.toThrow();
  });
});
