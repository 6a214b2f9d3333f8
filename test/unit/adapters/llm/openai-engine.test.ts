import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { OpenAIEngine, testRemoteConnection } from '../../../../src/adapters/llm/openai-engine';
import type { ChatRequest } from '../../../../src/ports/chat-engine';
import type { ChatDelta } from '../../../../src/domain/chat';
import { AppError } from '../../../../src/domain/errors';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fake-openai';

const KEY = 'sk-test-SECRET-1234567890';
let server: FakeOpenAI;

beforeAll(async () => {
  server = await startFakeOpenAI({ wordDelayMs: 1 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function engine(overrides: Partial<ConstructorParameters<typeof OpenAIEngine>[0]> = {}): OpenAIEngine {
  return new OpenAIEngine({ baseUrl: server.url, model: 'fake-model', apiKey: KEY, ...overrides });
}

const ask = (content = 'Tell me about yourself.'): ChatRequest => ({
  messages: [
    { role: 'system', content: 'You are an interviewer.' },
    { role: 'user', content },
  ],
});

/** Runs a stream to its end, returning the deltas and the error it ended with (if any). */
async function run(
  e: OpenAIEngine,
  request: ChatRequest,
  onDelta?: (d: ChatDelta) => void,
): Promise<{ deltas: ChatDelta[]; text: string; error?: AppError }> {
  const deltas: ChatDelta[] = [];
  try {
    for await (const delta of e.stream(request)) {
      deltas.push(delta);
      onDelta?.(delta);
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { deltas, text: deltas.map((d) => d.text ?? '').join(''), error };
  }
  return { deltas, text: deltas.map((d) => d.text ?? '').join('') };
}

describe('OpenAIEngine streaming', () => {
  it('streams the reply word by word and ends with usage and finishReason', async () => {
    const reply = 'Thanks for having me. I build reliable payment systems — naïve 日本 🎤 included.';
    server.enqueue(reply);
    const { deltas, text, error } = await run(engine(), { ...ask(), temperature: 0.4, maxTokens: 300 });

    expect(error).toBeUndefined();
    expect(text).toBe(reply);
    expect(deltas.filter((d) => d.text).length).toBeGreaterThan(5);
    const last = deltas[deltas.length - 1];
    expect(last?.finishReason).toBe('stop');
    expect(last?.usage?.completionTokens).toBeGreaterThan(0);
    expect(last?.usage?.totalTokens).toBe((last?.usage?.promptTokens ?? 0) + (last?.usage?.completionTokens ?? 0));
  });

  it('sends the OpenAI request shape with the key only in the Authorization header', async () => {
    server.enqueue('ok');
    await run(engine(), { ...ask('Hello'), temperature: 0.2, maxTokens: 50 });
    const [recorded] = server.requests;
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(recorded?.body).toEqual({
      model: 'fake-model',
      messages: [
        { role: 'system', content: 'You are an interviewer.' },
        { role: 'user', content: 'Hello' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.2,
      max_tokens: 50,
    });
  });

  it('asks for a JSON object when json is requested, and for the schema itself when one is given', async () => {
    server.enqueue('{"a":1}', '{"b":2}');
    await run(engine(), { ...ask(), json: true });
    await run(engine(), { ...ask(), json: { schema: { type: 'object' } } });
    expect(server.chatRequests().map((r) => r.body.response_format)).toEqual([
      { type: 'json_object' },
      { type: 'json_schema', json_schema: { name: 'reply', schema: { type: 'object' } } },
    ]);
  });

  it('falls back to json_object, once and for good, when the server refuses json_schema', async () => {
    const formats: unknown[] = [];
    const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
      const format = (JSON.parse(String(init?.body)) as { response_format?: { type: string } }).response_format;
      formats.push(format?.type);
      if (format?.type === 'json_schema')
        return Response.json({ error: { message: "Invalid value for 'response_format': json_schema is not supported" } }, { status: 400 });
      return new Response('data: {"choices":[{"delta":{"content":"{}"},"finish_reason":"stop"}]}\n\n', {
        headers: { 'Content-Type': 'text/event-stream' },
      });
    };
    const remote = new OpenAIEngine({ baseUrl: 'https://x.test/v1', model: 'm', fetch });
    const first = await run(remote, { ...ask(), json: { schema: { type: 'object' } } });
    expect(first.error).toBeUndefined();
    expect(first.text).toBe('{}');
    await run(remote, { ...ask(), json: { schema: { type: 'object' } } });
    expect(formats).toEqual(['json_schema', 'json_object', 'json_object']);
  });

  it('does not retry other 400s of a schema request', async () => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      return Response.json({ error: { message: 'This model does not exist' } }, { status: 400 });
    };
    const { error } = await run(new OpenAIEngine({ baseUrl: 'https://x.test/v1', model: 'm', fetch }), {
      ...ask(),
      json: { schema: { type: 'object' } },
    });
    expect(error).toBeDefined();
    expect(calls).toBe(1);
  });

  it('sends no Authorization header and no response_format when neither is configured', async () => {
    server.enqueue('ok');
    await run(engine({ apiKey: '  ' }), ask());
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
    expect(server.chatRequests()[0]?.body.response_format).toBeUndefined();
  });

  it('reports a reply cut by the token limit as finishReason length', async () => {
    server.enqueue({ text: 'One two three', finishReason: 'length' });
    const { deltas } = await run(engine(), ask());
    expect(deltas[deltas.length - 1]?.finishReason).toBe('length');
  });
});

describe('OpenAIEngine abort', () => {
  it('ends with finishReason abort when stopped after text arrived', async () => {
    server.enqueue({ text: 'word '.repeat(200), wordDelayMs: 10 });
    const controller = new AbortController();
    const { deltas, text, error } = await run(engine(), { ...ask(), signal: controller.signal }, (d) => {
      if (d.text) controller.abort();
    });
    expect(error).toBeUndefined();
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan('word '.repeat(200).length);
    expect(deltas[deltas.length - 1]?.finishReason).toBe('abort');
  });

  // The port's abort contract: a fired signal never throws; the stream ends with finishReason 'abort'.
  it('ends with only finishReason abort when stopped before the first token', async () => {
    // The server holds its first byte far longer than the test runs; we stop once it has the request.
    server.enqueue({ text: 'late reply', delayMs: 60_000 });
    const controller = new AbortController();
    const pending = run(engine(), { ...ask(), signal: controller.signal });
    await vi.waitFor(() => expect(server.chatRequests()).toHaveLength(1));
    controller.abort();
    const { deltas, error } = await pending;
    expect(error).toBeUndefined();
    expect(deltas).toEqual([{ finishReason: 'abort' }]);
  });

  it('ends with only finishReason abort, sending nothing, when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    const { deltas, error } = await run(engine(), { ...ask(), signal: controller.signal });
    expect(error).toBeUndefined();
    expect(deltas).toEqual([{ finishReason: 'abort' }]);
    expect(server.requests).toEqual([]);
  });

  it('ends with finishReason abort when stopped while the request is being sent', async () => {
    const controller = new AbortController();
    const fetchStub: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('stopped', 'AbortError')));
        controller.abort();
      });
    const { deltas, error } = await run(engine({ fetch: fetchStub }), { ...ask(), signal: controller.signal });
    expect(error).toBeUndefined();
    expect(deltas).toEqual([{ finishReason: 'abort' }]);
  });
});

describe('OpenAIEngine broken streams', () => {
  it('yields what arrived, then throws remote-network partial when the socket is destroyed', async () => {
    server.enqueue({ cut: true, text: 'I led a team of five engineers' });
    const { text, error } = await run(engine(), ask());
    expect(text.length).toBeGreaterThan(0);
    expect('I led a team of five engineers'.startsWith(text)).toBe(true);
    expect(error?.code).toBe('remote-network');
    expect(error?.details?.partial).toBe(true);
  });

  it('treats a response that ends without finish_reason or [DONE] as cut', async () => {
    server.enqueue({ cut: true, clean: true, text: 'Half an answer' });
    const { text, error } = await run(engine(), ask());
    expect(text).toBe('Half an answer');
    expect(error?.code).toBe('remote-network');
    expect(error?.details?.partial).toBe(true);
  });

  it('marks a cut before any text as not partial', async () => {
    server.enqueue({ cut: true, clean: true, text: '' });
    const { error } = await run(engine(), ask());
    expect(error?.code).toBe('remote-network');
    expect(error?.details?.partial).toBe(false);
  });

  it('maps an error object mid-stream, keeping the text that came before', async () => {
    server.enqueue({ errorMidStream: 'Upstream provider overloaded', text: 'Partial words' });
    const { text, error } = await run(engine(), ask());
    expect(text).toBe('Partial words');
    expect(error?.code).toBe('remote-server');
    expect(error?.message).toContain('Upstream provider overloaded');
    expect(error?.details?.partial).toBe(true);
  });

  it('maps a rate-limit error mid-stream to remote-rate-limited', async () => {
    server.enqueue({ errorMidStream: 'Rate limit exceeded: free-models-per-min', code: 429 });
    const { error } = await run(engine(), ask());
    expect(error?.code).toBe('remote-rate-limited');
    expect(error?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('throws remote-bad-response for a chunk that is not JSON', async () => {
    server.enqueue({ invalidJson: true, text: 'Some' });
    const { text, error } = await run(engine(), ask());
    expect(text).toBe('Some');
    expect(error?.code).toBe('remote-bad-response');
  });
});

describe('OpenAIEngine HTTP errors', () => {
  it('maps 401 to remote-auth and never repeats the key', async () => {
    server.enqueue({ status: 401, message: `Incorrect API key provided: ${KEY}. Also Bearer ${KEY}` });
    const { error } = await run(engine(), ask());
    expect(error?.code).toBe('remote-auth');
    expect(error?.message).toMatch(/API key in Settings/);
    expect(JSON.stringify({ m: error?.message, d: error?.details })).not.toContain('SECRET');
  });

  it('maps a wrong key checked by the server to remote-auth', async () => {
    server.setRequiredKey('the-right-key');
    const { error } = await run(engine(), ask());
    expect(error?.code).toBe('remote-auth');
  });

  it('maps 404 to remote-not-found naming the model', async () => {
    server.enqueue({ status: 404 });
    const { error } = await run(engine({ model: 'llama-9000' }), ask());
    expect(error?.code).toBe('remote-not-found');
    expect(error?.message).toContain('llama-9000');
  });

  it('maps 429 to remote-rate-limited with Retry-After seconds', async () => {
    server.enqueue({ status: 429, retryAfter: 2 }, { status: 429 });
    const first = await run(engine(), ask());
    expect(first.error?.code).toBe('remote-rate-limited');
    expect(first.error?.retryAfterSeconds).toBe(2);
    expect(first.error?.message).toContain('2 seconds');
    const second = await run(engine(), ask());
    expect(second.error?.retryAfterSeconds).toBe(20);
  });

  it('maps 500 and 503 to remote-server', async () => {
    server.enqueue({ status: 500 }, { status: 503 });
    expect((await run(engine(), ask())).error?.code).toBe('remote-server');
    expect((await run(engine(), ask())).error?.code).toBe('remote-server');
  });

  it('maps other 4xx to remote-bad-response quoting the provider, with the key redacted', async () => {
    server.enqueue({ status: 400, message: `context_length_exceeded for key ${KEY}` });
    const { error } = await run(engine(), ask());
    expect(error?.code).toBe('remote-bad-response');
    expect(error?.message).toContain('context_length_exceeded');
    expect(error?.message).not.toContain('SECRET');
  });

  it('maps a refused connection to remote-cors naming the host', async () => {
    const closed = await startFakeOpenAI();
    const url = closed.url;
    await closed.close();
    const { error } = await run(new OpenAIEngine({ baseUrl: url, model: 'm', apiKey: KEY }), ask());
    expect(error?.code).toBe('remote-cors');
    expect(error?.message).toContain(new URL(url).host);
    expect(error?.message).toContain('OLLAMA_ORIGINS');
  });
});

describe('OpenAIEngine with servers that differ from OpenAI', () => {
  const sse = (body: string) => new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });

  it('accepts a non-streamed JSON completion', async () => {
    const fetch = async () =>
      Response.json({
        choices: [{ message: { content: 'Whole reply' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
      });
    const { deltas } = await run(new OpenAIEngine({ baseUrl: 'https://x.test/v1', model: 'm', fetch }), ask());
    expect(deltas).toEqual([
      { text: 'Whole reply' },
      { finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } },
    ]);
  });

  it('retries without stream_options when the server rejects that field', async () => {
    const bodies: Record<string, unknown>[] = [];
    const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init?.body)) as Record<string, unknown>);
      if (bodies.length === 1)
        return Response.json({ error: { message: 'Unrecognized request argument: stream_options' } }, { status: 400 });
      return sse('data: {"choices":[{"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\n');
    };
    const { text, error } = await run(new OpenAIEngine({ baseUrl: 'https://x.test/v1', model: 'm', fetch }), ask());
    expect(error).toBeUndefined();
    expect(text).toBe('hi');
    expect(bodies[0]?.stream_options).toEqual({ include_usage: true });
    expect(bodies[1]?.stream_options).toBeUndefined();
  });

  it('accepts finish_reason without [DONE], and [DONE] without finish_reason', async () => {
    const a = await run(
      new OpenAIEngine({
        baseUrl: 'https://x.test/v1',
        model: 'm',
        fetch: async () => sse('data: {"choices":[{"delta":{"content":"a"},"finish_reason":"stop"}]}\n\n'),
      }),
      ask(),
    );
    const b = await run(
      new OpenAIEngine({
        baseUrl: 'https://x.test/v1',
        model: 'm',
        fetch: async () => sse('data: {"choices":[{"delta":{"content":"b"}}]}\n\ndata: [DONE]\n\n'),
      }),
      ask(),
    );
    expect(a.error).toBeUndefined();
    expect(b.error).toBeUndefined();
    expect(b.deltas[b.deltas.length - 1]).toEqual({ finishReason: 'stop' });
  });

  it('reads usage that Groq reports under x_groq', async () => {
    const body =
      'data: {"choices":[{"delta":{"content":"hi"},"finish_reason":"stop"}]}\n\n' +
      'data: {"choices":[],"x_groq":{"usage":{"prompt_tokens":4,"completion_tokens":1,"total_tokens":5}}}\n\ndata: [DONE]\n\n';
    const { deltas } = await run(
      new OpenAIEngine({ baseUrl: 'https://api.groq.com/openai/v1', model: 'm', fetch: async () => sse(body) }),
      ask(),
    );
    expect(deltas[deltas.length - 1]).toEqual({ finishReason: 'stop', usage: { promptTokens: 4, completionTokens: 1, totalTokens: 5 } });
  });

  it('posts to the base URL even when it was pasted with /chat/completions and a trailing slash', async () => {
    const urls: string[] = [];
    const fetch = async (url: RequestInfo | URL) => {
      urls.push(String(url));
      return sse('data: [DONE]\n\n');
    };
    await run(new OpenAIEngine({ baseUrl: 'https://x.test/v1/chat/completions/', model: 'm', fetch }), ask());
    expect(urls).toEqual(['https://x.test/v1/chat/completions']);
  });
});

describe('OpenAIEngine info', () => {
  it('describes a known provider', () => {
    const e = new OpenAIEngine({ baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile', apiKey: KEY });
    expect(e.info).toEqual({
      id: 'remote:api.groq.com:llama-3.3-70b-versatile',
      kind: 'remote',
      label: 'Groq · llama-3.3-70b-versatile',
      model: 'llama-3.3-70b-versatile',
      host: 'api.groq.com',
    });
    expect(e.contextWindow).toBe(131_072);
  });

  it('uses the host, or the given label and window, for other servers', () => {
    const e = new OpenAIEngine({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen' });
    expect(e.info.label).toBe('127.0.0.1:8000 · qwen');
    const named = new OpenAIEngine({ baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen', label: 'My vLLM', contextWindow: 32_768 });
    expect(named.info.label).toBe('My vLLM · qwen');
    expect(named.contextWindow).toBe(32_768);
  });
});

describe('testRemoteConnection and listModels', () => {
  it('lists models and checks the model with a one-token reply', async () => {
    server.enqueue('OK');
    const result = await testRemoteConnection({ baseUrl: server.url, model: 'fake-model', apiKey: KEY });
    expect(result).toEqual({ ok: true, models: ['fake-model', 'llama-3.3-70b-versatile'] });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models', 'POST /v1/chat/completions']);
    expect(server.chatRequests()[0]?.maxTokens).toBe(1);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('still succeeds against a server without /models', async () => {
    server.setModels(null);
    server.enqueue('OK');
    expect(await testRemoteConnection({ baseUrl: server.url, model: 'fake-model' })).toEqual({ ok: true });
  });

  it('fails with remote-auth for a wrong key and remote-not-found for a wrong model', async () => {
    server.setRequiredKey('right');
    await expect(testRemoteConnection({ baseUrl: server.url, model: 'fake-model', apiKey: 'wrong' })).rejects.toMatchObject({
      code: 'remote-auth',
    });
    server.reset();
    server.enqueue({ status: 404 });
    await expect(testRemoteConnection({ baseUrl: server.url, model: 'nope' })).rejects.toMatchObject({ code: 'remote-not-found' });
  });

  it('listModels returns sorted unique ids', async () => {
    server.setModels(['zeta', 'alpha', 'zeta']);
    expect(await new OpenAIEngine({ baseUrl: server.url, model: 'x' }).listModels()).toEqual(['alpha', 'zeta']);
  });
});
