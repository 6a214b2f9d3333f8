import { describe, expect, it } from 'vitest';
import { applyMlConfig, wasmThreads, type TransformersEnvLike } from '../../../../src/adapters/ml/transformers-env';

describe('WASM threads for the CPU path', () => {
  it('one thread when the page is not cross-origin isolated (no SharedArrayBuffer)', () => {
    expect(wasmThreads(false, 8)).toBe(1);
  });

  it('every core when isolated, where ORT by itself would take half (one on a 2-core laptop)', () => {
    expect(wasmThreads(true, 2)).toBe(2);
    expect(wasmThreads(true, 6)).toBe(6);
    expect(wasmThreads(true, 64)).toBe(8);
    expect(wasmThreads(true, undefined)).toBe(1);
    expect(wasmThreads(true, 0)).toBe(1);
  });

  it('is set on the ONNX runtime before the first model loads', () => {
    const env: TransformersEnvLike = {
      allowLocalModels: true,
      allowRemoteModels: false,
      remoteHost: '',
      useBrowserCache: false,
      backends: { onnx: {} },
    };
    applyMlConfig(env, {}, { wasm: '/a.wasm', mjs: '/a.mjs' });
    // Vitest runs in Node, which is not cross-origin isolated.
    expect(env.backends.onnx.wasm?.numThreads).toBe(1);
  });
});
