/**
 * transformers.js reports model loading through `progress_callback`; both the embedding and the
 * speech handlers turn those payloads into the worker protocol's ProgressEvent the same way.
 */
import type { ProgressEvent } from '../../ports/progress';

/** transformers.js progress_callback payloads (download + load). */
export interface LoadProgress {
  status: string;
  file?: string;
  loaded?: number;
  total?: number;
  progress?: number;
}

/** Download events become "Downloading <model> (<file>)" with bytes; `ready` becomes `onReady`; the rest is ignored. */
export function loadProgressEvent(p: LoadProgress, modelName: string, onReady: ProgressEvent): ProgressEvent | undefined {
  if (p.status === 'progress' || p.status === 'download') {
    const event: ProgressEvent = { label: `Downloading ${modelName}${p.file ? ` (${p.file})` : ''}`, phase: 'download' };
    if (p.file !== undefined) event.file = p.file;
    if (p.loaded !== undefined) event.loaded = p.loaded;
    if (p.total !== undefined) event.total = p.total;
    if (p.progress !== undefined) event.fraction = Math.min(1, Math.max(0, p.progress / 100));
    return event;
  }
  if (p.status === 'ready') return { ...onReady };
  return undefined;
}
