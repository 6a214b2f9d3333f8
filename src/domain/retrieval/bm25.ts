/**
 * Okapi BM25 over an in-memory inverted index. One `Bm25Index` per namespace; a search
 * over several namespaces shares corpus statistics (N, average length, document
 * frequencies) across them so scores from different namespaces are comparable.
 */
import { tokenize } from './tokenize';

export interface Bm25Params {
  /** Term-frequency saturation (default 1.2). */
  k1: number;
  /** Length normalisation (default 0.75). */
  b: number;
}

export const DEFAULT_BM25: Bm25Params = { k1: 1.2, b: 0.75 };

interface Doc {
  id: string;
  length: number;
  /** Distinct terms, so removal touches only this document's postings. */
  terms: string[];
}

export class Bm25Index {
  private readonly docs: (Doc | undefined)[] = [];
  private readonly slotOf = new Map<string, number>();
  /** term → (doc slot → term frequency) */
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private liveCount = 0;

  get size(): number {
    return this.liveCount;
  }

  get averageLength(): number {
    return this.liveCount === 0 ? 0 : this.totalLength / this.liveCount;
  }

  /** Adds or replaces a document. */
  add(id: string, text: string): void {
    this.remove(id);
    const terms = tokenize(text);
    const slot = this.docs.length;
    this.docs.push({ id, length: terms.length, terms: [...new Set(terms)] });
    this.slotOf.set(id, slot);
    this.totalLength += terms.length;
    this.liveCount++;
    for (const term of terms) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map()));
      posting.set(slot, (posting.get(slot) ?? 0) + 1);
    }
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    const doc = this.docs[slot];
    this.slotOf.delete(id);
    this.docs[slot] = undefined;
    this.totalLength -= doc?.length ?? 0;
    this.liveCount--;
    for (const term of doc?.terms ?? []) {
      const posting = this.postings.get(term);
      if (posting?.delete(slot) && posting.size === 0) this.postings.delete(term);
    }
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.size ?? 0;
  }

  /**
   * Scores every document that contains a query term. `stats` carries corpus-wide numbers
   * when several indexes are searched together; by default the index's own.
   */
  score(queryTerms: string[], stats: CorpusStats = statsOf([this], queryTerms), params: Bm25Params = DEFAULT_BM25): Map<string, number> {
    const scores = new Map<string, number>();
    const { k1, b } = params;
    const avgdl = stats.averageLength || 1;
    for (const term of new Set(queryTerms)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const df = stats.documentFrequency.get(term) ?? posting.size;
      // The "+1" form of IDF (Lucene's) never goes negative for very common terms.
      const idf = Math.log(1 + (stats.documentCount - df + 0.5) / (df + 0.5));
      for (const [slot, tf] of posting) {
        const doc = this.docs[slot];
        if (!doc) continue;
        const norm = tf + k1 * (1 - b + (b * doc.length) / avgdl);
        scores.set(doc.id, (scores.get(doc.id) ?? 0) + (idf * (tf * (k1 + 1))) / norm);
      }
    }
    return scores;
  }
}

export interface CorpusStats {
  documentCount: number;
  averageLength: number;
  documentFrequency: Map<string, number>;
}

export function statsOf(indexes: Bm25Index[], queryTerms: string[]): CorpusStats {
  let documentCount = 0;
  let totalLength = 0;
  const documentFrequency = new Map<string, number>();
  for (const index of indexes) {
    documentCount += index.size;
    totalLength += index.averageLength * index.size;
    for (const term of queryTerms) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + index.documentFrequency(term));
  }
  return { documentCount, averageLength: documentCount === 0 ? 0 : totalLength / documentCount, documentFrequency };
}
