/**
 * Every failure that reaches the UI is an AppError with a stable code and a message
 * that tells the user what to do. The original error is kept as `cause` for debugging
 * but is never shown raw.
 */
export type ErrorCode =
  | 'webgpu-unavailable'
  | 'shader-f16-unavailable'
  | 'model-download-failed'
  | 'model-load-failed'
  | 'gpu-device-lost'
  | 'gpu-out-of-memory'
  | 'remote-auth'
  | 'remote-not-found'
  | 'remote-rate-limited'
  | 'remote-server'
  | 'remote-network'
  | 'remote-cors'
  | 'remote-bad-response'
  | 'remote-not-configured'
  | 'quota-exceeded'
  | 'storage-unavailable'
  | 'storage-write-failed'
  /** The database was closed by another tab (erase or a newer version): reload to save again. */
  | 'storage-closed'
  /** Another tab saved a newer copy of this conversation; this tab's copy is out of date. */
  | 'stale-session'
  | 'mic-denied'
  | 'mic-unavailable'
  | 'mic-lost'
  | 'transcription-failed'
  | 'nothing-heard'
  | 'speech-unavailable'
  | 'file-unreadable'
  | 'file-unsupported'
  | 'pdf-no-text'
  | 'pdf-encrypted'
  | 'invalid-import'
  | 'invalid-input'
  | 'invalid-model-output'
  | 'budget-exhausted'
  | 'aborted'
  | 'worker-crashed'
  | 'not-found'
  | 'unknown';

export interface AppErrorOptions {
  cause?: unknown;
  /** Seconds the user should wait before retrying (429 Retry-After). */
  retryAfterSeconds?: number;
  /** Extra structured facts for the UI (e.g. bytes needed, line numbers). */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryAfterSeconds?: number;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, userMessage: string, options: AppErrorOptions = {}) {
    super(userMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.details !== undefined) this.details = options.details;
  }
}

export function isAbortError(value: unknown): boolean {
  if (value instanceof AppError) return value.code === 'aborted';
  return typeof value === 'object' && value !== null && (value as { name?: unknown }).name === 'AbortError';
}

/** Wraps anything thrown into an AppError, keeping AppErrors as they are. */
export function toAppError(
  value: unknown,
  fallbackMessage = 'Something unexpected happened. Please try again; if it keeps happening, reload the page.',
): AppError {
  if (value instanceof AppError) return value;
  if (isAbortError(value)) return new AppError('aborted', 'Stopped.', { cause: value });
  if (isQuotaError(value)) {
    return new AppError(
      'quota-exceeded',
      'This device is out of storage space for Rehearse. Delete downloaded models or old sessions in Settings → Data, then try again.',
      { cause: value },
    );
  }
  return new AppError('unknown', fallbackMessage, { cause: value });
}

/** Quota errors come under several names across browsers and ages (DOMException code 22, Firefox 1014). */
export function isQuotaError(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as { name?: unknown; code?: unknown };
  return e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED' || e.code === 22 || e.code === 1014;
}
