/**
 * Turns WebLLM failures into AppErrors that say what to do next.
 *
 * Errors from the engine worker arrive as strings (`err.toString()`, e.g.
 * "DeviceLostError: The WebGPU device was lost…"), errors from the main thread as Error
 * objects, so matching is by name and message text rather than by class.
 */
import { AppError, isAbortError, isQuotaError } from '../../domain/errors';

export interface WebLLMErrorContext {
  modelId: string;
  /** 'load' while downloading/initialising, 'generate' while answering. */
  phase: 'load' | 'generate';
  /** The q4f32_1 twin of the model, offered when the adapter lacks shader-f16. */
  alternativeModelId?: string;
}

function describe(error: unknown): { name: string; text: string } {
  if (error instanceof Error) return { name: error.name, text: `${error.name}: ${error.message}` };
  if (typeof error === 'string') return { name: /^(\w+)(?::|$)/.exec(error)?.[1] ?? '', text: error };
  if (typeof error === 'object' && error !== null) {
    const e = error as { name?: unknown; message?: unknown };
    return { name: String(e.name ?? ''), text: `${String(e.name ?? '')}: ${String(e.message ?? '')}` };
  }
  return { name: '', text: String(error) };
}

const REMOTE_HINT = 'You can use a remote model instead (Settings → Engine).';

export function mapWebLLMError(error: unknown, context: WebLLMErrorContext): AppError {
  if (error instanceof AppError) return error;
  const { name, text } = describe(error);
  const options = {
    cause: error instanceof Error ? error : new Error(text),
    details: { modelId: context.modelId } as Record<string, unknown>,
  };

  if (isAbortError(error) || name === 'AbortError' || /Engine\.unload\(\) is called|aborted/i.test(text)) {
    return new AppError('aborted', 'Stopped.', options);
  }
  if (isQuotaError(error) || /QuotaExceededError|quota/i.test(text)) {
    return new AppError(
      'quota-exceeded',
      `This device ran out of storage space while saving ${context.modelId}. Delete models you no longer use on the Models screen (or old sessions in Settings → Data), then try again.`,
      options,
    );
  }
  if (/WebGPUNotAvailableError|WebGPUNotFoundError|Cannot find WebGPU|Unable to find a compatible GPU|navigator\.gpu/i.test(text)) {
    return new AppError(
      'webgpu-unavailable',
      `This browser cannot use your graphics card (WebGPU), which local models need. Try a recent Chrome or Edge on desktop. ${REMOTE_HINT}`,
      options,
    );
  }
  if (/requested maxBufferSize exceeds limit|maxStorageBufferBindingSize exceeds/i.test(text)) {
    return new AppError(
      'webgpu-unavailable',
      `Your graphics adapter only allows small GPU buffers, so local models cannot load on it. ${REMOTE_HINT}`,
      options,
    );
  }
  if (name === 'ShaderF16SupportError' || /shader-f16/i.test(text)) {
    const alt = context.alternativeModelId;
    if (alt) options.details.alternativeModelId = alt;
    return new AppError(
      'shader-f16-unavailable',
      alt
        ? `Your graphics adapter lacks 16-bit shaders, which ${context.modelId} needs. Switch to ${alt}, the same model built for your GPU.`
        : `Your graphics adapter lacks 16-bit shaders, which ${context.modelId} needs. Pick a model whose name contains "q4f32".`,
      options,
    );
  }
  if (name === 'DeviceLostError' || /DeviceLostError|device (was )?lost|out of memory|\bOOM\b|GPUOutOfMemoryError/i.test(text)) {
    return new AppError(
      'gpu-device-lost',
      `The graphics card ran out of memory or was reset. Your interview is kept. Reload the model, pick a smaller model on the Models screen, or close other tabs. ${REMOTE_HINT}`,
      options,
    );
  }
  if (
    context.phase === 'load' &&
    (/fetch|network|Failed to store|status \d{3}|Unable to fetch|Load failed|ERR_|ECONN|not ok|NetworkError/i.test(text) ||
      name === 'TypeError')
  ) {
    return new AppError(
      'model-download-failed',
      `Downloading ${context.modelId} failed (no connection to the model host, or the download was cut off). Check your connection and try again; a retry clears the half-downloaded files first.`,
      options,
    );
  }
  if (context.phase === 'load') {
    return new AppError(
      'model-load-failed',
      `${context.modelId} could not be started. Delete it on the Models screen and download it again, or pick another model. ${REMOTE_HINT}`,
      options,
    );
  }
  return new AppError(
    'unknown',
    `The local model stopped while answering. Try again; if it keeps happening, reload the model on the Models screen. ${REMOTE_HINT}`,
    options,
  );
}
