import { describe, expect, it } from 'vitest';
import {
  assessFit,
  f32Variant,
  memoryBudgetMB,
  needsShaderF16,
  parseQuantization,
  recommendModel,
  type CatalogModel,
  type DeviceProfile,
} from '../../../src/domain/device-fit';

const GiB = 1024 ** 3;

// Sizes as in WebLLM 0.2.86's prebuilt list.
function model(id: string, vramMB: number, extra: Partial<CatalogModel> = {}): CatalogModel {
  return { id, vramMB, lowResource: true, contextWindow: 4096, quantization: parseQuantization(id), kind: 'chat', ...extra };
}
const catalog: CatalogModel[] = [
  model('Llama-3.2-3B-Instruct-q4f16_1-MLC', 2263.69),
  model('Llama-3.2-3B-Instruct-q4f32_1-MLC', 2951.51),
  model('Qwen2.5-1.5B-Instruct-q4f16_1-MLC', 1629.75),
  model('Qwen2.5-1.5B-Instruct-q4f32_1-MLC', 1888.97),
  model('Llama-3.2-1B-Instruct-q4f16_1-MLC', 879.04),
  model('Llama-3.2-1B-Instruct-q4f32_1-MLC', 1128.82),
  model('Llama-3.1-8B-Instruct-q4f16_1-MLC', 5001, { lowResource: false }),
  model('gemma-2b-it-q4f16_1-MLC', 1476, { bufferSizeRequiredBytes: 262144000, requiredFeatures: ['shader-f16'] }),
];

const discreteLaptop: DeviceProfile = {
  webgpu: true,
  gpuClass: 'discrete',
  shaderF16: true,
  maxBufferSize: 4 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  deviceMemoryGB: 8,
  adapterInfo: { vendor: 'nvidia', architecture: 'ampere', description: '' },
};
const integrated8GB: DeviceProfile = {
  webgpu: true,
  gpuClass: 'integrated',
  shaderF16: true,
  maxBufferSize: 2 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  deviceMemoryGB: 8,
};
const integrated4GB: DeviceProfile = { ...integrated8GB, deviceMemoryGB: 4 };
const noF16: DeviceProfile = { ...integrated8GB, shaderF16: false };
const swiftShader: DeviceProfile = {
  webgpu: true,
  gpuClass: 'software',
  shaderF16: false,
  maxBufferSize: 2 * GiB,
  maxStorageBufferBindingSize: 2 * GiB,
  deviceMemoryGB: 8,
};
const tinyLimits: DeviceProfile = { ...integrated8GB, maxBufferSize: 128 * 1024 * 1024, maxStorageBufferBindingSize: 64 * 1024 * 1024 };
const noWebGPU: DeviceProfile = { webgpu: false, reason: 'This browser has no WebGPU.', gpuClass: 'unknown', shaderF16: false };

const byId = (id: string) => catalog.find((m) => m.id === id)!;

describe('parseQuantization / needsShaderF16 / f32Variant', () => {
  it('reads the quantization from the id', () => {
    expect(parseQuantization('Llama-3.2-1B-Instruct-q4f16_1-MLC')).toBe('q4f16_1');
    expect(parseQuantization('Phi-3.5-mini-instruct-q4f32_1-MLC-1k')).toBe('q4f32_1');
    expect(parseQuantization('Llama-3.2-1B-Instruct-q0f16-MLC')).toBe('q0f16');
  });
  it('knows f16 weights need shader-f16 even when the record does not say so', () => {
    expect(needsShaderF16({ id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC' })).toBe(true);
    expect(needsShaderF16({ id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' })).toBe(false);
    expect(needsShaderF16({ id: 'x-q4f32_1-MLC', requiredFeatures: ['shader-f16'] })).toBe(true);
  });
  it('names the q4f32 twin', () => {
    expect(f32Variant('Qwen2.5-1.5B-Instruct-q4f16_1-MLC')).toBe('Qwen2.5-1.5B-Instruct-q4f32_1-MLC');
    expect(f32Variant('Phi-3.5-mini-instruct-q4f16_1-MLC-1k')).toBe('Phi-3.5-mini-instruct-q4f32_1-MLC-1k');
  });
});

describe('assessFit', () => {
  it('lets a discrete-GPU laptop run everything up to 8B', () => {
    expect(memoryBudgetMB(discreteLaptop)).toBe(6144);
    expect(assessFit(byId('Llama-3.2-3B-Instruct-q4f16_1-MLC'), discreteLaptop).verdict).toBe('fits');
    expect(assessFit(byId('Llama-3.1-8B-Instruct-q4f16_1-MLC'), discreteLaptop).verdict).toBe('tight');
  });

  it('calls 8B too big on an 8 GB integrated machine and 3B a fit', () => {
    expect(assessFit(byId('Llama-3.1-8B-Instruct-q4f16_1-MLC'), integrated8GB)).toMatchObject({ verdict: 'too-big' });
    expect(assessFit(byId('Llama-3.2-3B-Instruct-q4f16_1-MLC'), integrated8GB).verdict).toBe('fits');
  });

  it('marks f16 models unsupported without shader-f16 and says what to use', () => {
    const fit = assessFit(byId('Llama-3.2-1B-Instruct-q4f16_1-MLC'), noF16);
    expect(fit.verdict).toBe('unsupported');
    expect(fit.reason).toMatch(/q4f32/);
    expect(assessFit(byId('Llama-3.2-1B-Instruct-q4f32_1-MLC'), noF16).verdict).toBe('fits');
  });

  it('refuses everything when the adapter limits are below WebLLM minimums', () => {
    for (const m of catalog) expect(assessFit(m, tinyLimits).verdict).toBe('unsupported');
  });

  it('calls a model too big when it needs larger buffers than the adapter allows', () => {
    const limited: DeviceProfile = { ...discreteLaptop, maxStorageBufferBindingSize: 200 * 1024 * 1024 };
    expect(assessFit(byId('gemma-2b-it-q4f16_1-MLC'), limited).verdict).toBe('too-big');
    expect(assessFit(byId('gemma-2b-it-q4f16_1-MLC'), discreteLaptop).verdict).toBe('fits');
  });

  it('explains the absence of WebGPU', () => {
    expect(assessFit(byId('Llama-3.2-1B-Instruct-q4f32_1-MLC'), noWebGPU)).toEqual({
      verdict: 'unsupported',
      reason: 'This browser has no WebGPU.',
    });
  });

  it('is tight, not fits, for a large non-low-resource model near the budget', () => {
    const big = model('Phi-3.5-mini-instruct-q4f16_1-MLC', 3672, { lowResource: false });
    expect(assessFit(big, integrated8GB).verdict).toBe('tight');
    expect(assessFit({ ...big, lowResource: true }, integrated8GB).verdict).toBe('fits');
  });
});

describe('recommendModel (interview ladder)', () => {
  it('recommends Llama-3.2-3B in f16 on a discrete GPU', () => {
    expect(recommendModel(catalog, discreteLaptop)?.modelId).toBe('Llama-3.2-3B-Instruct-q4f16_1-MLC');
  });
  it('steps down the ladder on a 4 GB integrated device', () => {
    // Budget 2048 MB: 3B (2264) is too big, Qwen 1.5B (1630) is tight-but-low-resource → fits.
    expect(recommendModel(catalog, integrated4GB)?.modelId).toBe('Qwen2.5-1.5B-Instruct-q4f16_1-MLC');
  });
  it('switches to q4f32_1 without shader-f16', () => {
    expect(recommendModel(catalog, noF16)?.modelId).toBe('Llama-3.2-3B-Instruct-q4f32_1-MLC');
  });
  it('recommends the smallest q4f32_1 model on a software adapter', () => {
    const rec = recommendModel(catalog, swiftShader);
    expect(rec?.modelId).toBe('Llama-3.2-1B-Instruct-q4f32_1-MLC');
    expect(rec?.why).toMatch(/software/);
  });
  it('recommends nothing without WebGPU or with tiny limits', () => {
    expect(recommendModel(catalog, noWebGPU)).toBeUndefined();
    expect(recommendModel(catalog, tinyLimits)).toBeUndefined();
  });
  it('falls back to the smallest with a warning when nothing fits', () => {
    const phone: DeviceProfile = { ...integrated8GB, deviceMemoryGB: 1 };
    const rec = recommendModel(catalog, phone);
    expect(rec?.modelId).toBe('Llama-3.2-1B-Instruct-q4f16_1-MLC');
    expect(rec?.fit.verdict).toBe('too-big');
    expect(rec?.why).toMatch(/remote/);
  });
});
