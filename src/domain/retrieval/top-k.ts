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
  // Two rows per pass share each load of the query, and four independent accumulators per
  // row let the CPU overlap multiply-adds (together about 3× faster than one running sum of
  // one row in V8). The tail loops handle dims not divisible by 4 and an odd last row.
  const body = dims - (dims % 4);
  let row = 0;
  for (; row + 1 < count; row += 2) {
    const a = row * dims;
    const b = a + dims;
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    let b3 = 0;
    let d = 0;
    for (; d < body; d += 4) {
      const q0 = query[d] as number;
      const q1 = query[d + 1] as number;
      const q2 = query[d + 2] as number;
      const q3 = query[d + 3] as number;
      a0 += (matrix[a + d] as number) * q0;
      a1 += (matrix[a + d + 1] as number) * q1;
      a2 += (matrix[a + d + 2] as number) * q2;
      a3 += (matrix[a + d + 3] as number) * q3;
      b0 += (matrix[b + d] as number) * q0;
      b1 += (matrix[b + d + 1] as number) * q1;
      b2 += (matrix[b + d + 2] as number) * q2;
      b3 += (matrix[b + d + 3] as number) * q3;
    }
    for (; d < dims; d++) {
      a0 += (matrix[a + d] as number) * (query[d] as number);
      b0 += (matrix[b + d] as number) * (query[d] as number);
    }
    const dotA = a0 + a1 + (a2 + a3);
    if (dotA > top.threshold) top.push(row, dotA);
    const dotB = b0 + b1 + (b2 + b3);
    if (dotB > top.threshold) top.push(row + 1, dotB);
  }
  if (row < count) {
    const a = row * dims;
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += (matrix[a + d] as number) * (query[d] as number);
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
