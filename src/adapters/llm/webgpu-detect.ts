/**
 * What the browser tells us about its GPU, for the model picker and for clear errors before
 * any download starts. Works on the main thread and inside workers (both have navigator.gpu).
 */
import type { DeviceProfile, GpuClass } from '../../domain/device-fit';

/** The slice of `navigator` we read; tests pass a plain object. */
export interface NavigatorLike {
  gpu?: { requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null> };
  deviceMemory?: number;
}

export interface AdapterLike {
  features: { has(feature: string): boolean };
  limits: { maxBufferSize: number; maxStorageBufferBindingSize: number };
  info?: { vendor?: string; architecture?: string; description?: string; device?: string; isFallbackAdapter?: boolean };
  /** Older Chrome exposed this on the adapter itself. */
  isFallbackAdapter?: boolean;
}

export interface DetectOptions {
  navigator?: NavigatorLike;
  secureContext?: boolean;
}

/** Vendor/description words are heuristics (WebGPU hides exact GPU models on purpose). */
export function classifyGpu(adapter: AdapterLike): GpuClass {
  const info = adapter.info ?? {};
  const vendor = (info.vendor ?? '').toLowerCase();
  const text = `${info.architecture ?? ''} ${info.description ?? ''} ${info.device ?? ''}`.toLowerCase();
  if (
    adapter.isFallbackAdapter ||
    info.isFallbackAdapter ||
    /swiftshader|llvmpipe|lavapipe|software|basic render/.test(`${vendor} ${text}`)
  )
    return 'software';
  if (vendor.includes('nvidia')) return 'discrete';
  if (vendor.includes('amd') || vendor.includes('ati'))
    return /radeon\(tm\) graphics|vega \d+ graphics|apu/.test(text) ? 'integrated' : 'discrete';
  if (vendor.includes('intel')) return /\barc\b|alchemist|battlemage/.test(text) ? 'discrete' : 'integrated';
  if (vendor.includes('apple') || vendor.includes('qualcomm') || vendor.includes('arm')) return 'integrated';
  return 'unknown';
}

export async function detectDevice(options: DetectOptions = {}): Promise<DeviceProfile> {
  const nav: NavigatorLike | undefined = options.navigator ?? (globalThis.navigator as NavigatorLike | undefined);
  const secure = options.secureContext ?? (globalThis as { isSecureContext?: boolean }).isSecureContext ?? true;
  const base: Pick<DeviceProfile, 'deviceMemoryGB'> = typeof nav?.deviceMemory === 'number' ? { deviceMemoryGB: nav.deviceMemory } : {};
  const without = (reason: string): DeviceProfile => ({ webgpu: false, reason, gpuClass: 'unknown', shaderF16: false, ...base });

  // Plain words and a next step first; the technical cause (WebGPU) follows for whoever wants it.
  if (!secure)
    return without(
      'Models on this device only run on a secure page. Open Rehearse from its https address, or use a remote model instead. (WebGPU, which they need, works only on https pages and on localhost.)',
    );
  if (!nav?.gpu)
    return without(
      'This browser can’t run AI models on this device. Use a remote model instead, or open Rehearse in a recent Chrome or Edge on a computer. (This browser has no WebGPU.)',
    );

  let adapter: AdapterLike | null;
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter)
    return without(
      'This browser can’t use your graphics card for AI models. Use a remote model instead, or try Chrome on a computer with a recent graphics card. (WebGPU is turned off or blocked for this graphics card.)',
    );

  const info = adapter.info;
  return {
    webgpu: true,
    ...(info
      ? {
          adapterInfo: {
            vendor: info.vendor ?? '',
            architecture: info.architecture ?? '',
            description: info.description ?? '',
            ...(info.device ? { device: info.device } : {}),
          },
        }
      : {}),
    gpuClass: classifyGpu(adapter),
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
    ...base,
  };
}
