import { describe, expect, it } from 'vitest';
import { isRuntimeAssetPath, withRuntimeState } from '../../../src/domain/runtime-assets';

describe('runtime assets', () => {
  it('counts the ONNX runtime, model runtimes and workers as runtime, not the app shell', () => {
    for (const path of [
      '/assets/ort-wasm-simd-threaded.asyncify-DXIbolS2.mjs',
      '/assets/ort-wasm-simd-threaded.asyncify-CxOG5pUO.wasm',
      '/assets/llm.worker-D-gQtv2g.js',
      '/assets/ml.worker-NmelBo87.js',
      '/assets/pdf.worker.min-FHbmGBN0.mjs',
      '/sub/dir/assets/webllm-lib-abc.js',
    ]) {
      expect(isRuntimeAssetPath(path), path).toBe(true);
    }
    for (const path of ['/', '/index.html', '/assets/index-abc.js', '/assets/ReportScreen-C3E0tCUI.css', '/icons/icon-192.png']) {
      expect(isRuntimeAssetPath(path), path).toBe(false);
    }
  });

  it('a model with every file but without the runtime is only partly downloaded', () => {
    expect(withRuntimeState('complete', 0)).toBe('complete');
    expect(withRuntimeState('complete', 1)).toBe('partial');
    expect(withRuntimeState('partial', 2)).toBe('partial');
    expect(withRuntimeState('missing', 2)).toBe('missing');
    expect(withRuntimeState('missing', 0)).toBe('missing');
  });
});
