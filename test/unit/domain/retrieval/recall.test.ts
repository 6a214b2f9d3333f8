/**
 * Quality floor on a labelled set (test/fixtures/retrieval-corpus.ts, 14 queries, 24
 * passages). Measured when written: BM25 recall@3 = 0.964, cosine (hash embedder) = 0.964,
 * RRF fusion = 1.000. The thresholds below sit under those numbers so that a regression in
 * tokenizing, scoring or fusion fails here, while harmless reordering of ties does not.
 */
import { describe, expect, it } from 'vitest';
import { Bm25Retriever } from '../../../../src/domain/retrieval/bm25-retriever';
import { fuseWithBoosts, type FusionCandidate } from '../../../../src/domain/retrieval/rrf';
import { cosineTopK } from '../../../../src/domain/retrieval/top-k';
import { corpus, queries, recallAtK } from '../../../fixtures/retrieval-corpus';
import { HashEmbedder } from '../../../doubles/hash-embedder';

const embedder = new HashEmbedder(256);
const matrix = new Float32Array(corpus.length * embedder.dims);
corpus.forEach((c, i) => matrix.set(embedder.embedOne(c.text), i * embedder.dims));

async function bm25(): Promise<Bm25Retriever> {
  const r = new Bm25Retriever();
  await r.index('all', corpus);
  return r;
}

function cosineIds(query: string, k: number): string[] {
  return cosineTopK(matrix, embedder.dims, corpus.length, embedder.embedOne(query), k).map((h) => corpus[h.index]!.id);
}

describe('recall@3 on the labelled set', () => {
  it('BM25 alone reaches recall@3 ≥ 0.9', async () => {
    const r = await bm25();
    const recall = await recallAtK(async (q) => (await r.search(['all'], { query: q.query, k: 3 })).map((h) => h.id), 3);
    console.log(`BM25 recall@3 = ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('cosine over the hash embedder reaches recall@3 ≥ 0.9', async () => {
    const recall = await recallAtK(async (q) => cosineIds(q.query, 3), 3);
    console.log(`cosine recall@3 = ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('RRF fusion of both reaches recall@3 ≥ 0.95 and is not worse than either alone', async () => {
    const r = await bm25();
    const candidates = new Map<string, FusionCandidate>(corpus.map((c) => [c.id, c]));
    const fused = async (q: { query: string }): Promise<string[]> => {
      const lexical = (await r.search(['all'], { query: q.query, k: 20 })).map((h) => h.id);
      const semantic = cosineIds(q.query, 20);
      return fuseWithBoosts([lexical, semantic], candidates, q, 3).map((h) => h.id);
    };
    const recall = await recallAtK(fused, 3);
    const bm25Recall = await recallAtK(async (q) => (await r.search(['all'], { query: q.query, k: 3 })).map((h) => h.id), 3);
    const cosRecall = await recallAtK(async (q) => cosineIds(q.query, 3), 3);
    console.log(`fused recall@3 = ${recall.toFixed(3)}`);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(recall).toBeGreaterThanOrEqual(Math.max(bm25Recall, cosRecall) - 1e-9);
  });

  it('every labelled query finds at least one relevant passage in the fused top 3', async () => {
    const r = await bm25();
    const candidates = new Map<string, FusionCandidate>(corpus.map((c) => [c.id, c]));
    for (const q of queries) {
      const lexical = (await r.search(['all'], { query: q.query, k: 20 })).map((h) => h.id);
      const top = fuseWithBoosts([lexical, cosineIds(q.query, 20)], candidates, q, 3).map((h) => h.id);
      expect(
        top.some((id) => q.relevant.includes(id)),
        q.query,
      ).toBe(true);
    }
  });
});
