import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { loadCatalog as loadCatalogFrom, toCatalogModel, type ModelRecordLike } from '../../../../src/adapters/llm/webllm-catalog';
import { recommendModel } from '../../../../src/domain/device-fit';
import { connectLlmWorker } from '../../../doubles/llm-worker-channel';

// The installed WebLLM's real list, asked the way the page asks it: through the LLM worker's
// protocol (here a MessageChannel running the real handlers).
const { client } = connectLlmWorker(() => ({
  prebuiltAppConfig: prebuiltAppConfig as unknown as { model_list: ModelRecordLike[] },
  hasModelInCache: async () => false,
  deleteModelAllInfoInCache: async () => undefined,
  createEngine: () => {
    throw new Error('not used');
  },
  cacheHas: async () => false,
}));
const loadCatalog = () => loadCatalogFrom(client);

describe('webllm catalog', () => {
  it('maps a model record', () => {
    expect(
      toCatalogModel({
        model_id: 'gemma-2b-it-q4f16_1-MLC-1k',
        vram_required_MB: 1476.5,
        low_resource_required: true,
        buffer_size_required_bytes: 262144000,
        required_features: ['shader-f16'],
        overrides: { context_window_size: 1024 },
      }),
    ).toEqual({
      id: 'gemma-2b-it-q4f16_1-MLC-1k',
      vramMB: 1476.5,
      lowResource: true,
      bufferSizeRequiredBytes: 262144000,
      requiredFeatures: ['shader-f16'],
      contextWindow: 1024,
      quantization: 'q4f16_1',
      kind: 'chat',
    });
    expect(toCatalogModel({ model_id: 'snowflake-arctic-embed-s-q0f32-MLC-b4', model_type: 1 })).toMatchObject({
      kind: 'embedding',
      contextWindow: 4096,
    });
  });

  // Reads the installed WebLLM's real list: the ladder ids must exist there, or the picker recommends nothing.
  it('contains every rung of the interview ladder in both quantizations', async () => {
    const catalog = await loadCatalog();
    const ids = new Set(catalog.map((m) => m.id));
    for (const base of ['Llama-3.2-3B-Instruct', 'Qwen2.5-1.5B-Instruct', 'Llama-3.2-1B-Instruct']) {
      expect(ids.has(`${base}-q4f16_1-MLC`)).toBe(true);
      expect(ids.has(`${base}-q4f32_1-MLC`)).toBe(true);
    }
    const software = recommendModel(catalog, {
      webgpu: true,
      gpuClass: 'software',
      shaderF16: false,
      maxBufferSize: 2 ** 31,
      maxStorageBufferBindingSize: 2 ** 30,
    });
    expect(software?.modelId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  });

  // The Models screen names these hosts; they must come from the real list, not from our copy.
  it('names the hosts a chat model downloads from: weights and GPU library, malformed URLs skipped', async () => {
    expect(
      toCatalogModel({
        model_id: 'X-q4f16_1-MLC',
        model: 'https://huggingface.co/mlc-ai/X-q4f16_1-MLC',
        model_lib: 'https://raw.githubusercontent.com/mlc-ai/binary-mlc-llm-libs/main/x.wasm',
      }).downloadHosts,
    ).toEqual(['huggingface.co', 'raw.githubusercontent.com']);
    expect(toCatalogModel({ model_id: 'Y', model: 'not a url', model_lib: '/libs/y.wasm' }).downloadHosts).toBeUndefined();
    const ladder = (await loadCatalog()).find((m) => m.id === 'Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(ladder?.downloadHosts?.length).toBeGreaterThan(0);
    for (const host of ladder?.downloadHosts ?? []) expect(host).toMatch(/^[a-z0-9.-]+\.[a-z]+$/);
  });
});
