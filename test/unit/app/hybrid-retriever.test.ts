import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openRehearseDB } from '../../../src/adapters/storage/db';
import { IdbVectorStore } from '../../../src/adapters/storage/idb-vector-store';
import { describeKeywordsOnly, SearchIndexStatus } from '../../../src/app/search-index-status.svelte';
import { HybridRetriever } from '../../../src/app/hybrid-retriever';
import { AppError } from '../../../src/domain/errors';
import { corpus, queries, recallAtK } from '../../fixtures/retrieval-corpus';
import { HashEmbedder } from '../../doubles/hash-embedder';

let n = 0;
function freshStore(): { store: IdbVectorStore; reopen: () => IdbVectorStore } {
  const name = `hybrid-${++n}`;
  return { store: new IdbVectorStore(() => openRehearseDB({ name })), reopen: () => new IdbVectorStore(() => openRehearseDB({ name })) };
}

const jd = corpus.filter((c) => c.documentId === 'jd');
const cv = corpus.filter((c) => c.documentId === 'resume');

describe('HybridRetriever', () => {
  it('passes on the model download of the first batch, so a screen can say why the count waits', async () => {
    const { store } = freshStore();
    const embedder = new HashEmbedder();
    const embed = embedder.embed.bind(embedder);
    let downloaded = false;
    // The first call downloads the model (as the worker reports it), later ones do not.
    embedder.embed = async (texts, onProgress, signal) => {
      if (!downloaded) {
        downloaded = true;
        for (const fraction of [0.5, 1]) onProgress?.({ label: 'Downloading model.onnx', file: 'model.onnx', fraction, phase: 'download' });
      }
      return embed(texts, onProgress, signal);
    };
    const r = new HybridRetriever(embedder, store, { batchSize: 5 });
    const seen: string[] = [];
    await r.index('jd', jd, (done, total, download) => seen.push(download ? `download ${download.fraction}` : `${done}/${total}`));
    expect(seen).toEqual(['download 0.5', 'download 1', '5/14', '10/14', '14/14']);
  });

  it('indexes with progress and reaches recall@3 ≥ 0.95 on the labelled set', async () => {
    const { store } = freshStore();
    const r = new HybridRetriever(new HashEmbedder(), store, { batchSize: 5 });
    const progress: [number, number][] = [];
    await r.index('jd', jd, (d, t) => progress.push([d, t]));
    await r.index('cv', cv);
    expect(progress).toEqual([
      [5, 14],
      [10, 14],
      [14, 14],
    ]);
    const recall = await recallAtK(async (q) => (await r.search(['jd', 'cv'], { query: q.query, k: 3 })).map((h) => h.id), 3);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(r.lastError).toBeNull();
  });

  it('after a reload, rebuilds BM25 from the stored chunks without re-embedding them', async () => {
    const { store, reopen } = freshStore();
    await new HybridRetriever(new HashEmbedder(), store).index('jd', jd);
    const embedder = new HashEmbedder();
    const r = new HybridRetriever(embedder, reopen());
    const hits = await r.search(['jd'], { query: queries[1]!.query, k: 2 });
    expect(hits[0]?.id).toBe('jd-04');
    expect(hits[0]?.documentId).toBe('jd');
    expect(embedder.embeddedTexts).toBe(1); // the query only
  });

  it('re-embeds stale chunks once when the embedding model changed, with progress', async () => {
    const { store, reopen } = freshStore();
    await new HybridRetriever(new HashEmbedder(256, 'model-a'), store).index('jd', jd);
    const seen: [string, number, number][] = [];
    const embedder = new HashEmbedder(128, 'model-b');
    const reopened = reopen();
    const r = new HybridRetriever(embedder, reopened, { onReindexProgress: (ns, d, t) => seen.push([ns, d, t]) });
    await r.search(['jd'], { query: 'accessibility', k: 3 });
    expect(seen[0]).toEqual(['jd', 0, 14]);
    expect(seen.at(-1)).toEqual(['jd', 14, 14]);
    expect(await reopened.modelIds('jd')).toEqual(['model-b']);
    const before = embedder.embeddedTexts;
    await r.search(['jd'], { query: 'accessibility', k: 3 });
    expect(embedder.embeddedTexts).toBe(before + 1);
  });

  it('ends a re-index that fails (the new model cannot download) with done = total, so no status stays up', async () => {
    const { store, reopen } = freshStore();
    await new HybridRetriever(new HashEmbedder(256, 'model-a'), store).index('jd', jd);
    const embedder = new HashEmbedder(128, 'model-b');
    embedder.embed = () => Promise.reject(new AppError('model-download-failed', 'offline'));
    const seen: [number, number][] = [];
    const r = new HybridRetriever(embedder, reopen(), { onReindexProgress: (_ns, d, t) => seen.push([d, t]) });
    const hits = await r.search(['jd'], { query: 'Playwright end-to-end tests', k: 1 });
    expect(hits[0]?.id).toBe('jd-06');
    expect(seen).toEqual([
      [0, 14],
      [14, 14],
    ]);
    expect(r.lastError?.code).toBe('model-download-failed');
  });

  it('applies tag boosts in the fusion', async () => {
    const { store } = freshStore();
    const r = new HybridRetriever(new HashEmbedder(), store);
    await r.index('cv', cv);
    const plain = await r.search(['cv'], { query: 'engineers', k: 3 });
    const boosted = await r.search(['cv'], { query: 'engineers', k: 3, boostTags: ['leadership'] });
    expect(boosted[0]?.id).toBe('cv-06');
    expect(boosted[0]?.tags).toEqual(['leadership']);
    expect(boosted[0]!.score).toBeGreaterThan(plain.find((h) => h.id === 'cv-06')?.score ?? 0);
  });

  it('falls back to BM25 when the embedder fails at search time, and says why', async () => {
    const { store } = freshStore();
    const embedder = new HashEmbedder();
    const r = new HybridRetriever(embedder, store);
    await r.index('jd', jd);
    embedder.embed = () => Promise.reject(new AppError('model-download-failed', 'offline'));
    const hits = await r.search(['jd'], { query: 'Playwright end-to-end tests', k: 1 });
    expect(hits[0]?.id).toBe('jd-06');
    expect(r.lastError?.code).toBe('model-download-failed');
  });

  it('drop removes the namespace from both rankers and the store', async () => {
    const { store } = freshStore();
    const r = new HybridRetriever(new HashEmbedder(), store);
    await r.index('jd', jd);
    await r.drop('jd');
    expect(await r.search(['jd'], { query: 'accessibility', k: 3 })).toEqual([]);
    expect(await store.listChunks('jd')).toEqual([]);
  });

  it('deleteDocument removes a document from both rankers; invalidate picks up changes made elsewhere', async () => {
    const { store } = freshStore();
    const r = new HybridRetriever(new HashEmbedder(), store);
    await r.index('all', corpus);
    expect((await r.search(['all'], { query: 'Playwright end-to-end tests', k: 3 })).map((h) => h.id)).toContain('cv-04');
    await r.deleteDocument('resume');
    const after = await r.search(['all'], { query: 'Playwright end-to-end tests', k: 5 });
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((h) => h.documentId === 'jd')).toBe(true);
    // Deleted behind its back (e.g. through the repositories): stale until invalidated.
    await store.deleteDocument('jd');
    r.invalidate('all');
    expect(await r.search(['all'], { query: 'Playwright end-to-end tests', k: 5 })).toEqual([]);
  });

  it('indexes for keyword search when the model cannot load, and embeds the pending chunks later', async () => {
    const { store, reopen } = freshStore();
    const broken = new HashEmbedder();
    broken.embed = () => Promise.reject(new AppError('model-download-failed', 'offline'));
    const r = new HybridRetriever(broken, store);
    const progress: [number, number][] = [];
    await r.index('jd', jd, (d, t) => progress.push([d, t]));
    expect(r.lastError?.code).toBe('model-download-failed');
    expect(progress.at(-1)).toEqual([14, 14]);
    expect((await r.search(['jd'], { query: 'GraphQL schema', k: 1 }))[0]?.id).toBe('jd-10');
    expect(await store.modelIds('jd')).toEqual([]);
    // Next page load, model available: the stored texts are embedded on first search.
    const embedder = new HashEmbedder();
    const reopened = reopen();
    const later = new HybridRetriever(embedder, reopened);
    expect((await later.search(['jd'], { query: 'GraphQL schema', k: 1 }))[0]?.id).toBe('jd-10');
    expect(later.lastError).toBeNull();
    expect(await reopened.modelIds('jd')).toEqual([embedder.modelId]);
    expect(embedder.embeddedTexts).toBe(14 + 1);
  });

  it('says once when search falls back to words alone, and once when meaning works again', async () => {
    const { store } = freshStore();
    const embedder = new HashEmbedder();
    const working = embedder.embed.bind(embedder);
    embedder.embed = () => Promise.reject(new AppError('model-download-failed', 'The search model could not be downloaded.'));
    const told: (string | null)[] = [];
    const r = new HybridRetriever(embedder, store, { onKeywordsOnly: (why) => told.push(why?.code ?? null) });
    await r.index('jd', jd);
    await r.search(['jd'], { query: 'GraphQL schema', k: 1 });
    await r.search(['jd'], { query: 'PostgreSQL', k: 1 });
    expect(told).toEqual(['model-download-failed']);
    embedder.embed = working;
    await r.search(['jd'], { query: 'GraphQL schema', k: 1 });
    expect(told).toEqual(['model-download-failed', null]);
    const status = new SearchIndexStatus();
    status.searchMode(new AppError('model-download-failed', 'The search model could not be downloaded.'));
    expect(describeKeywordsOnly(status.keywordsOnly!)).toBe(
      'Search by meaning is not available right now, so Rehearse matches your words instead; questions and examples may fit a little less closely. Why: The search model could not be downloaded.',
    );
  });
});
