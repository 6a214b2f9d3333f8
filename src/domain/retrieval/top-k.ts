/**
 * Partial top-k selection with a fixed-size min-heap: O(n log k) instead of sorting all n
 * scores, and no per-item allocation. Used by the vector store's scoring loop and by BM25.
 */

/** a is worse than b: lower score, or equal score and a later index (earlier items win ties). */
function worse(aScore: number, aIndex: number, bScore: number, bIndex: number): boolean {
  return aScore < bScore || (aScore === bScore && aIndex > bIndex);
}

/** Keeps the k best (highest score) entries pushed so far. */
export class TopK {
  private readonly scores: Float64Array;
  private readonly indices: Int32Array;
  private count = 0;

  constructor(k: number) {
    const size = Math.max(0, Math.floor(k));
    this.scores = new Float64Array(size);
    this.indices = new Int32Array(size);
  }

  /** The score an entry must beat to get in (−∞ until the heap is full). */
  get threshold(): number {
    return this.count < this.scores.length ? -Infinity : (this.scores[0] as number);
  }

  push(index: number, score: number): void {
    const capacity = this.scores.length;
    if (capacity === 0 || Number.isNaN(score)) return;
    const s = this.scores;
    const ix = this.indices;
    if (this.count < capacity) {
      let i = this.count++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!worse(score, index, s[parent] as number, ix[parent] as number)) break;
        s[i] = s[parent] as number;
        ix[i] = ix[parent] as number;
        i = parent;
      }
      s[i] = score;
      ix[i] = index;
      return;
    }
    if (!worse(s[0] as number, ix[0] as number, score, index)) return;
    // Replace the root (the worst kept) and sift down.
    const n = this.count;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && worse(s[right] as number, ix[right] as number, s[left] as number, ix[left] as number)) child = right;
      if (!worse(s[child] as number, ix[child] as number, score, index)) break;
      s[i] = s[child] as number;
      ix[i] = ix[child] as number;
      i = child;
    }
    s[i] = score;
    ix[i] = index;
  }

  /** Kept entries, best first. */
  result(): { index: number; score: number }[] {
    const out: { index: number; score: number }[] = [];
    for (let i = 0; i < this.count; i++) out.push({ index: this.indices[i] as number, score: this.scores[i] as number });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}

/**
 * Cosine top-k over `count` row vectors of `dims` floats stored contiguously in `matrix`.
 * Rows and query are L2-normalised, so cosine is a dot product.
 */
export function cosineTopK(
  matrix: Float32Array,
  dims: number,
  count: number,
  query: Float32Array,
  k: number,
): { index: number; score: number }[] {
  if (query.length !== dims) throw new RangeError(`Query has ${query.length} dimensions; the index has ${dims}.`);
  const top = new TopK(Math.min(k, count));
  // Four independent accumulators let the CPU overlap multiply-adds (about 2-3× faster
  // than one running sum in V8); the tail loop handles dims not divisible by 4.
  const body = dims - (dims % 4);
  for (let row = 0, offset = 0; row < count; row++, offset += dims) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let d = 0;
    for (; d < body; d += 4) {
      const o = offset + d;
      s0 += (matrix[o] as number) * (query[d] as number);
      s1 += (matrix[o + 1] as number) * (query[d + 1] as number);
      s2 += (matrix[o + 2] as number) * (query[d + 2] as number);
      s3 += (matrix[o + 3] as number) * (query[d + 3] as number);
    }
    for (; d < dims; d++) s0 += (matrix[offset + d] as number) * (query[d] as number);
    const dot = s0 + s1 + (s2 + s3);
    if (dot > top.threshold) top.push(row, dot);
  }
  return top.result();
}

/** Top-k over a score map (BM25 output), best first; ties broken by insertion order. */
export function topEntries(scores: Map<string, number>, k: number): { id: string; score: number }[] {
  const ids = [...scores.keys()];
  const top = new TopK(Math.min(k, ids.length));
  ids.forEach((id, i) => top.push(i, scores.get(id) as number));
  return top.result().map(({ index, score }) => ({ id: ids[index] as string, score }));
}
