/**
 * The on-device helper models next to the chat model: the embedding model (search over
 * your job description and resume) and Whisper (speech-to-text; one model for English
 * interviews, another for every other language). For the Models screen: whether each is
 * downloaded — wholly or partly — how big, "prepare for offline" with progress, and delete.
 */
import { approxDownloadLabel, downloadState, type CachedModelFiles, type DownloadState } from '../domain/model-downloads';
import { toAppError, type AppError } from '../domain/errors';
import { withRuntimeState } from '../domain/runtime-assets';
import type { RuntimeFiles, SupportModelBackend } from '../ports/model-backends';
import type { ProgressEvent } from '../ports/progress';

export interface SupportModelView {
  key: string;
  modelId: string;
  label: string;
  purpose: string;
  /** "about 80 MB, …" for models we know the size of. */
  approxSize: string | undefined;
  /** Bytes cached; undefined until checked. */
  cachedBytes: number | undefined;
  /** Undefined until checked. */
  state: DownloadState | undefined;
  progress: ProgressEvent | null;
  busy: boolean;
  error: AppError | null;
}

const NOTHING: CachedModelFiles = { bytes: 0, files: [] };

export class SupportModels {
  #views = $state<SupportModelView[]>([]);

  get views(): SupportModelView[] {
    return this.#views;
  }
  private backends = new Map<string, SupportModelBackend>();

  /**
   * `backends` is read again on every refresh: which models to offer follows the settings.
   * `runtime`: the ONNX runtime every row needs offline; a row is complete only with it cached.
   */
  constructor(
    private readonly listBackends: () => SupportModelBackend[],
    private readonly runtime?: RuntimeFiles,
  ) {
    this.sync();
  }

  async refresh(): Promise<void> {
    this.sync();
    await Promise.all(this.#views.map((view) => this.check(view)));
  }

  async prepare(key: string): Promise<void> {
    const view = this.#views.find((v) => v.key === key);
    const backend = this.backends.get(key);
    if (!view || !backend || view.busy) return;
    view.busy = true;
    view.error = null;
    try {
      await backend.prepare((p) => (view.progress = p));
      // Loading the model online fetched the runtime, but it may not have been kept (no service
      // worker in control yet): keep it now, or offline the model could not run.
      await this.runtime?.ensure();
    } catch (e) {
      view.error = toAppError(e);
    } finally {
      // Also after a failure: part of it may have arrived.
      await this.check(view);
      view.busy = false;
      view.progress = null;
    }
  }

  async remove(key: string): Promise<void> {
    const view = this.#views.find((v) => v.key === key);
    const backend = this.backends.get(key);
    if (!view || !backend || view.busy) return;
    view.error = null;
    try {
      await backend.remove();
    } catch (e) {
      view.error = toAppError(e);
    }
    await this.check(view);
  }

  /** Rows for the current backends; a row that stays is the same object (a download in progress keeps reporting to it). */
  private sync(): void {
    const list = this.listBackends();
    this.backends = new Map(list.map((b) => [b.key, b]));
    this.#views = list.map((b) => {
      const view = this.#views.find((v) => v.key === b.key);
      if (!view) {
        return {
          key: b.key,
          modelId: b.modelId,
          label: b.label,
          purpose: b.purpose,
          approxSize: approxDownloadLabel(b.modelId),
          cachedBytes: undefined,
          state: undefined,
          progress: null,
          busy: false,
          error: null,
        };
      }
      if (view.modelId !== b.modelId) {
        view.modelId = b.modelId;
        view.approxSize = approxDownloadLabel(b.modelId);
        view.cachedBytes = undefined;
        view.state = undefined;
        view.error = null;
      }
      view.label = b.label;
      view.purpose = b.purpose;
      return view;
    });
  }

  private async check(view: SupportModelView): Promise<void> {
    const backend = this.backends.get(view.key);
    if (!backend) return;
    const cached = await backend.cached().catch(() => NOTHING);
    view.cachedBytes = cached.bytes;
    const runtimeMissing = this.runtime ? (await this.runtime.missing().catch(() => [])).length : 0;
    view.state = withRuntimeState(downloadState(cached, backend.requiredFiles), runtimeMissing);
  }
}
