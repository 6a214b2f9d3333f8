/**
 * The page's thin client of the LLM worker: the only way the main thread reaches WebLLM.
 * One worker at a time answers the catalog, cache and delete questions and runs the loaded
 * model; terminating it (cancel, unload, a lost GPU) drops it and the next call starts a
 * fresh one. Replaces WebLLM's own WebWorkerMLCEngine client, so the page never imports
 * `@mlc-ai/web-llm` (about 2 MB gzip it would otherwise fetch and compile on the main thread).
 */
import { AppError } from '../../domain/errors';
import { WorkerClient, type CallOptions, type Endpoint } from '../../workers/protocol';
import type { ChunkLike, InitProgressReport, LlmWorkerApi } from './llm-protocol';
import type { ModelRecordLike } from './webllm-catalog';
import type { WebLLMModuleLike } from './webllm-engine';

export type WorkerEndpoint = Endpoint & { addEventListener(type: 'error', listener: (event: Event) => void): void; terminate(): void };

/** The engine surface WebLLMEngine drives (what WebWorkerMLCEngine offered). */
export interface WorkerEngineProxy {
  chat: { completions: { create(request: Record<string, unknown>): Promise<AsyncIterable<ChunkLike>> } };
  interruptGenerate(): void;
  unload(): Promise<void>;
}

interface Generation {
  worker: WorkerEndpoint;
  rpc: WorkerClient<LlmWorkerApi>;
  /** Rejects every call still waiting when this worker is terminated. */
  dead: Promise<never>;
  kill: () => void;
  alive: boolean;
}

export const spawnLlmWorker = (): WorkerEndpoint =>
  new Worker(new URL('./llm.worker.ts', import.meta.url), { type: 'module', name: 'rehearse-llm' });

/**
 * Errors cross the worker as serialized AppErrors; WebLLM's own ("DeviceLostError: …") come
 * back as their name and text so webllm-errors.ts can map them to the right next step.
 */
export function rawWorkerError(error: unknown): unknown {
  if (!(error instanceof AppError) || error.code !== 'unknown') return error;
  const cause = (error as { cause?: unknown }).cause;
  if (!(cause instanceof Error)) return error;
  const match = /^(\w+): ([\s\S]*)$/.exec(cause.message);
  if (!match) return cause;
  const raw = new Error(match[2]);
  raw.name = match[1]!;
  return raw;
}

export class LlmWorkerClient {
  private current: Generation | undefined;
  private catalogPromise: Promise<ModelRecordLike[]> | undefined;

  constructor(private readonly spawn: () => WorkerEndpoint = spawnLlmWorker) {}

  /** WebLLM's model list; the same for the whole build, so asked once. */
  catalog(): Promise<ModelRecordLike[]> {
    this.catalogPromise ??= this.call(this.generation(), 'catalog', null).catch((error: unknown) => {
      this.catalogPromise = undefined;
      throw error;
    });
    return this.catalogPromise;
  }

  isCached(modelId: string): Promise<boolean> {
    return this.call(this.generation(), 'isCached', { modelId });
  }

  async deleteModel(modelId: string): Promise<void> {
    await this.call(this.generation(), 'deleteModel', { modelId });
  }

  /** The worker that the next load will use, as something the engine can terminate. */
  handle(): { terminate(): void } {
    const generation = this.generation();
    return { terminate: () => this.kill(generation) };
  }

  /** Loads a model in the worker and returns a proxy bound to that worker. */
  async createEngine(
    modelId: string,
    config: { initProgressCallback?: (report: InitProgressReport) => void; cacheOnly?: boolean } = {},
  ): Promise<WorkerEngineProxy> {
    const generation = this.generation();
    await this.call(generation, 'load', config.cacheOnly ? { modelId, cacheOnly: true } : { modelId }, {
      onEvent: (report) => config.initProgressCallback?.(report as InitProgressReport),
    });
    return {
      chat: { completions: { create: async (request) => this.chatStream(generation, request) } },
      interruptGenerate: () => void this.call(generation, 'interrupt', null).catch(() => undefined),
      unload: async () => void (await this.call(generation, 'unload', null)),
    };
  }

  /** Stops the current worker (a cancelled download, an unloaded model); calls in flight reject. */
  terminate(): void {
    if (this.current) this.kill(this.current);
  }

  private generation(): Generation {
    if (this.current?.alive) return this.current;
    const worker = this.spawn();
    let kill: () => void = () => undefined;
    const dead = new Promise<never>((_, reject) => {
      kill = () => reject(new AppError('aborted', 'Stopped.'));
    });
    dead.catch(() => undefined);
    const generation: Generation = { worker, rpc: new WorkerClient<LlmWorkerApi>(worker), dead, kill, alive: true };
    this.current = generation;
    return generation;
  }

  private kill(generation: Generation): void {
    if (!generation.alive) return;
    generation.alive = false;
    generation.worker.terminate();
    generation.kill();
    if (this.current === generation) this.current = undefined;
  }

  private async call<M extends keyof LlmWorkerApi & string>(
    generation: Generation,
    method: M,
    params: Parameters<LlmWorkerApi[M]>[0],
    options: CallOptions = {},
  ): Promise<Awaited<ReturnType<LlmWorkerApi[M]>>> {
    if (!generation.alive) throw new AppError('aborted', 'Stopped.');
    try {
      return await Promise.race([generation.rpc.call(method, params, options), generation.dead]);
    } catch (error) {
      throw rawWorkerError(error);
    }
  }

  /** The worker pushes chunks as they come; this turns them back into an async iterable. */
  private chatStream(generation: Generation, request: Record<string, unknown>): AsyncIterable<ChunkLike> {
    const queue: ChunkLike[] = [];
    let settled = false;
    let failure: { error: unknown } | undefined;
    let wake: (() => void) | undefined;
    const notify = () => {
      wake?.();
      wake = undefined;
    };
    this.call(generation, 'chat', { request }, { onEvent: (chunk) => (queue.push(chunk as ChunkLike), notify()) }).then(
      () => ((settled = true), notify()),
      (error: unknown) => ((failure = { error }), (settled = true), notify()),
    );
    const iterator: AsyncIterator<ChunkLike> = {
      next: async () => {
        for (;;) {
          const chunk = queue.shift();
          if (chunk) return { value: chunk, done: false };
          if (failure) {
            const { error } = failure;
            failure = undefined;
            throw error;
          }
          if (settled) return { value: undefined, done: true };
          await new Promise<void>((resolve) => (wake = resolve));
        }
      },
    };
    return { [Symbol.asyncIterator]: () => iterator };
  }
}

/**
 * The client in the shape of `@mlc-ai/web-llm`'s module as WebLLMEngine uses it (the catalog
 * and CreateWebWorkerMLCEngine), so the engine adapter did not have to change its load path.
 */
export async function asWebLLMModule(client: LlmWorkerClient): Promise<WebLLMModuleLike> {
  return {
    prebuiltAppConfig: { model_list: await client.catalog() },
    CreateWebWorkerMLCEngine: (_worker, modelId, engineConfig) => client.createEngine(modelId, engineConfig),
  };
}

/** The one client of the app (built on first use; the worker itself starts on the first call). */
let shared: LlmWorkerClient | undefined;
export function llmWorker(): LlmWorkerClient {
  shared ??= new LlmWorkerClient();
  return shared;
}
