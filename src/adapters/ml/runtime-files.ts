/**
 * The ONNX runtime (ort-wasm-*.mjs and its 27 MB .wasm) the ML worker loads for the search
 * and speech models: same-origin hashed assets, not precached (too big for the install) but
 * kept by the service worker on first use in `rehearse-runtime`. The Models screen's
 * "Download for offline use" puts them there itself, so the download is complete offline
 * even when the worker loaded them before the service worker controlled the page.
 * Runs on the main thread; the URLs are the same ones transformers-env gives ORT.
 */
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import { AppError } from '../../domain/errors';
import { RUNTIME_CACHE } from '../../domain/runtime-assets';
import type { RuntimeFiles } from '../../ports/model-backends';

export const ONNX_RUNTIME_URLS: readonly string[] = [ortMjsUrl, ortWasmUrl];

// A host may answer with `Vary: Origin` (vite preview does); the worker's module import and
// this page's fetch differ in Origin, and the hashed names already say which file it is.
const MATCH: CacheQueryOptions = { ignoreVary: true };

type FetchLike = (input: string) => Promise<Response>;

export class RuntimeFilesCache implements RuntimeFiles {
  constructor(
    private readonly urls: readonly string[] = ONNX_RUNTIME_URLS,
    private readonly storage: CacheStorage | undefined = typeof caches === 'undefined' ? undefined : caches,
    private readonly fetcher: FetchLike = (input) => fetch(input),
  ) {}

  /** Runtime files not in the cache; none where there is no Cache Storage (nothing can be kept offline there). */
  async missing(): Promise<string[]> {
    if (!this.storage || !(await this.storage.has(RUNTIME_CACHE))) return this.storage ? [...this.urls] : [];
    const cache = await this.storage.open(RUNTIME_CACHE);
    const found = await Promise.all(this.urls.map(async (url) => (await cache.match(url, MATCH)) !== undefined));
    return this.urls.filter((_, i) => !found[i]);
  }

  /** Fetches and keeps whatever is missing. */
  async ensure(): Promise<void> {
    const missing = await this.missing();
    if (!this.storage || missing.length === 0) return;
    const cache = await this.storage.open(RUNTIME_CACHE);
    for (const url of missing) {
      const response = await this.fetcher(url);
      if (!response.ok) {
        throw new AppError(
          'model-download-failed',
          'Couldn’t download the runtime the search and speech models need. Check your connection and try again.',
        );
      }
      await cache.put(url, response);
    }
  }
}
