import { describe, expect, it } from 'vitest';
import { classifyGpu, detectDevice, type AdapterLike } from '../../../../src/adapters/llm/webgpu-detect';

function adapter(
  info: AdapterLike['info'],
  features: string[] = [],
  limits = { maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 30 },
): AdapterLike {
  return { info, features: new Set(features), limits };
}

describe('detectDevice', () => {
  it('explains an insecure page', async () => {
    const profile = await detectDevice({ navigator: {}, secureContext: false });
    expect(profile).toMatchObject({ webgpu: false, shaderF16: false });
    expect(profile.reason).toMatch(/^Models on this device only run on a secure page\. Open Rehearse from its https address/);
  });

  it('explains a browser without navigator.gpu', async () => {
    const profile = await detectDevice({ navigator: { deviceMemory: 4 }, secureContext: true });
    expect(profile).toMatchObject({ webgpu: false, deviceMemoryGB: 4 });
    expect(profile.reason).toMatch(/^This browser can’t run AI models on this device\. Use a remote model instead/);
    expect(profile.reason).toMatch(/no WebGPU/);
  });

  it('explains a missing adapter, also when requestAdapter throws', async () => {
    const reason = (await detectDevice({ navigator: { gpu: { requestAdapter: async () => null } }, secureContext: true })).reason;
    // Plain words and a next step first; the technical cause last.
    expect(reason).toMatch(/^This browser can’t use your graphics card for AI models\. Use a remote model instead/);
    expect(reason).toMatch(/\(WebGPU is turned off or blocked for this graphics card\.\)$/);
    const throwing = { gpu: { requestAdapter: async () => Promise.reject(new Error('blocked')) } };
    expect((await detectDevice({ navigator: throwing, secureContext: true })).webgpu).toBe(false);
  });

  it('reports the SwiftShader software adapter without shader-f16', async () => {
    const swiftshader = adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' });
    const profile = await detectDevice({
      navigator: { gpu: { requestAdapter: async () => swiftshader }, deviceMemory: 8 },
      secureContext: true,
    });
    expect(profile).toMatchObject({
      webgpu: true,
      gpuClass: 'software',
      shaderF16: false,
      maxBufferSize: 2 ** 31,
      maxStorageBufferBindingSize: 2 ** 30,
      deviceMemoryGB: 8,
    });
    expect(profile.adapterInfo?.architecture).toBe('swiftshader');
  });

  it('reads shader-f16 from the adapter features', async () => {
    const nvidia = adapter({ vendor: 'nvidia', architecture: 'ampere', description: '' }, ['shader-f16']);
    expect(await detectDevice({ navigator: { gpu: { requestAdapter: async () => nvidia } }, secureContext: true })).toMatchObject({
      shaderF16: true,
      gpuClass: 'discrete',
    });
  });
});

describe('classifyGpu', () => {
  it.each([
    [{ vendor: 'intel', architecture: 'gen-12lp', description: '' }, 'integrated'],
    [{ vendor: 'intel', architecture: 'xe', description: 'Intel(R) Arc(TM) A770' }, 'discrete'],
    [{ vendor: 'apple', architecture: 'metal-3', description: '' }, 'integrated'],
    [{ vendor: 'amd', architecture: 'rdna-3', description: 'AMD Radeon RX 7600' }, 'discrete'],
    [{ vendor: 'amd', architecture: 'rdna-2', description: 'AMD Radeon(TM) Graphics' }, 'integrated'],
    [{ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }, 'software'],
    [{ vendor: '', architecture: '', description: '' }, 'unknown'],
  ] as const)('classifies %o as %s', (info, expected) => {
    expect(classifyGpu(adapter(info))).toBe(expected);
  });

  it('trusts isFallbackAdapter', () => {
    expect(classifyGpu({ ...adapter({ vendor: 'nvidia' }), isFallbackAdapter: true })).toBe('software');
  });
});
