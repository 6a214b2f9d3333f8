/**
 * Will a local chat model run on this device? A pure judgement from the model catalog and
 * what the browser tells us about the GPU.
 *
 * WebGPU exposes no VRAM figure, so the fit is a heuristic, stated here and in
 * docs/local-model.md:
 *
 * 1. No WebGPU, a software adapter's limits below WebLLM's minimum (256 MiB buffers, 128 MiB
 *    storage bindings), or a model needing `shader-f16` on an adapter without it → unsupported.
 * 2. A model whose `buffer_size_required_bytes` exceeds the adapter's `maxBufferSize` or
 *    `maxStorageBufferBindingSize` → too big.
 * 3. Otherwise the model's `vram_required_MB` is compared with a memory budget:
 *    - discrete GPU (NVIDIA, or AMD other than integrated "Radeon Graphics"): 6 GiB, the
 *      common laptop dGPU size; raised to half the system RAM when that is larger;
 *    - integrated / unified memory (Intel, Apple, AMD APU, unknown): half the system RAM
 *      (`navigator.deviceMemory`, which browsers cap at 8 GB; 8 GB assumed when absent);
 *    - software adapter (SwiftShader, llvmpipe): a quarter of RAM; works, but slowly.
 *    Within 75 % of the budget → fits; within the budget → tight; above → too big.
 *    Models WebLLM marks `low_resource_required` get the benefit of the doubt on a tight call.
 */

export type GpuClass = 'discrete' | 'integrated' | 'software' | 'unknown';

export interface DeviceProfile {
  webgpu: boolean;
  /** Why WebGPU is not usable, in plain words (absent when it is). */
  reason?: string;
  adapterInfo?: { vendor: string; architecture: string; description: string; device?: string };
  gpuClass: GpuClass;
  shaderF16: boolean;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
  /** `navigator.deviceMemory`: GB of RAM, rounded down and capped at 8 by browsers. */
  deviceMemoryGB?: number;
}

/** The facts about one model that the fit needs (a subset of WebLLM's ModelRecord). */
export interface CatalogModel {
  id: string;
  vramMB?: number;
  lowResource?: boolean;
  bufferSizeRequiredBytes?: number;
  requiredFeatures?: string[];
  /** Tokens (prompt + reply); from the record's overrides.context_window_size. */
  contextWindow: number;
  /** `q4f16_1`, `q4f32_1`, … parsed from the id. */
  quantization?: string;
  /** WebLLM's model_type: 0/undefined LLM, 1 embedding, 2 vision. */
  kind: 'chat' | 'embedding' | 'vision';
  /** Hosts its files come from (weights, GPU library), so the Models screen can name them. */
  downloadHosts?: string[];
}

export type FitVerdict = 'fits' | 'tight' | 'too-big' | 'unsupported';

export interface ModelFit {
  verdict: FitVerdict;
  /** One plain sentence for the UI. */
  reason: string;
}

const MiB = 1024 * 1024;
/** WebLLM refuses adapters below these (see its detectGPUDevice fallback sizes). */
export const MIN_BUFFER_SIZE = 256 * MiB;
export const MIN_STORAGE_BINDING_SIZE = 128 * MiB;
const DISCRETE_BUDGET_MB = 6 * 1024;
const ASSUMED_RAM_GB = 8;
const FITS_SHARE = 0.75;

/** The interview ladder, best first: the largest that fits gives the best questions and feedback. */
export const INTERVIEW_LADDER = ['Llama-3.2-3B-Instruct', 'Qwen2.5-1.5B-Instruct', 'Llama-3.2-1B-Instruct'] as const;

export function parseQuantization(modelId: string): string | undefined {
  return /-(q\d+f\d+(?:_\d+)?)-/.exec(`${modelId}-`)?.[1];
}

/** f16 weights need the `shader-f16` WebGPU feature even when the record does not list it. */
export function needsShaderF16(model: Pick<CatalogModel, 'id' | 'requiredFeatures'>): boolean {
  if (model.requiredFeatures?.includes('shader-f16')) return true;
  return /f16/.test(parseQuantization(model.id) ?? '');
}

/** The q4f32_1 twin of an f16 model id, for adapters without `shader-f16`. */
export function f32Variant(modelId: string): string {
  return modelId.replace(/-q(\d+)f16_(\d+)-/, '-q$1f32_$2-').replace(/-q0f16-/, '-q0f32-');
}

export function memoryBudgetMB(device: DeviceProfile): number {
  const ramMB = (device.deviceMemoryGB ?? ASSUMED_RAM_GB) * 1024;
  switch (device.gpuClass) {
    case 'discrete':
      return Math.max(DISCRETE_BUDGET_MB, ramMB / 2);
    case 'software':
      return ramMB / 4;
    default:
      return ramMB / 2;
  }
}

function limitsTooSmall(device: DeviceProfile): boolean {
  return (
    (device.maxBufferSize !== undefined && device.maxBufferSize < MIN_BUFFER_SIZE) ||
    (device.maxStorageBufferBindingSize !== undefined && device.maxStorageBufferBindingSize < MIN_STORAGE_BINDING_SIZE)
  );
}

export function assessFit(model: CatalogModel, device: DeviceProfile): ModelFit {
  if (!device.webgpu) return { verdict: 'unsupported', reason: device.reason ?? 'This browser has no WebGPU, which local models need.' };
  if (limitsTooSmall(device))
    return { verdict: 'unsupported', reason: 'Your graphics adapter allows only small GPU buffers; local models cannot load on it.' };
  if (needsShaderF16(model) && !device.shaderF16) {
    return {
      verdict: 'unsupported',
      reason: 'Needs 16-bit GPU shaders (shader-f16), which your graphics adapter lacks; use the q4f32 version.',
    };
  }
  const required = model.bufferSizeRequiredBytes;
  if (required !== undefined) {
    const limit = Math.min(device.maxBufferSize ?? Infinity, device.maxStorageBufferBindingSize ?? Infinity);
    if (required > limit) return { verdict: 'too-big', reason: 'Needs larger GPU buffers than your graphics adapter allows.' };
  }
  if (model.vramMB === undefined) return { verdict: 'tight', reason: 'Its memory need is not published; it may not fit.' };
  const budget = memoryBudgetMB(device);
  const need = `${formatMB(model.vramMB)} of GPU memory`;
  if (model.vramMB <= budget * FITS_SHARE) return { verdict: 'fits', reason: `Needs about ${need}; should run well here.` };
  if (model.vramMB <= budget) {
    return model.lowResource
      ? { verdict: 'fits', reason: `Needs about ${need}; close to what this device can spare, but built for modest hardware.` }
      : { verdict: 'tight', reason: `Needs about ${need}; close to what this device can spare. Close other tabs first.` };
  }
  return { verdict: 'too-big', reason: `Needs about ${need}; likely more than this device can spare.` };
}

export function formatMB(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

export interface Recommendation {
  modelId: string;
  fit: ModelFit;
  /** Why this one, in plain words. */
  why: string;
}

/**
 * Picks the interview model: the first rung of the ladder that fits, in the quantization the
 * adapter supports (q4f16_1 with shader-f16, else q4f32_1). A software adapter gets the smallest
 * rung: anything larger is unbearably slow without a real GPU. Returns undefined when nothing
 * can run (no WebGPU or adapter limits too small).
 */
export function recommendModel(models: CatalogModel[], device: DeviceProfile): Recommendation | undefined {
  if (!device.webgpu || limitsTooSmall(device)) return undefined;
  const quant = device.shaderF16 ? 'q4f16_1' : 'q4f32_1';
  const rungs = INTERVIEW_LADDER.map((base) => models.find((m) => m.id === `${base}-${quant}-MLC`)).filter(
    (m): m is CatalogModel => m !== undefined,
  );
  if (rungs.length === 0) return undefined;
  const assessed = rungs.map((model) => ({ model, fit: assessFit(model, device) }));
  const smallest = assessed[assessed.length - 1]!;
  if (device.gpuClass === 'software') {
    return {
      modelId: smallest.model.id,
      fit: smallest.fit,
      why: 'Your browser draws graphics in software, so the smallest model is the only one that answers at a usable speed.',
    };
  }
  const fits = assessed.find((a) => a.fit.verdict === 'fits');
  if (fits)
    return {
      modelId: fits.model.id,
      fit: fits.fit,
      why:
        fits === assessed[0]
          ? 'The strongest interview model that fits this device.'
          : 'The largest interview model that fits this device comfortably.',
    };
  const tight = assessed.find((a) => a.fit.verdict === 'tight');
  if (tight)
    return { modelId: tight.model.id, fit: tight.fit, why: 'The largest interview model that may fit; close other tabs before starting.' };
  return {
    modelId: smallest.model.id,
    fit: smallest.fit,
    why: 'Even the smallest model may not fit; a remote model will work better on this device.',
  };
}
