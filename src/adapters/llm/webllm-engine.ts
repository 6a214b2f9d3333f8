/**
 * The on-device chat engine: WebLLM running in its own worker (llm.worker.ts) so generation
 * never freezes the page. The page never imports `@mlc-ai/web-llm`: it talks to the worker
 * through the app's own protocol (llm-client.ts), which also answers the catalog.
 */
import type { ChatEngine, ChatRequest, EngineInfo } from '../../ports/chat-engine';
import type { ChatDelta, ChatMessage, FinishReason, TokenUsage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import type { ProgressEvent } from '../../ports/progress';
import type { CatalogModel, DeviceProfile } from '../../domain/device-fit';
import { f32Variant, needsShaderF16 } from '../../domain/device-fit';
import { ThinkStripper } from '../../domain/think-strip';
import {
  DEFAULT_CONTEXT_WINDOW,
  deleteCachedModel,
  isModelCached,
  loadCatalog,
  toCatalogModel,
  type ModelRecordLike,
} from './webllm-catalog';
import { asWebLLMModule, llmWorker } from './llm-client';
import type { ChunkLike, InitProgressReport } from './llm-protocol';
import { mapWebLLMError } from './webllm-errors';
import { detectDevice } from './webgpu-detect';

export type { ChunkLike, InitProgressReport } from './llm-protocol';

/** The surface of WebWorkerMLCEngine we use; tests pass a double. */
export interface MLCEngineLike {
  chat: { completions: { create(request: Record<string, unknown>): Promise<AsyncIterable<ChunkLike>> } };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

export interface WorkerLike {
  terminate(): void;
}

/** The WebLLM surface we use (the shape of `@mlc-ai/web-llm`'s module); the LLM worker's client in the app, doubles in tests. */
export interface WebLLMModuleLike {
  CreateWebWorkerMLCEngine(
    worker: WorkerLike,
    modelId: string,
    engineConfig?: { initProgressCallback?: (report: InitProgressReport) => void; cacheOnly?: boolean },
  ): Promise<MLCEngineLike>;
  prebuiltAppConfig: { model_list: ModelRecordLike[] };
}

/** WebLLM as the page sees it: questions to the LLM worker over the app's protocol (llm-client.ts). */
export const importWebLLM = (): Promise<WebLLMModuleLike> => asWebLLMModule(llmWorker());

/** The worker the next load runs in; terminating it cancels a download and frees the GPU. */
export const createLLMWorker = (): WorkerLike => llmWorker().handle();

export interface WebLLMLoadOptions {
  modelId: string;
  onProgress?: (progress: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Load only from the browser cache (the setup screen's warm-up): never downloads. */
  cacheOnly?: boolean;
  /** Seams for tests; the defaults are the real thing. */
  loadModule?: () => Promise<WebLLMModuleLike>;
  createWorker?: () => WorkerLike;
  detect?: () => Promise<DeviceProfile>;
}

const MiB = 1024 * 1024;

/** Maps WebLLM's progress text ("Fetching param cache[3/22]: 410MB fetched. 18% completed…") to our event. */
export function toProgressEvent(report: InitProgressReport): ProgressEvent {
  const fraction = Math.max(0, Math.min(1, Number.isFinite(report.progress) ? report.progress : 0));
  const mb = /(\d+)MB (fetched|loaded)/.exec(report.text);
  const shard = /\[(\d+)\/(\d+)\]/.exec(report.text);
  const sizes = (): Pick<ProgressEvent, 'loaded' | 'total'> => {
    if (!mb) return {};
    const loaded = Number(mb[1]) * MiB;
    // WebLLM reports only fetched MB and the fraction; the total follows from both.
    return fraction > 0 ? { loaded, total: Math.round(loaded / fraction) } : { loaded };
  };
  const file = shard ? { file: `part ${shard[1]} of ${shard[2]}` } : {};
  if (report.text.startsWith('Fetching param cache') || report.text.startsWith('Start to fetch')) {
    return { label: 'Downloading the model', phase: 'download', fraction, ...sizes(), ...file };
  }
  if (report.text.startsWith('Loading model from cache'))
    return { label: 'Loading the model onto the graphics card', phase: 'load', fraction, ...sizes(), ...file };
  if (report.text.startsWith('Loading GPU shader')) return { label: 'Preparing graphics shaders', phase: 'load', fraction, ...file };
  if (report.text.startsWith('Finish loading')) return { label: 'Model ready', phase: 'done', fraction: 1 };
  return { label: 'Preparing the model', phase: 'load', fraction };
}

/**
 * WebLLM accepts one system message, first, and a last message from the user. Our callers may
 * add later system notes (a summary of older turns) or let the model speak first (the
 * interviewer's opening), so both are normalised here instead of failing.
 */
export function toWebLLMMessages(messages: ChatMessage[]): ChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const rest = messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content }));
  const out: ChatMessage[] = system.length > 0 ? [{ role: 'system', content: system.join('\n\n') }, ...rest] : rest;
  if (out.length === 0 || out[out.length - 1]!.role !== 'user') out.push({ role: 'user', content: 'Please continue.' });
  return out;
}

export function isQwen3(modelId: string): boolean {
  return /^Qwen3-/i.test(modelId);
}

export function buildCompletionRequest(request: ChatRequest, modelId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    messages: toWebLLMMessages(request.messages),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.json) {
    // With a schema WebLLM constrains decoding (XGrammar), so the reply parses by construction.
    body.response_format =
      typeof request.json === 'object' ? { type: 'json_object', schema: JSON.stringify(request.json.schema) } : { type: 'json_object' };
  }
  // Qwen3 thinks aloud by default: slow, and not meant for the candidate's eyes.
  if (isQwen3(modelId)) body.extra_body = { enable_thinking: false };
  return body;
}

function toUsage(usage: NonNullable<ChunkLike['usage']>): TokenUsage {
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  return { promptTokens, completionTokens, totalTokens: usage.total_tokens ?? promptTokens + completionTokens };
}

function toFinish(reason: string): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'abort') return 'abort';
  return 'stop';
}

function shortName(modelId: string): string {
  return modelId.replace(/-q\d+f\d+(_\d+)?-MLC(-1k)?$/, '').replace(/-Instruct$/, '');
}

export class WebLLMEngine implements ChatEngine {
  readonly info: EngineInfo;
  readonly contextWindow: number;
  /** The port's optional capability: true after the GPU was lost; this engine must be loaded again. */
  lost = false;

  constructor(
    private readonly engine: MLCEngineLike,
    private readonly worker: WorkerLike | undefined,
    readonly model: CatalogModel,
  ) {
    this.contextWindow = model.contextWindow;
    this.info = { id: `webllm:${model.id}`, kind: 'webllm', label: `${shortName(model.id)} on this device`, model: model.id };
  }

  /** Downloads (first time) and loads a model; rejects with an AppError that says what to do. */
  static async load(options: WebLLMLoadOptions): Promise<WebLLMEngine> {
    const { modelId, signal } = options;
    const alternative = f32Variant(modelId);
    const context = { modelId, phase: 'load' as const, ...(alternative !== modelId ? { alternativeModelId: alternative } : {}) };
    if (signal?.aborted) throw new AppError('aborted', 'Stopped.');

    // Check the GPU before any download so the user hears the real problem, not "download failed".
    const device = await (options.detect ?? detectDevice)();
    if (!device.webgpu) throw mapWebLLMError(new Error(`WebGPUNotAvailableError: ${device.reason ?? ''}`), context);

    const module = await (options.loadModule ?? importWebLLM)();
    const record = module.prebuiltAppConfig.model_list.find((r) => r.model_id === modelId);
    if (!record)
      throw new AppError(
        'model-load-failed',
        `${modelId} is not a model this version of Rehearse knows. Pick one from the Models screen.`,
        { details: { modelId } },
      );
    const model = toCatalogModel(record);
    if (needsShaderF16(model) && !device.shaderF16) throw mapWebLLMError(new Error('ShaderF16SupportError: shader-f16 missing'), context);

    const worker = (options.createWorker ?? createLLMWorker)();
    const loading = module.CreateWebWorkerMLCEngine(worker, modelId, {
      initProgressCallback: (report) => options.onProgress?.(toProgressEvent(report)),
      ...(options.cacheOnly ? { cacheOnly: true } : {}),
    });
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        // Terminating the worker is the one cancel that always works mid-download; Cache
        // Storage writes whole files only, so no half-written shard is left behind.
        worker.terminate();
        reject(new AppError('aborted', 'Download cancelled.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const engine = await Promise.race([loading, aborted]);
      return new WebLLMEngine(engine, worker, { ...model, contextWindow: model.contextWindow || DEFAULT_CONTEXT_WINDOW });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'aborted')) worker.terminate();
      throw mapWebLLMError(error, context);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Keeps the port's abort contract: a fired signal, at any moment, ends with finishReason 'abort'. */
  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    const { signal } = request;
    if (signal?.aborted) {
      yield { finishReason: 'abort' };
      return;
    }
    if (this.lost) throw this.fail(new Error('DeviceLostError: engine was lost earlier'));

    let chunks: AsyncIterable<ChunkLike>;
    try {
      chunks = await this.engine.chat.completions.create(buildCompletionRequest(request, this.model.id));
    } catch (error) {
      const failure = this.fail(error);
      if (signal?.aborted) {
        yield { finishReason: 'abort' };
        return;
      }
      throw failure;
    }
    const iterator = chunks[Symbol.asyncIterator]();
    const stripper = new ThinkStripper();
    let aborted = false;
    let finished = false;
    let usage: TokenUsage | undefined;
    let finish: FinishReason | undefined;
    const onAbort = () => {
      if (aborted) return;
      aborted = true;
      this.engine.interruptGenerate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    // The signal may have fired while the request was being created.
    if (signal?.aborted) onAbort();
    try {
      for (;;) {
        let step: IteratorResult<ChunkLike>;
        try {
          step = await iterator.next();
        } catch (error) {
          finished = true;
          const failure = this.fail(error);
          if (aborted) break;
          throw failure;
        }
        if (step.done) {
          finished = true;
          break;
        }
        const chunk = step.value;
        if (chunk.usage) usage = toUsage(chunk.usage);
        const choice = chunk.choices?.[0];
        if (choice?.finish_reason) finish = toFinish(choice.finish_reason);
        // After an abort we keep reading (silently) until WebLLM stops, so its lock is released.
        const piece = choice?.delta?.content;
        if (piece && !aborted) {
          const visible = stripper.push(piece);
          if (visible) yield { text: visible };
        }
      }
      if (!aborted) {
        const tail = stripper.flush();
        if (tail) yield { text: tail };
      }
      yield { ...(usage ? { usage } : {}), finishReason: aborted ? 'abort' : (finish ?? 'stop') };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!finished) await this.drain(iterator);
    }
  }

  /** Frees the GPU memory and stops the worker. */
  async unload(): Promise<void> {
    try {
      await this.engine.unload();
    } catch {
      // The worker may already be gone (device lost); terminating below is enough.
    }
    this.worker?.terminate();
  }

  /** The consumer stopped early: stop generation and finish the stream so the next request can run. */
  private async drain(iterator: AsyncIterator<ChunkLike>): Promise<void> {
    this.engine.interruptGenerate();
    try {
      while (!(await iterator.next()).done) {
        /* discard */
      }
    } catch {
      // Ending a stream we no longer want; its error has no one to go to.
    }
  }

  private fail(error: unknown): AppError {
    const appError = mapWebLLMError(error, { modelId: this.model.id, phase: 'generate' });
    if (appError.code === 'gpu-device-lost') this.lost = true;
    return appError;
  }
}

/**
 * Everything ModelManager needs from WebLLM, ready for app/container.ts:
 * `new ModelManager({ backend: webllmBackend, ... })`.
 */
export const webllmBackend = {
  detectDevice: (): Promise<DeviceProfile> => detectDevice(),
  loadCatalog,
  hasModelInCache: isModelCached,
  deleteModel: deleteCachedModel,
  loadEngine: (
    modelId: string,
    options: { onProgress: (progress: ProgressEvent) => void; signal: AbortSignal; cacheOnly?: boolean },
  ): Promise<WebLLMEngine> =>
    WebLLMEngine.load({
      modelId,
      onProgress: options.onProgress,
      signal: options.signal,
      ...(options.cacheOnly ? { cacheOnly: true } : {}),
    }),
};
