/**
 * Lexical similarity for when no embedder is available: cosine of word-count vectors.
 * Unlike BM25 it is bounded to 0..1, so the saved-answer threshold means the same thing
 * whether the similarity came from embeddings or from words.
 */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      // Apostrophes inside words ("what's") belong to the word.
      .replace(/['’]/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

export function normalizeQuestion(text: string): string {
  return words(text).join(' ');
}

function counts(list: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const w of list) map.set(w, (map.get(w) ?? 0) + 1);
  return map;
}

/** Cosine similarity of the two texts' word-count vectors, 0..1. */
export function lexicalCosine(a: string, b: string): number {
  const ca = counts(words(a));
  const cb = counts(words(b));
  if (ca.size === 0 || cb.size === 0) return 0;
  let dot = 0;
  for (const [w, n] of ca) dot += n * (cb.get(w) ?? 0);
  const norm = (c: Map<string, number>) => Math.sqrt([...c.values()].reduce((s, n) => s + n * n, 0));
  return dot / (norm(ca) * norm(cb));
}

/** Cosine of two L2-normalised vectors (a dot product), clamped to 0..1. */
export function vectorCosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) dot += (a[i] as number) * (b[i] as number);
  return Math.max(0, Math.min(1, dot));
}
