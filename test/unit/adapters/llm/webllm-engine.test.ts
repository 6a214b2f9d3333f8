import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatDelta } from '../../../../src/domain/chat';
import { AppError } from '../../../../src/domain/errors';
import type { DeviceProfile } from '../../../../src/domain/device-fit';
import type { ProgressEvent } from '../../../../src/ports/progress';

// A stand-in for @mlc-ai/web-llm: no GPU and no weights exist here, so the engine's message
// handling is checked against a scripted engine that behaves like WebWorkerMLCEngine.
interface Chunk {
  choices: { delta: { content?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}
const state = vi.hoisted(() => ({
  requests: [] as Record<string, unknown>[],
  script: [] as string[],
  interrupted: false,
  interruptCalls: 0,
  unloadCalls: 0,
  loadError: undefined as unknown,
  streamError: undefined as unknown,
  hangLoad: false,
  progress: [] as { progress: number; timeElapsed: number; text: string }[],
  /** Resolves when the engine has produced this many chunks (lets a test abort mid-stream). */
  onChunk: undefined as undefined | ((index: number) => void),
}));

vi.mock('@mlc-ai/web-llm', () => ({
  prebuiltAppConfig: {
    model_list: [
      {
        model_id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
        vram_required_MB: 1128.82,
        low_resource_required: true,
        overrides: { context_window_size: 4096 },
      },
      {
        model_id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
        vram_required_MB: 879.04,
        low_resource_required: true,
        overrides: { context_window_size: 4096 },
      },
      {
        model_id: 'Qwen3-1.7B-q4f32_1-MLC',
        vram_required_MB: 2635.44,
        low_resource_required: true,
        overrides: { context_window_size: 4096 },
      },
      {
        model_id: 'Phi-3.5-mini-instruct-q4f32_1-MLC-1k',
        vram_required_MB: 3179.12,
        low_resource_required: true,
        overrides: { context_window_size: 1024 },
      },
    ],
  },
  CreateWebWorkerMLCEngine: async (_worker: unknown, _modelId: string, config?: { initProgressCallback?: (r: unknown) => void }) => {
    for (const report of state.progress) config?.initProgressCallback?.(report);
    if (state.hangLoad) await new Promise(() => undefined);
    if (state.loadError !== undefined) throw state.loadError;
    return {
      chat: {
        completions: {
          create: async (request: Record<string, unknown>) => {
            state.requests.push(request);
            state.interrupted = false;
            return (async function* (): AsyncGenerator<Chunk> {
              for (let i = 0; i < state.script.length; i++) {
                await Promise.resolve();
                if (state.streamError !== undefined && i === 1) throw state.streamError;
                if (state.interrupted) {
                  yield { choices: [{ delta: {}, finish_reason: 'abort' }] };
                  break;
                }
                state.onChunk?.(i);
                yield { choices: [{ delta: { content: state.script[i] }, finish_reason: i === state.script.length - 1 ? 'stop' : null }] };
              }
              yield { choices: [], usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 } };
            })();
          },
        },
      },
      interruptGenerate: () => {
        state.interruptCalls++;
        state.interrupted = true;
      },
      unload: async () => {
        state.unloadCalls++;
      },
    };
  },
}));

const { WebLLMEngine, buildCompletionRequest, toProgressEvent, toWebLLMMessages } =
  await import('../../../../src/adapters/llm/webllm-engine');
type WebLLMModuleLike = import('../../../../src/adapters/llm/webllm-engine').WebLLMModuleLike;

const gpu: DeviceProfile = {
  webgpu: true,
  gpuClass: 'integrated',
  shaderF16: true,
  maxBufferSize: 2 ** 31,
  maxStorageBufferBindingSize: 2 ** 31,
};
const noF16: DeviceProfile = { ...gpu, shaderF16: false };
let terminated = 0;
const worker = () => ({ terminate: () => void terminated++ });

function load(
  modelId = 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
  device: DeviceProfile = gpu,
  extra: { onProgress?: (p: ProgressEvent) => void; signal?: AbortSignal } = {},
) {
  // The stand-in above has WebLLM's module shape, which the worker client also offers.
  const loadModule = async () => (await import('@mlc-ai/web-llm')) as unknown as WebLLMModuleLike;
  return WebLLMEngine.load({ modelId, createWorker: worker, detect: async () => device, loadModule, ...extra });
}

async function collect(iterable: AsyncIterable<ChatDelta>): Promise<ChatDelta[]> {
  const out: ChatDelta[] = [];
  for await (const d of iterable) out.push(d);
  return out;
}

beforeEach(() => {
  Object.assign(state, {
    requests: [],
    script: [],
    interrupted: false,
    interruptCalls: 0,
    unloadCalls: 0,
    loadError: undefined,
    streamError: undefined,
    hangLoad: false,
    progress: [],
    onChunk: undefined,
  });
  terminated = 0;
});

describe('WebLLMEngine.load', () => {
  it('takes the context window from the model record and names the engine', async () => {
    const engine = await load('Phi-3.5-mini-instruct-q4f32_1-MLC-1k');
    expect(engine.contextWindow).toBe(1024);
    expect(engine.info).toMatchObject({
      id: 'webllm:Phi-3.5-mini-instruct-q4f32_1-MLC-1k',
      kind: 'webllm',
      label: 'Phi-3.5-mini-instruct on this device',
    });
    expect(engine.info.host).toBeUndefined();
  });

  it('reports download progress with bytes, then loading, then done', async () => {
    state.progress = [
      { progress: 0, timeElapsed: 0, text: 'Start to fetch params' },
      {
        progress: 0.25,
        timeElapsed: 3,
        text: 'Fetching param cache[5/20]: 200MB fetched. 25% completed, 3 secs elapsed. It can take a while…',
      },
      { progress: 0.5, timeElapsed: 4, text: 'Loading model from cache[10/20]: 400MB loaded. 50% completed, 4 secs elapsed.' },
      { progress: 1, timeElapsed: 5, text: 'Finish loading on WebGPU - swiftshader' },
    ];
    const events: ProgressEvent[] = [];
    await load(undefined, gpu, { onProgress: (p) => events.push(p) });
    expect(events.map((e) => e.phase)).toEqual(['download', 'download', 'load', 'done']);
    expect(events[1]).toMatchObject({ fraction: 0.25, loaded: 200 * 2 ** 20, total: 800 * 2 ** 20, file: 'part 5 of 20' });
    expect(events[3]?.fraction).toBe(1);
  });

  it('fails with webgpu-unavailable before downloading anything when WebGPU is missing', async () => {
    state.progress = [{ progress: 0.1, timeElapsed: 1, text: 'Fetching param cache[1/2]: 1MB fetched.' }];
    const onProgress = vi.fn();
    const error = await load(undefined, { webgpu: false, gpuClass: 'unknown', shaderF16: false, reason: 'none' }, { onProgress }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('webgpu-unavailable');
    expect((error as AppError).message).toMatch(/remote model/);
    expect(onProgress).not.toHaveBeenCalled();
  });

  it('offers the q4f32_1 twin when an f16 model meets an adapter without shader-f16', async () => {
    const error = (await load('Llama-3.2-1B-Instruct-q4f16_1-MLC', noF16).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('shader-f16-unavailable');
    expect(error.details).toMatchObject({ alternativeModelId: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' });
    expect(error.message).toContain('Llama-3.2-1B-Instruct-q4f32_1-MLC');
  });

  it('maps a failed download to model-download-failed and stops the worker', async () => {
    state.loadError = 'TypeError: Failed to fetch';
    const error = (await load().catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('model-download-failed');
    expect(terminated).toBe(1);
  });

  it('rejects an unknown model id clearly', async () => {
    const error = (await load('Nope-7B-q4f32_1-MLC').catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('model-load-failed');
  });

  it('cancels a download by terminating the worker', async () => {
    state.hangLoad = true;
    const controller = new AbortController();
    const pending = load(undefined, gpu, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const error = (await pending.catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('aborted');
    expect(terminated).toBe(1);
  });
});

describe('WebLLMEngine.stream', () => {
  it('streams deltas, then usage and the finish reason', async () => {
    state.script = ['Tell me ', 'about ', 'yourself.'];
    const engine = await load();
    const deltas = await collect(engine.stream({ messages: [{ role: 'user', content: 'Start' }] }));
    expect(deltas.filter((d) => d.text).map((d) => d.text)).toEqual(['Tell me ', 'about ', 'yourself.']);
    expect(deltas.at(-1)).toEqual({ usage: { promptTokens: 42, completionTokens: 7, totalTokens: 49 }, finishReason: 'stop' });
  });

  it('asks for streaming with usage and passes temperature and max tokens', async () => {
    state.script = ['ok'];
    const engine = await load();
    await collect(
      engine.stream({
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'U' },
        ],
        temperature: 0.3,
        maxTokens: 64,
      }),
    );
    expect(state.requests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true }, temperature: 0.3, max_tokens: 64 });
    expect(state.requests[0]).not.toHaveProperty('response_format');
    expect(state.requests[0]).not.toHaveProperty('extra_body');
  });

  it('strips <think> blocks split across deltas', async () => {
    state.script = ['<thi', 'nk>\nplanning', ' the question</th', 'ink>\n\n', 'What is ', 'your role?'];
    const engine = await load();
    const text = (await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }] }))).map((d) => d.text ?? '').join('');
    expect(text).toBe('What is your role?');
  });

  it('stops generation on abort and ends with finishReason abort once text has arrived', async () => {
    state.script = ['one ', 'two ', 'three ', 'four'];
    const engine = await load();
    const controller = new AbortController();
    const deltas: ChatDelta[] = [];
    for await (const d of engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: controller.signal })) {
      deltas.push(d);
      if (d.text === 'two ') controller.abort();
    }
    expect(state.interruptCalls).toBeGreaterThan(0);
    expect(deltas.map((d) => d.text).filter(Boolean)).toEqual(['one ', 'two ']);
    expect(deltas.at(-1)?.finishReason).toBe('abort');
  });

  // The port's abort contract: a fired signal never throws; the stream ends with finishReason 'abort'.
  it('ends with only finishReason abort, sending nothing, when the signal fired before the request', async () => {
    state.script = ['never'];
    const engine = await load();
    const controller = new AbortController();
    controller.abort();
    const deltas = await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: controller.signal }));
    expect(deltas).toEqual([{ finishReason: 'abort' }]);
    expect(state.requests).toHaveLength(0);
  });

  it('ends with finishReason abort and no text when stopped before the first token', async () => {
    state.script = ['one ', 'two '];
    const engine = await load();
    const controller = new AbortController();
    state.onChunk = (i) => {
      if (i === 0) controller.abort();
    };
    const deltas = await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: controller.signal }));
    expect(deltas.filter((d) => d.text)).toEqual([]);
    expect(deltas.at(-1)?.finishReason).toBe('abort');
    expect(deltas.filter((d) => d.finishReason)).toHaveLength(1);
    expect(state.interruptCalls).toBeGreaterThan(0);
  });

  it('ends with finishReason abort when the generation fails after a stop', async () => {
    state.script = ['one ', 'two '];
    state.streamError = new Error('generation interrupted');
    const engine = await load();
    const controller = new AbortController();
    state.onChunk = (i) => {
      if (i === 0) controller.abort();
    };
    const deltas = await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: controller.signal }));
    expect(deltas.at(-1)?.finishReason).toBe('abort');
  });

  it('interrupts and drains the engine when the consumer stops reading early', async () => {
    state.script = ['a', 'b', 'c'];
    const engine = await load();
    for await (const d of engine.stream({ messages: [{ role: 'user', content: 'go' }] })) {
      if (d.text === 'a') break;
    }
    expect(state.interruptCalls).toBe(1);
    // The next request runs normally.
    state.script = ['fine'];
    const text = (await collect(engine.stream({ messages: [{ role: 'user', content: 'again' }] }))).map((d) => d.text ?? '').join('');
    expect(text).toBe('fine');
  });

  it('maps a lost device mid-answer to gpu-device-lost and refuses further use', async () => {
    state.script = ['a', 'b', 'c'];
    state.streamError = 'DeviceLostError: The WebGPU device was lost while loading the model.';
    const engine = await load();
    const error = (await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }] })).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('gpu-device-lost');
    expect(error.message).toMatch(/interview is kept/);
    expect(engine.lost).toBe(true);
    const again = (await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }] })).catch((e: unknown) => e)) as AppError;
    expect(again.code).toBe('gpu-device-lost');
  });

  it('unload frees the engine and stops the worker', async () => {
    const engine = await load();
    await engine.unload();
    expect(state.unloadCalls).toBe(1);
    expect(terminated).toBe(1);
  });
});

describe('request shape', () => {
  it('asks for a JSON object, with the schema as a string when given', () => {
    const schema = { type: 'object', properties: { score: { type: 'number' } }, required: ['score'] };
    expect(
      buildCompletionRequest({ messages: [{ role: 'user', content: 'x' }], json: { schema } }, 'Llama-3.2-1B-Instruct-q4f32_1-MLC')
        .response_format,
    ).toEqual({
      type: 'json_object',
      schema: JSON.stringify(schema),
    });
    expect(
      buildCompletionRequest({ messages: [{ role: 'user', content: 'x' }], json: true }, 'Llama-3.2-1B-Instruct-q4f32_1-MLC')
        .response_format,
    ).toEqual({ type: 'json_object' });
  });

  it('switches Qwen3 thinking off', () => {
    expect(buildCompletionRequest({ messages: [{ role: 'user', content: 'x' }] }, 'Qwen3-1.7B-q4f32_1-MLC').extra_body).toEqual({
      enable_thinking: false,
    });
  });

  it('merges system messages first and ends with a user turn', () => {
    expect(
      toWebLLMMessages([
        { role: 'system', content: 'Rules' },
        { role: 'assistant', content: 'Hi' },
        { role: 'system', content: 'Summary of earlier turns' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Rules\n\nSummary of earlier turns' },
      { role: 'assistant', content: 'Hi' },
      { role: 'user', content: 'Please continue.' },
    ]);
  });

  it('maps unknown progress text to a load phase without bytes', () => {
    expect(toProgressEvent({ progress: 0.3, timeElapsed: 1, text: 'Loading GPU shader modules[3/10]: 30% completed' })).toMatchObject({
      phase: 'load',
      fraction: 0.3,
    });
    expect(toProgressEvent({ progress: 0.3, timeElapsed: 1, text: 'something' }).loaded).toBeUndefined();
  });
});
