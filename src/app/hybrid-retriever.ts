/**
 * The retriever the app uses: BM25 and embedding similarity over the same stored chunks,
 * fused with reciprocal rank fusion (plus exact-phrase and tag boosts). Implements the
 * same Retriever port as Bm25Retriever, so callers do not change.
 *
 * Vectors are tagged with the embedding model's id. When the model changes (a setting),
 * the first search of a namespace re-embeds its chunks with the new model, reporting
 * progress, before answering. If the embedder fails at search time (offline before the
 * model was ever downloaded), search degrades to BM25 alone and says so in `lastError`.
 */
import { Bm25Retriever, type IndexableChunk } from '../domain/retrieval/bm25-retriever';
import type { ChunkSource, StoredChunk } from '../ports/chunk-source';
import { fuseWithBoosts, type FusionCandidate, type FusionOptions } from '../domain/retrieval/rrf';
import { toAppError, type AppError } from '../domain/errors';
import type { Embedder } from '../ports/ml';
import type { ProgressEvent } from '../ports/progress';
import type { IndexProgress, Retriever, VectorHit, VectorStore } from '../ports/vector-store';
import type { RetrievalQuery, RetrievedChunk } from '../domain/retrieval/types';

export interface HybridRetrieverOptions {
  /** Candidates each ranker contributes before fusion (default max(5k, 30)). */
  candidates?: (k: number) => number;
  /** Texts per embedding call (default 32). */
  batchSize?: number;
  fusion?: FusionOptions;
  /**
   * Progress of a re-index triggered by a changed embedding model: (0, n) when it starts, counts
   * (with the new model's download while the first batch waits for it), and always (n, n) at the
   * end, also when it fails, so a status line never stays up.
   */
  onReindexProgress?: (namespace: string, done: number, total: number, download?: ProgressEvent) => void;
  /**
   * Search by meaning became unavailable (the error says why) and words alone are used, or
   * (null) it works again. Called on each change only, so the user is told once.
   */
  onKeywordsOnly?: (why: AppError | null) => void;
}

export class HybridRetriever implements Retriever {
  private readonly lexical = new Bm25Retriever({ phraseBoost: 0, tagBoost: 0 }); // boosts are applied once, in the fusion
  private readonly ready = new Map<string, Promise<void>>();
  private readonly texts = new Map<string, FusionCandidate & { documentId: string }>();
  #lastError: AppError | null = null;

  /** Why the last search used BM25 alone (null when it was hybrid). */
  get lastError(): AppError | null {
    return this.#lastError;
  }

  private set lastError(error: AppError | null) {
    const changed = (error === null) !== (this.#lastError === null);
    this.#lastError = error;
    if (changed) this.options.onKeywordsOnly?.(error);
  }

  constructor(
    private readonly embedder: Embedder,
    private readonly store: VectorStore & ChunkSource,
    private readonly options: HybridRetrieverOptions = {},
  ) {}

  /**
   * Indexes chunks for both rankers. The texts are stored first, so keyword search works
   * (and survives a reload) even if the embedding model cannot be loaded; in that case
   * this resolves anyway, `lastError` says why, and the chunks are embedded on a later search.
   */
  async index(namespace: string, chunks: IndexableChunk[], onProgress?: IndexProgress): Promise<void> {
    await this.ensureReady(namespace);
    await this.lexical.index(namespace, chunks);
    for (const chunk of chunks) this.remember(chunk);
    const positioned = chunks.map((chunk, i) => ({ ...chunk, index: i }));
    await this.store.upsertText(namespace, positioned);
    try {
      await this.embedAndStore(namespace, positioned, onProgress);
      this.lastError = null;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'aborted' || appError.code === 'quota-exceeded' || appError.code === 'storage-write-failed') throw appError;
      this.lastError = appError;
      // Pending chunks are re-embedded when this namespace is next loaded.
      this.ready.delete(namespace);
      onProgress?.(chunks.length, chunks.length);
    }
  }

  async search(namespaces: string[], query: RetrievalQuery): Promise<RetrievedChunk[]> {
    const unique = [...new Set(namespaces)];
    await Promise.all(unique.map((ns) => this.ensureReady(ns)));
    if (query.k <= 0 || query.query.trim() === '') return [];
    const pool = this.options.candidates?.(query.k) ?? Math.max(query.k * 5, 30);
    const lexical = this.lexical.searchSync(unique, { query: query.query, k: pool }).map((hit) => hit.id);
    let semantic: string[] = [];
    try {
      const [vector] = await this.embedder.embed([query.query]);
      if (vector) {
        const perNamespace = await Promise.all(unique.map((ns) => this.store.query(ns, this.embedder.modelId, vector, pool)));
        semantic = mergeByScore(perNamespace.flat(), pool);
      }
      this.lastError = null;
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'aborted') throw appError;
      this.lastError = appError;
    }
    const fused = fuseWithBoosts([lexical, semantic], this.texts, query, query.k, this.options.fusion);
    return fused.flatMap(({ id, score }) => {
      const chunk = this.texts.get(id);
      if (!chunk) return [];
      const hit: RetrievedChunk = { id, documentId: chunk.documentId, text: chunk.text, score };
      if (chunk.tags) hit.tags = chunk.tags;
      return [hit];
    });
  }

  async drop(namespace: string): Promise<void> {
    await this.store.deleteNamespace(namespace);
    await this.lexical.drop(namespace);
    this.ready.delete(namespace);
  }

  /** Removes a document's chunks from the store and from the in-memory BM25 index. */
  async deleteDocument(documentId: string): Promise<void> {
    await this.store.deleteDocument(documentId);
    for (const [id, chunk] of this.texts) if (chunk.documentId === documentId) this.texts.delete(id);
    this.invalidate();
  }

  /**
   * Forgets what was loaded from the store (one namespace, or all), so the next search
   * reads it again. Call after chunks were changed behind this retriever's back (e.g. a
   * document deleted through the repositories).
   */
  invalidate(namespace?: string): void {
    const names = namespace === undefined ? [...this.ready.keys()] : [namespace];
    for (const name of names) {
      this.ready.delete(name);
      void this.lexical.drop(name);
    }
  }

  async holds(namespace: string, chunks: IndexableChunk[]): Promise<boolean> {
    const stored = latestPerId(await this.store.listChunks(namespace));
    if (stored.length !== chunks.length) return false;
    const byId = new Map(stored.map((c) => [c.id, c]));
    return chunks.every((c) => {
      const s = byId.get(c.id);
      return (
        s !== undefined && s.text === c.text && s.documentId === c.documentId && (s.tags ?? []).join('\n') === (c.tags ?? []).join('\n')
      );
    });
  }

  /** Re-embeds a namespace whose vectors came from another model; a no-op when all match. */
  async reindexIfNeeded(namespace: string, onProgress?: IndexProgress): Promise<number> {
    const chunks = await this.store.listChunks(namespace);
    const stale = latestPerId(chunks).filter((c) => c.modelId !== this.embedder.modelId);
    if (stale.length === 0) return 0;
    onProgress?.(0, stale.length);
    try {
      await this.embedAndStore(namespace, stale, onProgress);
    } finally {
      onProgress?.(stale.length, stale.length);
    }
    return stale.length;
  }

  /** Loads a namespace's chunks from the store once: BM25 over them, re-index when stale. */
  private ensureReady(namespace: string): Promise<void> {
    let ready = this.ready.get(namespace);
    if (!ready) {
      ready = (async () => {
        const chunks = latestPerId(await this.store.listChunks(namespace));
        if (chunks.length === 0) return;
        await this.lexical.index(namespace, chunks);
        for (const chunk of chunks) this.remember(chunk);
        await this.reindexIfNeeded(namespace, (done, total, download) =>
          this.options.onReindexProgress?.(namespace, done, total, download),
        ).catch((error: unknown) => {
          // BM25 still works; the next search tries again.
          this.lastError = toAppError(error);
          this.ready.delete(namespace);
        });
      })();
      this.ready.set(namespace, ready);
      ready.catch(() => this.ready.delete(namespace));
    }
    return ready;
  }

  private async embedAndStore(
    namespace: string,
    chunks: (Omit<StoredChunk, 'modelId'> & { modelId?: string })[],
    onProgress?: IndexProgress,
  ): Promise<void> {
    const batchSize = Math.max(1, this.options.batchSize ?? 32);
    const modelId = this.embedder.modelId;
    for (let start = 0; start < chunks.length; start += batchSize) {
      const batch = chunks.slice(start, start + batchSize);
      // The first batch may wait for the model download: pass its progress on.
      const vectors = await this.embedder.embed(
        batch.map((c) => c.text),
        (event) => {
          if (event.phase === 'download') onProgress?.(start, chunks.length, event);
        },
      );
      await this.store.upsert(
        namespace,
        modelId,
        batch.map((c, i) => {
          const item = { id: c.id, documentId: c.documentId, text: c.text, index: c.index, vector: vectors[i] as Float32Array };
          return c.tags ? { ...item, tags: c.tags } : item;
        }),
      );
      onProgress?.(Math.min(start + batchSize, chunks.length), chunks.length);
    }
  }

  private remember(chunk: { id: string; documentId: string; text: string; tags?: string[] }): void {
    const entry: FusionCandidate & { documentId: string } = { id: chunk.id, documentId: chunk.documentId, text: chunk.text };
    if (chunk.tags) entry.tags = chunk.tags;
    this.texts.set(chunk.id, entry);
  }
}

/** Store ids are unique keys, so one entry per id; kept as a guard for other stores. */
function latestPerId(chunks: StoredChunk[]): StoredChunk[] {
  return [...new Map(chunks.map((c) => [c.id, c])).values()];
}

function mergeByScore(hits: VectorHit[], limit: number): string[] {
  const best = new Map<string, number>();
  for (const hit of hits) if (hit.score > (best.get(hit.id) ?? -Infinity)) best.set(hit.id, hit.score);
  return [...best.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([id]) => id);
}
