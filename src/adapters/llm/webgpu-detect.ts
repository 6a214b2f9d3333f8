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

  if (!secure) return without('WebGPU only works on a secure page (https or localhost). Open Rehearse from its https address.');
  if (!nav?.gpu) return without('This browser has no WebGPU. Use a recent Chrome or Edge on desktop, or a remote model.');

  let adapter: AdapterLike | null;
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return without('WebGPU is present but no graphics adapter is available (it may be turned off or blocked for this GPU).');

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
