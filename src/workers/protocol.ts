/**
 * A small typed RPC envelope for our workers. The main thread sends requests; the worker
 * answers with any number of progress events and then exactly one result or error.
 * Errors cross the boundary serialized with their AppError code so the UI can act on them.
 */
import { AppError, type ErrorCode } from '../domain/errors';

import type { ProgressEvent } from '../ports/progress';

export interface SerializedError {
  code: ErrorCode;
  message: string;
  name?: string;
  causeMessage?: string;
  retryAfterSeconds?: number;
  details?: Record<string, unknown>;
}

export type RequestMessage = { kind: 'request'; id: number; method: string; params: unknown } | { kind: 'cancel'; id: number };

export type ResponseMessage =
  | { kind: 'progress'; id: number; progress: ProgressEvent }
  /** A method's own stream of data before its result (the LLM worker's reply chunks, its raw load reports). */
  | { kind: 'event'; id: number; event: unknown }
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError };

/** A worker API: method name → (params) => result. */
export type WorkerApi = Record<string, (params: never) => unknown>;

export function serializeError(error: unknown): SerializedError {
  if (error instanceof AppError) {
    const out: SerializedError = { code: error.code, message: error.message, name: error.name };
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined) out.causeMessage = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    if (error.retryAfterSeconds !== undefined) out.retryAfterSeconds = error.retryAfterSeconds;
    if (error.details !== undefined) out.details = error.details;
    return out;
  }
  if (error instanceof Error) {
    if (error.name === 'AbortError') return { code: 'aborted', message: 'Stopped.', name: error.name };
    return {
      code: 'unknown',
      message: 'Something went wrong in a background task. Please try again; reloading the page restarts it.',
      name: error.name,
      causeMessage: `${error.name}: ${error.message}`,
    };
  }
  return { code: 'unknown', message: 'Something went wrong in a background task. Please try again.', causeMessage: String(error) };
}

export function deserializeError(error: SerializedError): AppError {
  const cause = error.causeMessage === undefined ? undefined : new Error(error.causeMessage);
  return new AppError(error.code, error.message, {
    cause,
    ...(error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
    ...(error.details !== undefined ? { details: error.details } : {}),
  });
}

/** The minimal surface of a Worker (or MessagePort) that the protocol needs; lets tests use a MessageChannel. */
export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface CallOptions {
  onProgress?: (progress: ProgressEvent) => void;
  /** Receives what the handler `emit`s, in order, before the call settles. */
  onEvent?: (event: unknown) => void;
  signal?: AbortSignal;
  transfer?: Transferable[];
}

interface PendingCall {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (p: ProgressEvent) => void;
  onEvent?: (event: unknown) => void;
}

/** Main-thread side: call worker methods as promises. */
export class WorkerClient<Api extends WorkerApi> {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();

  constructor(private readonly endpoint: Endpoint & { addEventListener(type: 'error', l: (e: Event) => void): void }) {
    endpoint.addEventListener('message', (event: MessageEvent) => this.onMessage(event.data as ResponseMessage));
    endpoint.addEventListener('error', (event: Event) => this.failAll(event));
  }

  call<M extends keyof Api & string>(
    method: M,
    params: Parameters<Api[M]>[0],
    options: CallOptions = {},
  ): Promise<Awaited<ReturnType<Api[M]>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new AppError('aborted', 'Stopped.'));
        return;
      }
      const entry: PendingCall = { resolve: resolve as (v: unknown) => void, reject };
      if (options.onProgress) entry.onProgress = options.onProgress;
      if (options.onEvent) entry.onEvent = options.onEvent;
      this.pending.set(id, entry);
      options.signal?.addEventListener(
        'abort',
        () => {
          if (!this.pending.has(id)) return;
          this.pending.delete(id);
          this.endpoint.postMessage({ kind: 'cancel', id } satisfies RequestMessage);
          reject(new AppError('aborted', 'Stopped.'));
        },
        { once: true },
      );
      this.endpoint.postMessage({ kind: 'request', id, method, params } satisfies RequestMessage, options.transfer ?? []);
    });
  }

  private onMessage(message: ResponseMessage): void {
    const entry = this.pending.get(message.id);
    if (!entry) return;
    if (message.kind === 'progress') {
      entry.onProgress?.(message.progress);
      return;
    }
    if (message.kind === 'event') {
      entry.onEvent?.(message.event);
      return;
    }
    this.pending.delete(message.id);
    if (message.kind === 'result') entry.resolve(message.result);
    else entry.reject(deserializeError(message.error));
  }

  /** A worker that fails to start or throws at top level rejects everything in flight. */
  private failAll(event: Event): void {
    const detail = (event as ErrorEvent).message ?? 'worker error';
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(
        new AppError('worker-crashed', 'A background task stopped unexpectedly. Reload the page to restart it.', {
          cause: new Error(detail),
        }),
      );
    }
  }
}

export interface HandlerContext {
  progress(event: ProgressEvent): void;
  /** Sends one item of the method's own stream to the caller's `onEvent`. */
  emit(event: unknown): void;
  signal: AbortSignal;
}

export type Handlers<Api extends WorkerApi> = {
  [M in keyof Api]: (
    params: Parameters<Api[M]>[0],
    context: HandlerContext,
  ) => Promise<Awaited<ReturnType<Api[M]>>> | Awaited<ReturnType<Api[M]>>;
};

/** Worker side: dispatch requests to handlers; a throwing handler never kills the worker. */
export function serveWorker<Api extends WorkerApi>(
  endpoint: Endpoint,
  handlers: Handlers<Api>,
  transferOf: (result: unknown) => Transferable[] = () => [],
): void {
  const controllers = new Map<number, AbortController>();
  endpoint.addEventListener('message', (event: MessageEvent) => {
    const message = event.data as RequestMessage;
    if (message.kind === 'cancel') {
      controllers.get(message.id)?.abort();
      return;
    }
    if (message.kind !== 'request') return;
    const { id, method, params } = message;
    const controller = new AbortController();
    controllers.set(id, controller);
    const handler = (handlers as Record<string, (p: unknown, c: HandlerContext) => unknown>)[method];
    const context: HandlerContext = {
      signal: controller.signal,
      progress: (progress) => endpoint.postMessage({ kind: 'progress', id, progress } satisfies ResponseMessage),
      emit: (data) => endpoint.postMessage({ kind: 'event', id, event: data } satisfies ResponseMessage),
    };
    Promise.resolve()
      .then(() => {
        if (!handler) throw new AppError('unknown', `Unknown worker method "${method}".`);
        return handler(params, context);
      })
      .then(
        (result) => endpoint.postMessage({ kind: 'result', id, result } satisfies ResponseMessage, transferOf(result)),
        (error: unknown) => endpoint.postMessage({ kind: 'error', id, error: serializeError(error) } satisfies ResponseMessage),
      )
      .finally(() => controllers.delete(id));
  });
}
