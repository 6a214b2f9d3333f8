/**
 * A page built by Vite from the real retrieval modules (ML worker, WorkerEmbedder,
 * IdbVectorStore, HybridRetriever) for test/e2e/retrieval.spec.ts: the real worker runs
 * transformers.js in Chromium on the tiny generated model, and vectors go to real IndexedDB.
 * Test-only: it is not part of the app.
 */
import { configureMlWorker, WorkerEmbedder } from '../../../src/adapters/ml/embedder-client';
import { openRehearseDB } from '../../../src/adapters/storage/db';
import { IdbVectorStore } from '../../../src/adapters/storage/idb-vector-store';
import { HybridRetriever } from '../../../src/app/hybrid-retriever';
import type { ProgressEvent } from '../../../src/ports/progress';

interface Chunk {
  id: string;
  documentId: string;
  text: string;
}

function errorOf(e: unknown): { code: string; message: string } {
  const err = e as { code?: string; message?: string };
  return { code: err.code ?? 'none', message: err.message ?? String(e) };
}

export const harness = {
  configure: (remoteHost: string) => configureMlWorker({ remoteHost }),

  async embed(modelId: string, texts: string[]) {
    const embedder = new WorkerEmbedder({ modelId, batchSize: 2 });
    const events: ProgressEvent[] = [];
    try {
      const vectors = await embedder.embed(texts, (e) => events.push(e));
      return {
        ok: true as const,
        dims: embedder.dims,
        norms: vectors.map((v) => Math.hypot(...v)),
        first: Array.from(vectors[0] ?? []),
        events,
      };
    } catch (e) {
      return { ok: false as const, error: errorOf(e), events };
    }
  },

  async indexAndSearch(modelId: string, chunks: Chunk[], query: string) {
    const store = new IdbVectorStore();
    const retriever = new HybridRetriever(new WorkerEmbedder({ modelId }), store);
    const progress: [number, number][] = [];
    await retriever.index('e2e', chunks, (done, total) => progress.push([done, total]));
    const hits = await retriever.search(['e2e'], { query, k: 3 });
    // A second store instance reads what the first wrote: real IndexedDB, as after a reload.
    const fresh = new IdbVectorStore();
    const loaded = await fresh.load('e2e', modelId);
    const db = await openRehearseDB();
    const record = await db.get('chunks', chunks[0]!.id);
    db.close();
    return {
      hits: hits.map((h) => h.id),
      progress,
      count: loaded.count,
      dims: loaded.dims,
      storedAsFloat32: record?.vector instanceof Float32Array,
      modelIds: await fresh.modelIds('e2e'),
      lastError: retriever.lastError ? errorOf(retriever.lastError) : null,
    };
  },

  async deleteDocument(documentId: string) {
    const store = new IdbVectorStore();
    await store.deleteDocument(documentId);
    return (await store.listChunks('e2e')).map((c) => c.documentId);
  },
};

(window as unknown as { retrievalHarness: typeof harness }).retrievalHarness = harness;
document.body.dataset.ready = 'true';
