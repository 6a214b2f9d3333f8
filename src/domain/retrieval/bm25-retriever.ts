/**
 * A Retriever that needs no model: BM25 over in-memory indexes, one per namespace, with
 * the exact-phrase and tag boosts. Pure and synchronous inside (the Promise API is the
 * port's); the hybrid retriever replaces it without callers changing.
 */
import type { RetrievalQuery, RetrievedChunk } from './types';
import { Bm25Index, DEFAULT_BM25, statsOf, type Bm25Params } from './bm25';
import { normalizeForPhrase, phraseHits, queryPhrases, tagHits } from './boosts';
import { topEntries } from './top-k';
import { tokenize } from './tokenize';

export interface IndexableChunk {
  id: string;
  documentId: string;
  text: string;
  tags?: string[];
}

export interface Bm25RetrieverOptions {
  bm25?: Bm25Params;
  /** Multiplier added per exact phrase found (score × (1 + phraseBoost)); default 0.5. */
  phraseBoost?: number;
  /** Multiplier added per matching tag; default 0.3. */
  tagBoost?: number;
}

interface Namespace {
  index: Bm25Index;
  chunks: Map<string, IndexableChunk & { phraseText: string }>;
}

/** Satisfies the Retriever port (ports/vector-store.ts) structurally: words only, in memory. */
export class Bm25Retriever {
  private readonly namespaces = new Map<string, Namespace>();
  private readonly params: Bm25Params;
  private readonly phraseBoost: number;
  private readonly tagBoost: number;

  constructor(options: Bm25RetrieverOptions = {}) {
    this.params = options.bm25 ?? DEFAULT_BM25;
    this.phraseBoost = options.phraseBoost ?? 0.5;
    this.tagBoost = options.tagBoost ?? 0.3;
  }

  /** Adds chunks to a namespace; a chunk whose id is already there is replaced. */
  async index(namespace: string, chunks: IndexableChunk[], onProgress?: (done: number, total: number) => void): Promise<void> {
    let ns = this.namespaces.get(namespace);
    if (!ns) this.namespaces.set(namespace, (ns = { index: new Bm25Index(), chunks: new Map() }));
    chunks.forEach((chunk, i) => {
      ns.index.add(chunk.id, chunk.text);
      ns.chunks.set(chunk.id, { ...chunk, phraseText: normalizeForPhrase(chunk.text) });
      if (onProgress && ((i + 1) % 100 === 0 || i + 1 === chunks.length)) onProgress(i + 1, chunks.length);
    });
  }

  async search(namespaces: string[], query: RetrievalQuery): Promise<RetrievedChunk[]> {
    return this.searchSync(namespaces, query);
  }

  /** The same as `search`, without the Promise (the hybrid retriever calls it in-line). */
  searchSync(namespaces: string[], query: RetrievalQuery): RetrievedChunk[] {
    const present = [...new Set(namespaces)].flatMap((name) => {
      const ns = this.namespaces.get(name);
      return ns ? [ns] : [];
    });
    const terms = tokenize(query.query);
    if (present.length === 0 || query.k <= 0 || terms.length === 0) return [];
    const stats = statsOf(
      present.map((ns) => ns.index),
      terms,
    );
    const phrases = queryPhrases(query.query);
    const scores = new Map<string, number>();
    const owner = new Map<string, Namespace>();
    for (const ns of present) {
      for (const [id, score] of ns.index.score(terms, stats, this.params)) {
        const chunk = ns.chunks.get(id);
        if (!chunk) continue;
        const boost =
          (1 + this.phraseBoost * phraseHits(chunk.phraseText, phrases)) * (1 + this.tagBoost * tagHits(chunk.tags, query.boostTags));
        // The same chunk id in two namespaces is one passage; keep its best score.
        if (score * boost > (scores.get(id) ?? -Infinity)) {
          scores.set(id, score * boost);
          owner.set(id, ns);
        }
      }
    }
    return topEntries(scores, query.k).map(({ id, score }) => {
      const chunk = owner.get(id)?.chunks.get(id) as IndexableChunk;
      const hit: RetrievedChunk = { id, documentId: chunk.documentId, text: chunk.text, score };
      if (chunk.tags) hit.tags = chunk.tags;
      return hit;
    });
  }

  async drop(namespace: string): Promise<void> {
    this.namespaces.delete(namespace);
  }

  /** Removes one chunk (the hybrid retriever mirrors document deletes). */
  removeChunk(namespace: string, id: string): void {
    const ns = this.namespaces.get(namespace);
    ns?.index.remove(id);
    ns?.chunks.delete(id);
  }

  has(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }
}
