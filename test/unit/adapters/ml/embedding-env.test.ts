import { describe, expect, it } from 'vitest';
import {
  applyMlConfig,
  DEFAULT_MODEL_HOST,
  guardModelFetch,
  normalizeHost,
  type TransformersEnvLike,
} from '../../../../src/adapters/ml/transformers-env';
import { transferablesOf } from '../../../../src/adapters/ml/transferables';

function fakeEnv(): TransformersEnvLike {
  return {
    allowLocalModels: true,
    allowRemoteModels: false,
    remoteHost: 'x',
    useBrowserCache: false,
    backends: { onnx: { wasm: { wasmPaths: 'https://cdn.jsdelivr.net/npm/onnxruntime-web/dist/' } } },
  };
}

describe('applyMlConfig', () => {
  it('serves the ORT runtime from our own asset URLs, remote models only, from the chosen mirror', () => {
    const env = fakeEnv();
    const result = applyMlConfig(
      env,
      { remoteHost: 'http://127.0.0.1:4203/models' },
      { wasm: '/assets/ort-abc.wasm', mjs: '/assets/ort-abc.mjs' },
    );
    expect(result.remoteHost).toBe('http://127.0.0.1:4203/models/');
    expect(env.remoteHost).toBe('http://127.0.0.1:4203/models/');
    expect(env.allowLocalModels).toBe(false);
    expect(env.allowRemoteModels).toBe(true);
    expect(env.backends.onnx.wasm?.wasmPaths).toEqual({ wasm: '/assets/ort-abc.wasm', mjs: '/assets/ort-abc.mjs' });
    expect(env.backends.onnx.wasm?.proxy).toBe(false);
    expect(env.useWasmCache).toBe(false);
    expect(JSON.stringify(env.backends)).not.toContain('cdn');
  });

  it('defaults to the Hugging Face hub and rejects non-http mirrors', () => {
    expect(normalizeHost(undefined)).toBe(DEFAULT_MODEL_HOST);
    expect(normalizeHost('  ')).toBe(DEFAULT_MODEL_HOST);
    expect(normalizeHost('https://mirror.example/hf')).toBe('https://mirror.example/hf/');
    expect(() => normalizeHost('file:///etc')).toThrow(TypeError);
  });
});

describe('guardModelFetch', () => {
  const respond =
    (body: string, type: string, status = 200) =>
    async () =>
      new Response(body, { status, headers: { 'content-type': type } });

  it('rejects an HTML page served in place of a model file', async () => {
    const guarded = guardModelFetch(respond('<!doctype html>', 'text/html; charset=utf-8'));
    await expect(guarded('https://h/m/resolve/main/onnx/model_quantized.onnx')).rejects.toThrow(/HTML page/);
  });

  it('passes model files, JSON and error statuses through untouched', async () => {
    expect((await guardModelFetch(respond('{}', 'application/json'))('https://h/m/resolve/main/config.json')).status).toBe(200);
    expect((await guardModelFetch(respond('not found', 'text/html', 404))('https://h/m/resolve/main/x.onnx')).status).toBe(404);
  });
});

describe('transferablesOf', () => {
  it('transfers the buffers of top-level typed arrays only', () => {
    const v = new Float32Array(4);
    expect(transferablesOf({ vectors: v, dims: 2 })).toEqual([v.buffer]);
    expect(transferablesOf({ text: 'x' })).toEqual([]);
    expect(transferablesOf(null)).toEqual([]);
  });
});
