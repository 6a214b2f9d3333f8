import { describe, expect, it } from 'vitest';
import type { ChatDelta } from '../../../../src/domain/chat';
import type { AppError } from '../../../../src/domain/errors';
import {
  PromptApiEngine,
  promptApiAvailability,
  splitConversation,
  type PromptApiCreateOptions,
  type PromptApiSession,
} from '../../../../src/adapters/llm/prompt-api-engine';
import type { ProgressEvent } from '../../../../src/ports/progress';

/** A double of Chrome's `LanguageModel` global, recording what Rehearse asks of it. */
function fakeLanguageModel(
  options: {
    availability?: string | Error;
    createError?: Error;
    promptError?: Error;
    pieces?: string[];
    /** Called when a prompt starts, before any piece (lets a test stop before the first token). */
    onPrompt?: () => void;
    inputQuota?: number;
    downloads?: number[];
  } = {},
) {
  const calls = { create: [] as PromptApiCreateOptions[], prompts: [] as { input: string; responseConstraint?: unknown }[], destroyed: 0 };
  const LanguageModel = {
    availability: async () => {
      if (options.availability instanceof Error) throw options.availability;
      return options.availability ?? 'available';
    },
    params: async () => ({ defaultTopK: 3, maxTopK: 128, defaultTemperature: 1 }),
    create: async (createOptions: PromptApiCreateOptions = {}): Promise<PromptApiSession> => {
      calls.create.push(createOptions);
      if (options.downloads && createOptions.monitor) {
        let listener: ((e: { loaded: number; total?: number }) => void) | undefined;
        createOptions.monitor({ addEventListener: (_type, l) => void (listener = l) });
        for (const loaded of options.downloads) listener?.({ loaded, total: 1 });
      }
      if (options.createError) throw options.createError;
      return {
        inputQuota: options.inputQuota ?? 9216,
        destroy: () => void calls.destroyed++,
        promptStreaming: (input, promptOptions) => {
          calls.prompts.push({ input, responseConstraint: promptOptions?.responseConstraint });
          options.onPrompt?.();
          const pieces = [...(options.pieces ?? ['Hello', ' there'])];
          return new ReadableStream<string>({
            pull(controller) {
              if (promptOptions?.signal?.aborted) return controller.error(new DOMException('stopped', 'AbortError'));
              if (options.promptError && pieces.length === 1) return controller.error(options.promptError);
              const next = pieces.shift();
              if (next === undefined) controller.close();
              else controller.enqueue(next);
            },
          });
        },
      };
    },
  };
  return { scope: { LanguageModel }, calls };
}

function named(name: string): Error {
  return new DOMException('x', name) as unknown as Error;
}

async function collect(iterable: AsyncIterable<ChatDelta>): Promise<ChatDelta[]> {
  const out: ChatDelta[] = [];
  for await (const d of iterable) out.push(d);
  return out;
}

describe('promptApiAvailability', () => {
  it('is absent without the global or with a half-implemented one', async () => {
    expect(await promptApiAvailability({})).toBe('absent');
    expect(await promptApiAvailability({ LanguageModel: { availability: async () => 'available' } })).toBe('absent');
  });
  it.each([
    ['unavailable', 'unavailable'],
    ['downloadable', 'downloadable'],
    ['downloading', 'downloading'],
    ['available', 'available'],
    ['after-download', 'downloadable'],
    ['something-new', 'unavailable'],
  ])('maps %s', async (value, expected) => {
    expect(await promptApiAvailability(fakeLanguageModel({ availability: value }).scope)).toBe(expected);
  });
  it('treats a throwing availability() as unavailable', async () => {
    expect(await promptApiAvailability(fakeLanguageModel({ availability: new Error('boom') }).scope)).toBe('unavailable');
  });
});

describe('PromptApiEngine.create', () => {
  it('refuses clearly when absent or unavailable', async () => {
    const absent = (await PromptApiEngine.create({ scope: {} }).catch((e: unknown) => e)) as AppError;
    expect(absent.code).toBe('model-load-failed');
    expect(absent.message).toMatch(/no built-in model/);
    const unavailable = (await PromptApiEngine.create({ scope: fakeLanguageModel({ availability: 'unavailable' }).scope }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(unavailable.message).toMatch(/not available on this device/);
  });

  it('reports the download of a downloadable model and reads the context window', async () => {
    const { scope, calls } = fakeLanguageModel({ availability: 'downloadable', downloads: [0, 0.5, 1], inputQuota: 6144 });
    const events: ProgressEvent[] = [];
    const engine = await PromptApiEngine.create({ scope, onProgress: (p) => events.push(p), language: 'en' });
    expect(engine.contextWindow).toBe(6144);
    expect(engine.info.kind).toBe('prompt-api');
    expect(events.map((e) => e.fraction)).toEqual([0, 0.5, 1, 1]);
    expect(events.at(-1)?.phase).toBe('done');
    expect(calls.create[0]?.expectedInputs).toEqual([{ type: 'text', languages: ['en'] }]);
    expect(calls.destroyed).toBe(1);
  });

  it('explains that a download needs a click (NotAllowedError)', async () => {
    const error = (await PromptApiEngine.create({
      scope: fakeLanguageModel({ availability: 'downloadable', createError: named('NotAllowedError') }).scope,
    }).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('model-load-failed');
    expect(error.message).toMatch(/click/);
  });
});

describe('PromptApiEngine.stream', () => {
  it('seeds a fresh session with the history and streams the reply', async () => {
    const { scope, calls } = fakeLanguageModel({ pieces: ['Tell me', ' more.'] });
    const engine = await PromptApiEngine.create({ scope });
    const deltas = await collect(
      engine.stream({
        messages: [
          { role: 'system', content: 'You interview.' },
          { role: 'assistant', content: 'Q1?' },
          { role: 'user', content: 'A1' },
        ],
        temperature: 0.4,
      }),
    );
    expect(deltas).toEqual([{ text: 'Tell me' }, { text: ' more.' }, { finishReason: 'stop' }]);
    expect(calls.create[1]).toMatchObject({
      initialPrompts: [
        { role: 'system', content: 'You interview.' },
        { role: 'assistant', content: 'Q1?' },
      ],
      temperature: 0.4,
      topK: 3,
    });
    expect(calls.prompts[0]?.input).toBe('A1');
    expect(calls.destroyed).toBe(2);
  });

  it('passes a JSON schema as the response constraint', async () => {
    const { scope, calls } = fakeLanguageModel({ pieces: ['{}'] });
    const engine = await PromptApiEngine.create({ scope });
    const schema = { type: 'object', properties: { score: { type: 'number' } } };
    await collect(engine.stream({ messages: [{ role: 'user', content: 'rate' }], json: { schema } }));
    expect(calls.prompts[0]?.responseConstraint).toEqual(schema);
  });

  // The port's abort contract: a fired signal never throws; the stream ends with finishReason 'abort'.
  it('ends with finishReason abort when stopped mid-stream, keeping the text before', async () => {
    const { scope, calls } = fakeLanguageModel({ pieces: ['one', 'two', 'three'] });
    const engine = await PromptApiEngine.create({ scope });
    const controller = new AbortController();
    const deltas: ChatDelta[] = [];
    for await (const d of engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: controller.signal })) {
      deltas.push(d);
      if (d.text === 'one') controller.abort();
    }
    expect(deltas).toEqual([{ text: 'one' }, { finishReason: 'abort' }]);
    expect(calls.destroyed).toBe(2);
  });

  it('ends with only finishReason abort, creating no session, when the signal fired before the request', async () => {
    const { scope, calls } = fakeLanguageModel();
    const engine = await PromptApiEngine.create({ scope });
    const early = new AbortController();
    early.abort();
    const deltas = await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: early.signal }));
    expect(deltas).toEqual([{ finishReason: 'abort' }]);
    expect(calls.create).toHaveLength(1); // the probe in create() only
  });

  it('ends with only finishReason abort when stopped before the first token', async () => {
    const controller = new AbortController();
    const { scope } = fakeLanguageModel({ pieces: ['one', 'two'], onPrompt: () => controller.abort() });
    const engine = await PromptApiEngine.create({ scope });
    const deltas = await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: controller.signal }));
    expect(deltas).toEqual([{ finishReason: 'abort' }]);
  });

  it('maps a too-long prompt to budget-exhausted', async () => {
    const { scope } = fakeLanguageModel({ pieces: ['a', 'b'], promptError: named('QuotaExceededError') });
    const engine = await PromptApiEngine.create({ scope });
    const error = (await collect(engine.stream({ messages: [{ role: 'user', content: 'go' }] })).catch((e: unknown) => e)) as AppError;
    expect(error.code).toBe('budget-exhausted');
  });
});

describe('splitConversation', () => {
  it('asks the model to continue when the last turn is not the user', () => {
    expect(splitConversation([{ role: 'system', content: 'S' }])).toEqual({
      initialPrompts: [{ role: 'system', content: 'S' }],
      prompt: 'Please continue.',
    });
  });
});
