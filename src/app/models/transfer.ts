/** Download speed and time left, from WebLLM's progress reports (pure apart from the clock). */
import type { ProgressEvent } from '../../ports/progress';
import type { TransferView } from './types';

/** Speed is measured over the last few seconds so it follows the connection, not the average. */
const SPEED_WINDOW_MS = 5000;

/** Bytes per second and seconds left from recent (time, bytes) samples; pure, exported for tests. */
export function transferRate(
  samples: { at: number; loaded: number }[],
  total: number | undefined,
): { bytesPerSecond?: number; secondsLeft?: number } {
  const first = samples[0];
  const last = samples[samples.length - 1];
  if (!first || !last || last.at - first.at < 500 || last.loaded <= first.loaded) return {};
  const bytesPerSecond = ((last.loaded - first.loaded) * 1000) / (last.at - first.at);
  return total !== undefined && total >= last.loaded
    ? { bytesPerSecond, secondsLeft: Math.ceil((total - last.loaded) / bytesPerSecond) }
    : { bytesPerSecond };
}

/** Turns one load's progress events into what the Models screen shows. */
export class TransferTracker {
  private samples: { at: number; loaded: number }[] = [];

  constructor(
    private readonly modelId: string,
    private readonly now: () => number,
  ) {}

  view(progress: ProgressEvent): TransferView {
    const view: TransferView = { modelId: this.modelId, phase: progress.phase, label: progress.label };
    if (progress.fraction !== undefined) view.fraction = progress.fraction;
    if (progress.phase === 'download' && progress.loaded !== undefined) {
      const at = this.now();
      this.samples.push({ at, loaded: progress.loaded });
      while (this.samples.length > 2 && at - this.samples[0]!.at > SPEED_WINDOW_MS) this.samples.shift();
      view.loadedBytes = progress.loaded;
      if (progress.total !== undefined) view.totalBytes = progress.total;
      Object.assign(view, transferRate(this.samples, progress.total));
    }
    return view;
  }
}
