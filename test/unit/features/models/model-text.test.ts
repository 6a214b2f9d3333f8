import { describe, expect, it } from 'vitest';
import { deviceSummary, displayName, formatDuration, transferDetail, variantLabel } from '../../../../src/features/models/model-text';

describe('model-text', () => {
  it('names models for people', () => {
    expect(displayName('Llama-3.2-3B-Instruct-q4f32_1-MLC')).toBe('Llama 3.2 3B Instruct');
    expect(displayName('Qwen2.5-1.5B-Instruct-q4f16_1-MLC')).toBe('Qwen2.5 1.5B Instruct');
    expect(variantLabel('Phi-3.5-mini-instruct-q4f32_1-MLC-1k')).toBe('4-bit · works on every GPU · short context');
    expect(variantLabel('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe('4-bit · 16-bit shaders');
  });

  it('describes a download with bytes, speed and time left', () => {
    expect(
      transferDetail({
        modelId: 'x',
        phase: 'download',
        label: 'Downloading',
        loadedBytes: 300 * 1024 ** 2,
        totalBytes: 1.5 * 1024 ** 3,
        bytesPerSecond: 8 * 1024 ** 2,
        secondsLeft: 150,
      }),
    ).toBe('300 MB of 1.5 GB · 8.0 MB/s · about 3 min left');
    expect(transferDetail({ modelId: 'x', phase: 'load', label: 'Loading' })).toBe('');
    expect(formatDuration(20)).toBe('20 s');
    expect(formatDuration(3 * 3600 + 5 * 60)).toBe('3 h 5 min');
  });

  it('says plainly when graphics are software-rendered or missing', () => {
    expect(
      deviceSummary({
        webgpu: true,
        gpuClass: 'software',
        shaderF16: false,
        adapterInfo: { vendor: 'google', architecture: 'swiftshader', description: '' },
      }),
    ).toMatch(/software .*remote model/);
    expect(deviceSummary({ webgpu: false, gpuClass: 'unknown', shaderF16: false, reason: 'No WebGPU here.' })).toBe('No WebGPU here.');
  });
});
