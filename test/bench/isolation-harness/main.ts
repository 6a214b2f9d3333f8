/**
 * A page built by Vite from the app's real ML modules (the shared ML worker, WorkerEmbedder,
 * the retriever's indexing path, the transcription call) for test/bench/isolation.bench.ts.
 * The bench serves it twice, with and without COOP/COEP, and times the same work in both.
 * Bench-only: it is not part of the app.
 */
import { configureMlWorker, sharedMlWorker, WorkerEmbedder } from '../../../src/adapters/ml/embedder-client';
import { IdbVectorStore } from '../../../src/adapters/storage/idb-vector-store';
import { HybridRetriever } from '../../../src/app/hybrid-retriever';

export const harness = {
  isolated: () => crossOriginIsolated,
  configure: (remoteHost: string) => configureMlWorker({ remoteHost }),

  /** Indexes the passages (embed + store) into a fresh namespace; returns milliseconds. */
  async index(modelId: string, texts: string[], namespace: string): Promise<number> {
    const retriever = new HybridRetriever(new WorkerEmbedder({ modelId }), new IdbVectorStore());
    const chunks = texts.map((text, i) => ({ id: `${namespace}-${i}`, documentId: namespace, text }));
    const start = performance.now();
    await retriever.index(namespace, chunks);
    const ms = performance.now() - start;
    if (retriever.lastError) throw retriever.lastError;
    return ms;
  },

  /** Transcribes 16 kHz audio in the ML worker; returns milliseconds and the text. */
  async transcribe(modelId: string, audio: number[]): Promise<{ ms: number; text: string }> {
    const pcm = Float32Array.from(audio);
    const start = performance.now();
    const result = await sharedMlWorker().call(
      'transcribe',
      { audio: pcm, modelId, language: 'en', wordTimestamps: true },
      { transfer: [pcm.buffer] },
    );
    return { ms: performance.now() - start, text: result.text };
  },
};

(window as unknown as { benchHarness: typeof harness }).benchHarness = harness;
document.body.dataset.ready = 'true';
