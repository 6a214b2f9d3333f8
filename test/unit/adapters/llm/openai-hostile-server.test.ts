/**
 * Issue 15, hole 8: a hostile or broken server must not hang or flood the app. Each case runs
 * against the fake OpenAI server speaking real HTTP; waits are injected timers, never the clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_REPLY_CHARS,
  OpenAIEngine,
  replyCharLimit,
  testRemoteConnection,
  type EngineTimers,
} from '../../../../src/adapters/llm/openai-engine';
import type { ChatRequest } from '../../../../src/ports/chat-engine';
import type { ChatDelta } from '../../../../src/domain/chat';
import { AppError } from '../../../../src/domain/errors';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fake-openai';

let server: FakeOpenAI;
let elsewhere: FakeOpenAI;

beforeAll(async () => {
  [server, elsewhere] = await Promise.all([startFakeOpenAI({ wordDelayMs: 0 }), startFakeOpenAI({ wordDelayMs: 0 })]);
});
afterAll(async () => {
  await Promise.all([server.close(), elsewhere.close()]);
});
beforeEach(() => {
  server.reset();
  elsewhere.reset();
});

/** Timers the test fires by hand: `armed` counts every (re)start of the idle watch. */
function manualTimers(): EngineTimers & { armed: number; fire(): void } {
  let pending: (() => void) | undefined;
  return {
    armed: 0,
    setTimeout(callback) {
      this.armed++;
      pending = callback;
      return this.armed;
    },
    clearTimeout() {
      pending = undefined;
    },
    fire() {
      const callback = pending;
      pending = undefined;
      callback?.();
    },
  };
}

const ask = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Tell me about yourself.' }],
  ...extra,
});

async function run(engine: OpenAIEngine, request: ChatRequest): Promise<{ deltas: ChatDelta[]; text: string; error?: AppError }> {
  const deltas: ChatDelta[] = [];
  try {
    for await (const delta of engine.stream(request)) deltas.push(delta);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { deltas, text: deltas.map((d) => d.text ?? '').join(''), error };
  }
  return { deltas, text: deltas.map((d) => d.text ?? '').join('') };
}

describe('hostile server: sizes', () => {
  it('stops one endless 8 MB line at the 1 MB line limit with a clear error', async () => {
    server.enqueue({ hugeLine: 8 * 1024 * 1024 });
    const { error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'fake-model' }), ask());
    expect(error?.code).toBe('remote-bad-response');
    expect(error?.message).toMatch(/one line of over 1,048,576 characters/);
    expect(error?.details?.oversize).toBe('line');
  });

  it('stops a reply far longer than maxTokens allows, keeping what arrived up to the limit', async () => {
    const limit = replyCharLimit(16);
    server.enqueue({ text: `${'y'.repeat(999)} `.repeat(10) });
    const { text, error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'fake-model' }), ask({ maxTokens: 16 }));
    expect(error?.code).toBe('remote-bad-response');
    expect(error?.details).toMatchObject({ oversize: 'reply', partial: true, limit });
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThanOrEqual(limit);
  });

  it('states the reply limit: 16 characters a token, at least 4096, at most a million', () => {
    expect(replyCharLimit(1)).toBe(4096);
    expect(replyCharLimit(1000)).toBe(16_000);
    expect(replyCharLimit(10_000_000)).toBe(MAX_REPLY_CHARS);
    expect(replyCharLimit(undefined)).toBe(MAX_REPLY_CHARS);
  });

  it('refuses a non-streamed completion longer than the reply limit', async () => {
    const fetchJson: typeof fetch = async () =>
      new Response(JSON.stringify({ choices: [{ message: { content: 'x'.repeat(5000) }, finish_reason: 'stop' }] }), {
        headers: { 'Content-Type': 'application/json' },
      });
    const { error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'm', fetch: fetchJson }), ask({ maxTokens: 16 }));
    expect(error?.details?.oversize).toBe('reply');
  });
});

describe('hostile server: silence', () => {
  it('gives up a stream of keep-alive comments after the idle time, with a clear message', async () => {
    server.enqueue({ endlessComments: true, intervalMs: 1 });
    const timers = manualTimers();
    const engine = new OpenAIEngine({ baseUrl: server.url, model: 'fake-model', timers, idleTimeoutMs: 60_000 });
    const pending = run(engine, ask());
    await vi.waitFor(() => expect(server.keepAlivesSent).toBeGreaterThanOrEqual(3));
    // Comments arrived, yet the idle watch was never restarted: they do not count as data.
    expect(timers.armed).toBe(1);
    timers.fire();
    const { error } = await pending;
    expect(error?.code).toBe('remote-network');
    expect(error?.message).toMatch(/sent nothing for 60 seconds/);
    expect(error?.details).toMatchObject({ idleSeconds: 60, partial: false });
  });

  it('restarts the idle watch on every event, and stops it when the reply ends', async () => {
    server.enqueue('one two three four');
    const timers = manualTimers();
    const { text, error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'fake-model', timers }), ask());
    expect(error).toBeUndefined();
    expect(text).toBe('one two three four');
    expect(timers.armed).toBeGreaterThan(4);
    timers.fire(); // nothing is pending any more: firing does nothing
  });

  it('gives up a server that never sends its headers', async () => {
    server.enqueue({ text: 'never', delayMs: 60_000 });
    const timers = manualTimers();
    const pending = run(new OpenAIEngine({ baseUrl: server.url, model: 'fake-model', timers }), ask());
    await vi.waitFor(() => expect(server.chatRequests()).toHaveLength(1));
    timers.fire();
    const { error } = await pending;
    expect(error?.message).toMatch(/sent nothing for 60 seconds/);
  });
});

describe('hostile server: not the API', () => {
  const page = '<!doctype html><html><head><title>Sign in</title></head><body>Log in to continue</body></html>';

  it('names an HTML page sent as text/html (a proxy or login page)', async () => {
    server.enqueue({ html: page });
    const { error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'fake-model' }), ask());
    expect(error?.code).toBe('remote-bad-response');
    expect(error?.message).toMatch(/answered with a web page, not the API — a proxy or login page\?/);
  });

  it('names an HTML page even when it claims to be an event stream', async () => {
    server.enqueue({ html: `\n  ${page}`, as: 'text/event-stream' });
    const { error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'fake-model' }), ask());
    expect(error?.details?.html).toBe(true);
  });

  it('Test connection reports a login page instead of "Connected"', async () => {
    const fetchPage: typeof fetch = async () => new Response(page, { headers: { 'Content-Type': 'text/html' } });
    const error = (await testRemoteConnection({ baseUrl: server.url, model: 'fake-model', fetch: fetchPage }).catch(
      (e: unknown) => e,
    )) as AppError;
    expect(error.message).toMatch(/web page, not the API/);
  });
});

describe('hostile server: redirects', () => {
  it('never follows a redirect of the chat request: the prompt and key stay here, the error says why', async () => {
    server.enqueue({ redirect: `${elsewhere.url}/chat/completions` });
    elsewhere.enqueue('I got your prompt.');
    const engine = new OpenAIEngine({ baseUrl: server.url, model: 'fake-model', apiKey: 'sk-secret-key-123' });
    const { error } = await run(engine, ask());
    expect(error?.code).toBe('remote-bad-response');
    expect(error?.message).toMatch(/answered with a redirect \(to http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions\)/);
    expect(error?.message).toMatch(/does not follow redirects/);
    expect(elsewhere.requests).toEqual([]);
  });

  it('Test connection fails on a redirect instead of reporting the other server as connected', async () => {
    server.setRedirect(`${elsewhere.url}/models`);
    const error = (await testRemoteConnection({ baseUrl: server.url, model: 'fake-model' }).catch((e: unknown) => e)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.message).toMatch(/redirect/);
    expect(elsewhere.requests).toEqual([]);
  });

  it('treats the browser’s opaque redirect the same way', async () => {
    const opaque = { type: 'opaqueredirect', status: 0, headers: new Headers(), body: null } as unknown as Response;
    const { error } = await run(new OpenAIEngine({ baseUrl: server.url, model: 'm', fetch: async () => opaque }), ask());
    expect(error?.details?.redirect).toBe(true);
  });
});
