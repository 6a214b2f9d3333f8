/**
 * A deterministic stand-in for a sentence embedder: hashed bag of stemmed words plus
 * character trigrams, L2-normalised. Texts that share words or word pieces get a high
 * cosine, like a (very) small semantic model. Used where no real model can run in Node.
 */
import type { Embedder, ProgressListener } from '../../src/ports/ml';
import { tokenize } from '../../src/domain/retrieval/tokenize';

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class HashEmbedder implements Embedder {
  readonly modelId: string;
  calls = 0;
  embeddedTexts = 0;

  constructor(
    readonly dims = 256,
    modelId = 'test/hash-embedder',
  ) {
    this.modelId = modelId;
  }

  embedOne(text: string): Float32Array {
    const v = new Float32Array(this.dims);
    for (const word of tokenize(text)) {
      v[fnv1a(`w:${word}`) % this.dims]! += 1;
      const padded = `#${word}#`;
      for (let i = 0; i + 3 <= padded.length; i++) v[fnv1a(`c:${padded.slice(i, i + 3)}`) % this.dims]! += 0.3;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < v.length; i++) v[i]! /= norm;
    return v;
  }

  async embed(texts: string[], onProgress?: ProgressListener, signal?: AbortSignal): Promise<Float32Array[]> {
    this.calls++;
    const out: Float32Array[] = [];
    for (const [i, text] of texts.entries()) {
      if (signal?.aborted) throw new DOMException('Stopped', 'AbortError');
      out.push(this.embedOne(text));
      this.embeddedTexts++;
      onProgress?.({
        label: `Indexed ${i + 1} of ${texts.length} passages`,
        loaded: i + 1,
        total: texts.length,
        fraction: (i + 1) / texts.length,
        phase: 'work',
      });
    }
    return out;
  }
}
