/**
 * The page's LLM worker client (llm-client.ts) against the real worker handlers
 * (llm-worker-handlers.ts) over a MessageChannel, with a scripted WebLLM library: the catalog,
 * cache and delete questions, loads with WebLLM's reports, streamed chat, interrupt, errors,
 * the cache-only load of the warm-up, and termination. Then WebLLMEngine on top of it.
 */
import { describe, expect, it } from 'vitest';
import { asWebLLMModule } from '../../../../src/adapters/llm/llm-client';
import type { ChunkLike, InitProgressReport } from '../../../../src/adapters/llm/llm-protocol';
import type { WorkerEngine, WorkerWebLLM } from '../../../../src/adapters/llm/llm-worker-handlers';
import { WebLLMEngine } from '../../../../src/adapters/llm/webllm-engine';
import type { ModelRecordLike } from '../../../../src/adapters/llm/webllm-catalog';
import type { ChatDelta } from '../../../../src/domain/chat';
import { AppError } from '../../../../src/domain/errors';
import { connectLlmWorker } from '../../../doubles/llm-worker-channel';

const MODEL = 'Llama-3.2-1B-Instruct-q4f32_1-MLC';
const RECORD: ModelRecordLike & { tokenizer_files: string[] } = {
  model_id: MODEL,
  model: `https://huggingface.co/mlc-ai/${MODEL}`,
  model_lib: 'https://raw.githubusercontent.com/mlc-ai/libs/Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm',
  vram_required_MB: 1128.82,
  low_resource_required: true,
  overrides: { context_window_size: 4096 },
  tokenizer_files: ['tokenizer.json'],
};
const CONFIG_URL = `https://huggingface.co/mlc-ai/${MODEL}/resolve/main/mlc-chat-config.json`;

interface Script {
  reloads: string[];
  requests: Record<string, unknown>[];
  reports: InitProgressReport[];
  words: string[];
  /** Thrown by the stream after this many words. */
  failAfter?: { words: number; error: Error };
  interrupted: boolean;
  unloads: number;
  deleted: string[];
  cache: Set<string>;
  weightsCached: boolean;
}

function scriptedWebLLM(script: Script): WorkerWebLLM {
  const engine = (progress: (r: InitProgressReport) => void): WorkerEngine => ({
    reload: async (modelId) => {
      script.reloads.push(modelId);
      for (const report of script.reports) progress(report);
    },
    chat: {
      completions: {
        create: async (request) => {
          script.requests.push(request);
          script.interrupted = false;
          return (async function* (): AsyncGenerator<ChunkLike> {
            for (const [i, word] of script.words.entries()) {
              await new Promise((r) => setTimeout(r, 0));
              if (script.failAfter && i === script.failAfter.words) throw script.failAfter.error;
              if (script.interrupted) {
                yield { choices: [{ delta: {}, finish_reason: 'abort' }] };
                return;
              }
              yield { choices: [{ delta: { content: word }, finish_reason: null }] };
            }
            yield { choices: [{ delta: {}, finish_reason: 'stop' }] };
            yield {
              choices: [],
              usage: { prompt_tokens: 12, completion_tokens: script.words.length, total_tokens: 12 + script.words.length },
            };
          })();
        },
      },
    },
    interruptGenerate: () => void (script.interrupted = true),
    unload: async () => void script.unloads++,
  });
  return {
    prebuiltAppConfig: { model_list: [RECORD] },
    hasModelInCache: async () => script.weightsCached,
    deleteModelAllInfoInCache: async (modelId) => void script.deleted.push(modelId),
    createEngine: (config) => engine(config.initProgressCallback),
    cacheHas: async (_cache, url) => script.cache.has(url),
  };
}

function setup(overrides: Partial<Script> = {}) {
  const script: Script = {
    reloads: [],
    requests: [],
    reports: [],
    words: [],
    interrupted: false,
    unloads: 0,
    deleted: [],
    cache: new Set([CONFIG_URL, RECORD.model_lib!]),
    weightsCached: true,
    ...overrides,
  };
  const workers = connectLlmWorker(() => scriptedWebLLM(script));
  return { script, ...workers };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('LLM worker client ↔ handlers', () => {
  it('answers the catalog once, trimmed to the fields the page reads', async () => {
    const { client, spawned } = setup();
    const list = await client.catalog();
    expect(list).toEqual([
      {
        model_id: MODEL,
        model: RECORD.model,
        model_lib: RECORD.model_lib,
        vram_required_MB: 1128.82,
        low_resource_required: true,
        overrides: { context_window_size: 4096 },
      },
    ]);
    await client.catalog();
    expect(spawned()).toBe(1);
  });

  it('calls a model downloaded only when weights, chat config and GPU library are all cached', async () => {
    const { client, script } = setup();
    expect(await client.isCached(MODEL)).toBe(true);
    script.cache.delete(RECORD.model_lib!);
    expect(await client.isCached(MODEL)).toBe(false);
    script.cache.add(RECORD.model_lib!);
    script.weightsCached = false;
    expect(await client.isCached(MODEL)).toBe(false);
    expect(await client.isCached('Unknown-MLC')).toBe(false);
    await client.deleteModel(MODEL);
    expect(script.deleted).toEqual([MODEL]);
  });

  it('forwards WebLLM load reports in order, then streams chat chunks until the usage', async () => {
    const reports = [0.25, 0.5, 1].map((progress) => ({ progress, timeElapsed: 0, text: `Loading model from cache[${progress * 4}/4]` }));
    const { client, script } = setup({ reports, words: ['Hello ', 'there.'] });
    const heard: number[] = [];
    const engine = await client.createEngine(MODEL, { initProgressCallback: (r) => heard.push(r.progress) });
    expect(heard).toEqual([0.25, 0.5, 1]);
    const chunks = await collect(await engine.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }] }));
    expect(chunks.map((c) => c.choices?.[0]?.delta?.content ?? c.choices?.[0]?.finish_reason ?? 'usage')).toEqual([
      'Hello ',
      'there.',
      'stop',
      'usage',
    ]);
    expect(script.requests).toEqual([{ messages: [{ role: 'user', content: 'Hi' }] }]);
  });

  it('a cache-only load of a model with a missing file fails without asking WebLLM to load (no download)', async () => {
    const { client, script } = setup();
    script.cache.delete(CONFIG_URL);
    const error = await client.createEngine(MODEL, { cacheOnly: true }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ModelNotCachedError');
    expect(script.reloads).toEqual([]);
    script.cache.add(CONFIG_URL);
    await client.createEngine(MODEL, { cacheOnly: true });
    expect(script.reloads).toEqual([MODEL]);
  });

  it("brings WebLLM's own errors back by name, so the page can say what to do", async () => {
    const lost = new Error('GPU device was lost');
    lost.name = 'DeviceLostError';
    const { client } = setup({ words: ['a ', 'b ', 'c'], failAfter: { words: 1, error: lost } });
    const engine = await client.createEngine(MODEL);
    const iterator = (await engine.chat.completions.create({}))[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices?.[0]?.delta?.content).toBe('a ');
    const error = (await iterator.next().catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('DeviceLostError');
    expect(error.message).toBe('GPU device was lost');
  });

  it('terminating the worker rejects what is in flight; the next question starts a fresh worker', async () => {
    const { client, spawned, terminated, script } = setup();
    script.reports = [];
    await client.catalog();
    const handle = client.handle();
    const pending = client.isCached(MODEL);
    handle.terminate();
    expect(((await pending.catch((e: unknown) => e)) as AppError).code).toBe('aborted');
    expect(terminated()).toBe(1);
    expect(await client.isCached(MODEL)).toBe(true);
    expect(spawned()).toBe(2);
    // An old handle never kills the newer worker.
    handle.terminate();
    expect(terminated()).toBe(1);
  });
});

describe('WebLLMEngine over the worker protocol', () => {
  const gpu = {
    webgpu: true,
    gpuClass: 'integrated' as const,
    shaderF16: false,
    maxBufferSize: 2 ** 31,
    maxStorageBufferBindingSize: 2 ** 31,
  };

  it('loads with progress, streams a reply with usage, and an abort interrupts the worker', async () => {
    const reports = [{ progress: 0.5, timeElapsed: 0, text: 'Loading model from cache[1/2]: 100MB loaded. 50% completed' }];
    const { client, script } = setup({ reports, words: ['One ', 'two ', 'three ', 'four.'] });
    const phases: string[] = [];
    const engine = await WebLLMEngine.load({
      modelId: MODEL,
      detect: async () => gpu,
      loadModule: () => asWebLLMModule(client),
      createWorker: () => client.handle(),
      onProgress: (p) => phases.push(`${p.phase} ${p.fraction}`),
    });
    expect(phases).toEqual(['load 0.5']);
    expect(engine.contextWindow).toBe(4096);

    const deltas: ChatDelta[] = await collect(engine.stream({ messages: [{ role: 'user', content: 'Count.' }] }));
    expect(deltas.map((d) => d.text ?? '').join('')).toBe('One two three four.');
    expect(deltas.at(-1)).toMatchObject({ finishReason: 'stop', usage: { promptTokens: 12, completionTokens: 4 } });

    const controller = new AbortController();
    const seen: string[] = [];
    for await (const delta of engine.stream({ messages: [{ role: 'user', content: 'Again.' }], signal: controller.signal })) {
      if (delta.text) seen.push(delta.text);
      if (seen.length === 1) controller.abort();
      if (delta.finishReason) expect(delta.finishReason).toBe('abort');
    }
    expect(seen).toEqual(['One ']);
    expect(script.requests).toHaveLength(2);

    await engine.unload();
    expect(script.unloads).toBe(1);
  });
});
