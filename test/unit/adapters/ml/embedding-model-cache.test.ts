import { describe, expect, it } from 'vitest';
import { embeddingModelFiles, parseModelUrl, TRANSFORMERS_CACHE, TransformersModelCache } from '../../../../src/adapters/ml/model-cache';
import { MemoryCacheStorage } from '../../../doubles/memory-cache-storage';

const HUB = 'https://huggingface.co/Xenova/all-MiniLM-L6-v2/resolve/main/';

async function seeded(): Promise<MemoryCacheStorage> {
  const storage = new MemoryCacheStorage();
  const cache = await storage.open(TRANSFORMERS_CACHE);
  await cache.put(`${HUB}config.json`, new Response('{"a":1}'));
  await cache.put(`${HUB}tokenizer.json`, new Response('x'.repeat(100)));
  await cache.put(`${HUB}tokenizer_config.json`, new Response('{}'));
  await cache.put(`${HUB}onnx/model_quantized.onnx`, new Response(new Uint8Array(5000), { headers: { 'content-length': '5000' } }));
  await cache.put('http://127.0.0.1:4203/mirror/onnx-community/whisper-base/resolve/main/config.json', new Response('{}'));
  await cache.put('http://127.0.0.1:4203/assets/ort-wasm-simd-threaded.asyncify-AbC.wasm', new Response(new Uint8Array(300)));
  return storage;
}

describe('parseModelUrl', () => {
  it('finds the model id and file in hub and mirror URLs', () => {
    expect(parseModelUrl(`${HUB}onnx/model_quantized.onnx`)).toEqual({
      modelId: 'Xenova/all-MiniLM-L6-v2',
      file: 'onnx/model_quantized.onnx',
      origin: 'https://huggingface.co',
    });
    expect(parseModelUrl('http://h/mirror/org/m/resolve/v2/config.json')?.modelId).toBe('org/m');
    expect(parseModelUrl('http://h/assets/ort.wasm')).toBeUndefined();
  });
});

describe('TransformersModelCache', () => {
  it('lists models with sizes, and the runtime separately', async () => {
    const cache = new TransformersModelCache((await seeded()).asCacheStorage());
    const summary = await cache.summary();
    expect(summary.models.map((m) => m.modelId)).toEqual(['onnx-community/whisper-base', 'Xenova/all-MiniLM-L6-v2']);
    const minilm = summary.models.find((m) => m.modelId === 'Xenova/all-MiniLM-L6-v2')!;
    expect(minilm.files.map((f) => f.file)).toEqual([
      'config.json',
      'onnx/model_quantized.onnx',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    expect(minilm.bytes).toBe(7 + 5000 + 100 + 2);
    expect(summary.runtime.map((f) => f.bytes)).toEqual([300]);
    expect(summary.totalBytes).toBe(minilm.bytes + 2 + 300);
  });

  it('knows whether a model is complete for offline use', async () => {
    const cache = new TransformersModelCache((await seeded()).asCacheStorage());
    expect(await cache.has('Xenova/all-MiniLM-L6-v2')).toBe(true);
    expect(await cache.has('Xenova/all-MiniLM-L6-v2', embeddingModelFiles('fp32'))).toBe(false);
    expect(await cache.has('onnx-community/whisper-base')).toBe(false);
  });

  it('deletes one model and reports the bytes freed', async () => {
    const storage = await seeded();
    const cache = new TransformersModelCache(storage.asCacheStorage());
    expect(await cache.delete('Xenova/all-MiniLM-L6-v2')).toBe(5109);
    expect((await cache.summary()).models.map((m) => m.modelId)).toEqual(['onnx-community/whisper-base']);
  });

  it('reports nothing, and creates no bucket, when nothing was ever cached or Cache Storage is missing', async () => {
    const storage = new MemoryCacheStorage();
    expect(await new TransformersModelCache(storage.asCacheStorage()).summary()).toEqual({ models: [], runtime: [], totalBytes: 0 });
    expect(await storage.keys()).toEqual([]);
    expect(await new TransformersModelCache(undefined).has('x')).toBe(false);
  });
});
