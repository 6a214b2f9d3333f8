/**
 * VectorStore over the IndexedDB `chunks` store. A query loads a namespace's vectors once
 * into one contiguous Float32Array (row-major, one row per chunk) and keeps it in memory
 * until a write or delete touches that namespace; scoring is a tight dot-product loop with
 * partial top-k. Only ids and the matrix are cached — passage texts are read back for the
 * k winners only — so the cache costs little more than the raw vector bytes.
 */
import type { ChunkRecord } from '../../domain/records';
import { PENDING_MODEL, type ChunkSource, type StoredChunk } from '../../ports/chunk-source';
import { cosineTopK } from '../../domain/retrieval/top-k';
import { AppError } from '../../domain/errors';
import type { VectorHit, VectorItem, VectorStore } from '../../ports/vector-store';
import { openRehearseDB, storageError, type RehearseDatabase } from './db';

/** The cached form of one (namespace, model) pair. */
export interface NamespaceMatrix {
  ids: string[];
  dims: number;
  count: number;
  matrix: Float32Array;
}

export class IdbVectorStore implements VectorStore, ChunkSource {
  private db: Promise<RehearseDatabase> | undefined;
  private readonly cache = new Map<string, NamespaceMatrix>();
  /** Bumped on every write to a namespace, so a load that raced a write is not cached. */
  private readonly generation = new Map<string, number>();

  constructor(private readonly open: () => Promise<RehearseDatabase> = () => openRehearseDB()) {}

  async upsert(namespace: string, modelId: string, items: VectorItem[]): Promise<void> {
    if (items.length === 0) return;
    const dims = items[0]!.vector.length;
    if (dims === 0 || items.some((item) => item.vector.length !== dims)) {
      throw new AppError('invalid-input', 'Could not index these passages: their embeddings have different sizes. Re-index the document.', {
        details: { namespace, modelId },
      });
    }
    await this.putChunks(
      namespace,
      items.map((item) => ({
        id: item.id,
        documentId: item.documentId,
        namespace,
        index: item.index,
        text: item.text,
        modelId,
        vector: item.vector,
        ...(item.tags ? { tags: item.tags } : {}),
      })),
    );
  }

  async upsertText(namespace: string, chunks: Omit<StoredChunk, 'modelId'>[]): Promise<void> {
    if (chunks.length === 0) return;
    await this.putChunks(
      namespace,
      chunks.map((chunk) => ({
        id: chunk.id,
        documentId: chunk.documentId,
        namespace,
        index: chunk.index,
        text: chunk.text,
        modelId: PENDING_MODEL,
        vector: new Float32Array(0),
        ...(chunk.tags ? { tags: chunk.tags } : {}),
      })),
    );
  }

  /** Writes chunk records of one namespace in one transaction; the cached matrix is dropped around it. */
  private async putChunks(namespace: string, records: ChunkRecord[]): Promise<void> {
    const db = await this.database();
    this.invalidate(namespace);
    try {
      const tx = db.transaction('chunks', 'readwrite');
      for (const record of records) void tx.store.put(record);
      await tx.done;
    } catch (cause) {
      throw storageError(cause, 'write');
    } finally {
      this.invalidate(namespace);
    }
  }

  async query(namespace: string, modelId: string, vector: Float32Array, k: number): Promise<VectorHit[]> {
    const loaded = await this.load(namespace, modelId);
    if (loaded.count === 0 || k <= 0) return [];
    if (vector.length !== loaded.dims) {
      throw new AppError(
        'invalid-input',
        'The search model does not match the indexed passages. Re-index the documents in Settings → Models.',
        {
          details: { expected: loaded.dims, got: vector.length },
        },
      );
    }
    const top = cosineTopK(loaded.matrix, loaded.dims, loaded.count, vector, k);
    const db = await this.database();
    try {
      const tx = db.transaction('chunks', 'readonly');
      const records = await Promise.all(top.map((t) => tx.store.get(loaded.ids[t.index]!)));
      const hits: VectorHit[] = [];
      records.forEach((record, i) => {
        if (!record) return; // deleted since the matrix was built
        const hit: VectorHit = {
          id: record.id,
          documentId: record.documentId,
          text: record.text,
          index: record.index,
          score: top[i]!.score,
        };
        if (record.tags) hit.tags = record.tags;
        hits.push(hit);
      });
      return hits;
    } catch (cause) {
      throw storageError(cause, 'read');
    }
  }

  async deleteNamespace(namespace: string): Promise<void> {
    const db = await this.database();
    this.invalidate(namespace);
    try {
      const tx = db.transaction('chunks', 'readwrite');
      const keys = await tx.store.index('byNamespace').getAllKeys(namespace);
      await Promise.all(keys.map((key) => tx.store.delete(key)));
      await tx.done;
    } catch (cause) {
      throw storageError(cause, 'delete');
    } finally {
      this.invalidate(namespace);
    }
  }

  /** Removes every chunk of a document, in one transaction. */
  async deleteDocument(documentId: string): Promise<void> {
    const db = await this.database();
    const touched = new Set<string>();
    try {
      const tx = db.transaction('chunks', 'readwrite');
      let cursor = await tx.store.index('byDocument').openCursor(documentId);
      while (cursor) {
        touched.add(cursor.value.namespace);
        await cursor.delete();
        cursor = await cursor.continue();
      }
      await tx.done;
    } catch (cause) {
      throw storageError(cause, 'delete');
    } finally {
      for (const namespace of touched) this.invalidate(namespace);
    }
  }

  /** Models with vectors in the namespace (chunks still waiting for an embedding are not listed). */
  async modelIds(namespace: string): Promise<string[]> {
    const ids = new Set<string>();
    for (const chunk of await this.listChunks(namespace)) if (chunk.modelId !== PENDING_MODEL) ids.add(chunk.modelId);
    return [...ids].sort();
  }

  async listChunks(namespace: string): Promise<StoredChunk[]> {
    const db = await this.database();
    try {
      const records = await db.getAllFromIndex('chunks', 'byNamespace', namespace);
      return records
        .map((r) => {
          const chunk: StoredChunk = { id: r.id, documentId: r.documentId, index: r.index, text: r.text, modelId: r.modelId };
          if (r.tags) chunk.tags = r.tags;
          return chunk;
        })
        .sort((a, b) => (a.documentId === b.documentId ? a.index - b.index : a.documentId < b.documentId ? -1 : 1));
    } catch (cause) {
      throw storageError(cause, 'read');
    }
  }

  /** The cached matrix of a namespace (loads it when needed). Exposed for the benchmark and tests. */
  async load(namespace: string, modelId: string): Promise<NamespaceMatrix> {
    const key = cacheKey(namespace, modelId);
    const cached = this.cache.get(key);
    if (cached) return cached;
    const generation = this.generation.get(namespace) ?? 0;
    const db = await this.database();
    let records: ChunkRecord[];
    try {
      records = await db.getAllFromIndex('chunks', 'byNamespace', namespace);
    } catch (cause) {
      throw storageError(cause, 'read');
    }
    const built = buildMatrix(records.filter((r) => r.modelId === modelId && r.modelId !== PENDING_MODEL));
    if ((this.generation.get(namespace) ?? 0) === generation) this.cache.set(key, built);
    return built;
  }

  private invalidate(namespace: string): void {
    this.generation.set(namespace, (this.generation.get(namespace) ?? 0) + 1);
    for (const key of [...this.cache.keys()]) if (key.startsWith(`${namespace}\u0000`)) this.cache.delete(key);
  }

  private database(): Promise<RehearseDatabase> {
    // A failed open is forgotten: it may succeed later (e.g. after the user closes another tab).
    this.db ??= this.open().catch((cause: unknown) => {
      this.db = undefined;
      throw storageError(cause, 'open');
    });
    return this.db;
  }
}

function cacheKey(namespace: string, modelId: string): string {
  return `${namespace}\u0000${modelId}`;
}

/** Copies the vectors into one row-major matrix, in a stable order (document, position). */
export function buildMatrix(records: ChunkRecord[]): NamespaceMatrix {
  const sorted = [...records].sort((a, b) => (a.documentId === b.documentId ? a.index - b.index : a.documentId < b.documentId ? -1 : 1));
  const dims = sorted[0]?.vector.length ?? 0;
  // Rows of another size cannot be scored against this model's queries; skip them.
  const usable = sorted.filter((r) => r.vector.length === dims);
  const matrix = new Float32Array(usable.length * dims);
  usable.forEach((r, i) => matrix.set(r.vector, i * dims));
  return { ids: usable.map((r) => r.id), dims, count: usable.length, matrix };
}
