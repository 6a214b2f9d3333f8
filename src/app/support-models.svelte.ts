/**
 * The on-device helper models next to the chat model: the embedding model (search over
 * your job description and resume) and Whisper (speech-to-text). For the Models screen:
 * whether each is downloaded, how big, "prepare for offline" with progress, and delete.
 */
import { toAppError, type AppError } from '../ports/errors';
import type { ProgressEvent } from '../workers/protocol';

export interface SupportModelBackend {
  id: () => string;
  label: string;
  purpose: string;
  /** Bytes cached for the model, 0 when not downloaded. */
  cachedBytes: () => Promise<number>;
  prepare: (onProgress: (p: ProgressEvent) => void) => Promise<void>;
  remove: () => Promise<void>;
}

export interface SupportModelView {
  key: string;
  modelId: string;
  label: string;
  purpose: string;
  cachedBytes: number | undefined;
  progress: ProgressEvent | null;
  busy: boolean;
  error: AppError | null;
}

export class SupportModels {
  views = $state<SupportModelView[]>([]);

  constructor(private readonly backends: Record<string, SupportModelBackend>) {
    this.views = Object.entries(backends).map(([key, b]) => ({
      key,
      modelId: b.id(),
      label: b.label,
      purpose: b.purpose,
      cachedBytes: undefined,
      progress: null,
      busy: false,
      error: null,
    }));
  }

  async refresh(): Promise<void> {
    await Promise.all(
      this.views.map(async (view) => {
        const backend = this.backends[view.key]!;
        view.modelId = backend.id();
        view.cachedBytes = await backend.cachedBytes().catch(() => 0);
      }),
    );
  }

  async prepare(key: string): Promise<void> {
    const view = this.views.find((v) => v.key === key);
    const backend = this.backends[key];
    if (!view || !backend || view.busy) return;
    view.busy = true;
    view.error = null;
    try {
      await backend.prepare((p) => (view.progress = p));
      view.cachedBytes = await backend.cachedBytes().catch(() => view.cachedBytes);
    } catch (e) {
      view.error = toAppError(e);
    } finally {
      view.busy = false;
      view.progress = null;
    }
  }

  async remove(key: string): Promise<void> {
    const view = this.views.find((v) => v.key === key);
    const backend = this.backends[key];
    if (!view || !backend) return;
    view.error = null;
    try {
      await backend.remove();
      view.cachedBytes = 0;
    } catch (e) {
      view.error = toAppError(e);
    }
  }
}
