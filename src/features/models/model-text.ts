/** Plain words for the Models screen: names, sizes, speeds, verdicts. Pure, so it is unit-tested. */
import type { DeviceProfile, FitVerdict } from '../../domain/device-fit';
import { formatMB } from '../../domain/device-fit';
import type { TransferView } from '../../app/model-manager.svelte';
import { formatBytes } from '../../lib/ui/format';

/** "Llama-3.2-3B-Instruct-q4f32_1-MLC" → "Llama 3.2 3B Instruct". */
export function displayName(modelId: string): string {
  return modelId.replace(/-q\d+f\d+(_\d+)?-MLC(-1k)?$/, '').replace(/-/g, ' ');
}

/** The build variant, for people: "4-bit, 32-bit shaders (works on every GPU)". */
export function variantLabel(modelId: string): string {
  const short = /-1k$/.test(modelId) ? ' · short context' : '';
  if (/q4f16/.test(modelId)) return `4-bit · 16-bit shaders${short}`;
  if (/q4f32/.test(modelId)) return `4-bit · works on every GPU${short}`;
  return (/-(q\d+f\d+(?:_\d+)?)-/.exec(modelId)?.[1] ?? '') + short;
}

export const verdictLabel: Record<FitVerdict, string> = {
  fits: 'Fits this device',
  tight: 'Tight fit',
  'too-big': 'Too big',
  unsupported: 'Won’t run here',
};

export function sizeLabel(vramMB: number | undefined): string {
  return vramMB === undefined ? 'size unknown' : `${formatMB(vramMB)} GPU memory`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "412 MB of 1.1 GB · 8.2 MB/s · about 2 min left" (parts only when known). */
export function transferDetail(transfer: TransferView): string {
  const parts: string[] = [];
  if (transfer.loadedBytes !== undefined) {
    parts.push(
      transfer.totalBytes !== undefined
        ? `${formatBytes(transfer.loadedBytes)} of ${formatBytes(transfer.totalBytes)}`
        : formatBytes(transfer.loadedBytes),
    );
  }
  if (transfer.bytesPerSecond !== undefined) parts.push(`${formatBytes(transfer.bytesPerSecond)}/s`);
  if (transfer.secondsLeft !== undefined) parts.push(`about ${formatDuration(transfer.secondsLeft)} left`);
  return parts.join(' · ');
}

/** One sentence about the graphics adapter, in plain words. */
export function deviceSummary(device: DeviceProfile): string {
  if (!device.webgpu) return device.reason ?? 'This browser cannot run local models.';
  const name = [device.adapterInfo?.vendor, device.adapterInfo?.architecture].filter(Boolean).join(' ') || 'your graphics adapter';
  switch (device.gpuClass) {
    case 'software':
      return `Your browser draws graphics in software (${name}), without a real GPU. Local models run, but very slowly; a remote model will answer much faster.`;
    case 'discrete':
      return `Local models run on your dedicated graphics card (${name}).`;
    case 'integrated':
      return `Local models run on your built-in graphics (${name}), sharing the computer’s memory.`;
    default:
      return `Local models can run on ${name}.`;
  }
}
