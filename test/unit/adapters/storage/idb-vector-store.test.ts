import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { openRehearseDB } from '../../../../src/adapters/storage/db';
import { IdbVectorStore } from '../../../../src/adapters/storage/idb-vector-store';
import type { VectorItem } from '../../../../src/ports/vector-store';

let dbName = '';
let counter = 0;

function unit(values: number[]): Float32Array {
  const v = Float32Array.from(values);
  const n = Math.hypot(...values) || 1;
  return v.map((x) => x / n);
}

function item(id: string, documentId: string, index: number, values: number[], tags?: string[]): VectorItem {
  return { id, documentId, index, text: `text of ${id}`, vector: unit(values), ...(tags ? { tags } : {}) };
}

function store(): IdbVectorStore {
  return new IdbVectorStore(() => openRehearseDB({ name: dbName }));
}

beforeEach(() => {
  dbName = `vector-test-${++counter}`;
});

describe('IdbVectorStore', () => {
  it('returns the top-k by cosine with texts, tags and document ids', async () => {
    const s = store();
    await s.upsert('ns', 'm1', [item('a', 'd1', 0, [1, 0, 0]), item('b', 'd1', 1, [0.6, 0.8, 0], ['x']), item('c', 'd2', 0, [0, 0, 1])]);
    const hits = await s.query('ns', 'm1', unit([0, 1, 0]), 2);
    expect(hits.map((h) => h.id)).toEqual(['b', 'a']);
    expect(hits[0]).toMatchObject({ documentId: 'd1', index: 1, text: 'text of b', tags: ['x'] });
    expect(hits[0]?.score).toBeCloseTo(0.8, 5);
  });

  it('persists across instances (a reload) and keeps vectors as Float32Array', async () => {
    await store().upsert('ns', 'm1', [item('a', 'd1', 0, [1, 2, 3])]);
    const fresh = store();
    const loaded = await fresh.load('ns', 'm1');
    expect(loaded.count).toBe(1);
    expect(loaded.dims).toBe(3);
    expect(loaded.matrix).toBeInstanceOf(Float32Array);
    expect(Array.from(loaded.matrix)).toEqual(Array.from(unit([1, 2, 3])));
  });

  it('caches the namespace matrix and invalidates it on write and delete', async () => {
    const s = store();
    await s.upsert('ns', 'm1', [item('a', 'd1', 0, [1, 0])]);
    const first = await s.load('ns', 'm1');
    expect(await s.load('ns', 'm1')).toBe(first);
    await s.upsert('ns', 'm1', [item('b', 'd1', 1, [0, 1])]);
    const second = await s.load('ns', 'm1');
    expect(second).not.toBe(first);
    expect(second.count).toBe(2);
    expect((await s.query('ns', 'm1', unit([0, 1]), 1))[0]?.id).toBe('b');
    await s.deleteDocument('d1');
    expect(await s.query('ns', 'm1', unit([0, 1]), 5)).toEqual([]);
  });

  it('ignores vectors of another model and reports the model ids present', async () => {
    const s = store();
    await s.upsert('ns', 'old-model', [item('a', 'd1', 0, [1, 0, 0, 0])]);
    await s.upsert('ns', 'new-model', [item('b', 'd1', 1, [0, 1])]);
    expect(await s.modelIds('ns')).toEqual(['new-model', 'old-model']);
    const hits = await s.query('ns', 'new-model', unit([1, 1]), 5);
    expect(hits.map((h) => h.id)).toEqual(['b']);
    expect(await s.query('ns', 'missing-model', unit([1, 1]), 5)).toEqual([]);
  });

  it('deletes a document’s chunks in every namespace, and only those', async () => {
    const s = store();
    await s.upsert('n1', 'm', [item('a', 'd1', 0, [1, 0]), item('b', 'd2', 0, [0, 1])]);
    await s.upsert('n2', 'm', [item('c', 'd1', 0, [1, 1])]);
    await s.load('n1', 'm');
    await s.deleteDocument('d1');
    expect((await s.listChunks('n1')).map((c) => c.id)).toEqual(['b']);
    expect(await s.listChunks('n2')).toEqual([]);
    expect((await s.query('n1', 'm', unit([1, 0]), 5)).map((h) => h.id)).toEqual(['b']);
  });

  it('deletes a namespace without touching others', async () => {
    const s = store();
    await s.upsert('n1', 'm', [item('a', 'd1', 0, [1, 0])]);
    await s.upsert('n2', 'm', [item('b', 'd2', 0, [1, 0])]);
    await s.deleteNamespace('n1');
    expect(await s.modelIds('n1')).toEqual([]);
    expect((await s.query('n2', 'm', unit([1, 0]), 5)).map((h) => h.id)).toEqual(['b']);
  });

  it('lists chunks without vectors, in document order', async () => {
    const s = store();
    await s.upsert('ns', 'm', [item('b', 'd1', 1, [1, 0]), item('a', 'd1', 0, [0, 1], ['t'])]);
    const listed = await s.listChunks('ns');
    expect(listed.map((c) => c.id)).toEqual(['a', 'b']);
    expect(listed[0]).toEqual({ id: 'a', documentId: 'd1', index: 0, text: 'text of a', modelId: 'm', tags: ['t'] });
  });

  it('rejects mixed vector sizes in one upsert and a query of the wrong size, as AppErrors', async () => {
    const s = store();
    await expect(s.upsert('ns', 'm', [item('a', 'd', 0, [1, 0]), item('b', 'd', 1, [1, 0, 0])])).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await s.upsert('ns', 'm', [item('a', 'd', 0, [1, 0])]);
    await expect(s.query('ns', 'm', unit([1, 0, 0]), 1)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('turns an unopenable database into a storage-unavailable AppError', async () => {
    const s = new IdbVectorStore(() => Promise.reject(new Error('blocked')));
    await expect(s.query('ns', 'm', unit([1]), 1)).rejects.toMatchObject({ code: 'storage-unavailable' });
    const viaDb = new IdbVectorStore(() => openRehearseDB({ name: dbName, version: 0 }));
    await expect(viaDb.modelIds('ns')).rejects.toMatchObject({ code: 'storage-unavailable' });
  });

  it('stores chunks without vectors as pending: listed, never scored, not a model id', async () => {
    const s = store();
    await s.upsertText('ns', [{ id: 'p', documentId: 'd', index: 0, text: 'pending text' }]);
    await s.upsert('ns', 'm', [item('a', 'd', 1, [1, 0])]);
    expect((await s.listChunks('ns')).map((c) => [c.id, c.modelId])).toEqual([
      ['p', ''],
      ['a', 'm'],
    ]);
    expect(await s.modelIds('ns')).toEqual(['m']);
    expect((await s.query('ns', 'm', unit([1, 0]), 5)).map((h) => h.id)).toEqual(['a']);
    // Embedding it later replaces the pending record.
    await s.upsert('ns', 'm', [{ ...item('p', 'd', 0, [0, 1]), text: 'pending text' }]);
    expect((await s.query('ns', 'm', unit([0, 1]), 1))[0]?.id).toBe('p');
  });
});
