import { describe, expect, it } from 'vitest';
import { ONNX_RUNTIME_URLS, RuntimeFilesCache } from '../../../../src/adapters/ml/runtime-files';
import { RUNTIME_CACHE } from '../../../../src/domain/runtime-assets';

/** Cache Storage over maps; `match` records its options (the runtime must be found whatever the Vary header). */
function fakeStorage() {
  const buckets = new Map<string, Map<string, Response>>();
  const matchOptions: (CacheQueryOptions | undefined)[] = [];
  const storage = {
    has: async (name: string) => buckets.has(name),
    open: async (name: string) => {
      let bucket = buckets.get(name);
      if (!bucket) buckets.set(name, (bucket = new Map()));
      const entries = bucket;
      return {
        match: async (url: string, options?: CacheQueryOptions) => (matchOptions.push(options), entries.get(url)),
        put: async (url: string, response: Response) => void entries.set(url, response),
      };
    },
  } as unknown as CacheStorage;
  return { storage, buckets, matchOptions };
}

const URLS = ['/assets/ort-wasm-simd-threaded.asyncify-A.mjs', '/assets/ort-wasm-simd-threaded.asyncify-B.wasm'];

describe('RuntimeFilesCache', () => {
  it('names the ONNX runtime transformers.js loads (the .mjs and its .wasm)', () => {
    expect(ONNX_RUNTIME_URLS).toHaveLength(2);
    expect(ONNX_RUNTIME_URLS.some((url) => /ort-wasm-simd-threaded\.asyncify.*\.mjs/.test(url))).toBe(true);
    expect(ONNX_RUNTIME_URLS.some((url) => /ort-wasm-simd-threaded\.asyncify.*\.wasm/.test(url))).toBe(true);
  });

  it('keeps what is missing in the service worker’s runtime cache, fetching only that', async () => {
    const { storage, buckets, matchOptions } = fakeStorage();
    const fetched: string[] = [];
    const runtime = new RuntimeFilesCache(URLS, storage, async (url) => (fetched.push(url), new Response(url)));
    expect(await runtime.missing()).toEqual(URLS);
    // The service worker kept the .mjs already (the worker imported it through it).
    await (await storage.open(RUNTIME_CACHE)).put(URLS[0]!, new Response('mjs'));
    expect(await runtime.missing()).toEqual([URLS[1]]);
    await runtime.ensure();
    expect(fetched).toEqual([URLS[1]]);
    expect([...buckets.get(RUNTIME_CACHE)!.keys()].sort()).toEqual([...URLS].sort());
    expect(await runtime.missing()).toEqual([]);
    expect(matchOptions.every((options) => options?.ignoreVary === true)).toBe(true);
  });

  it('a failed fetch keeps nothing and says so', async () => {
    const { storage, buckets } = fakeStorage();
    const runtime = new RuntimeFilesCache(URLS, storage, async () => new Response('gone', { status: 404 }));
    await expect(runtime.ensure()).rejects.toMatchObject({ code: 'model-download-failed' });
    expect(buckets.get(RUNTIME_CACHE)?.size ?? 0).toBe(0);
    expect(await runtime.missing()).toEqual(URLS);
  });

  it('without Cache Storage nothing can be kept, so nothing counts as missing', async () => {
    const runtime = new RuntimeFilesCache(URLS, undefined, async () => {
      throw new Error('must not fetch');
    });
    expect(await runtime.missing()).toEqual([]);
    await runtime.ensure();
  });
});
