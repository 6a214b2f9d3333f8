// The fake OpenAI server is shared by every e2e test, so its wire format is checked here.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fake-openai';

let server: FakeOpenAI;
beforeAll(async () => {
  server = await startFakeOpenAI({ wordDelayMs: 1 });
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const chat = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** Reads a response as the raw chunks Node received, to see how it was split on the wire. */
function rawChunks(path: string, body: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      const chunks: string[] = [];
      res.setEncoding('utf8');
      res.on('data', (c: string) => chunks.push(c));
      res.on('end', () => resolve(chunks));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('fake OpenAI server', () => {
  it('answers CORS preflights and sets CORS headers on answers', async () => {
    const preflight = await fetch(`${server.url}/chat/completions`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://127.0.0.1:4201',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(server.preflights).toHaveLength(1);
    expect(server.requests).toHaveLength(0);
    const models = await fetch(`${server.url}/models`);
    expect(models.headers.get('access-control-allow-origin')).toBe('*');
    expect(((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain('fake-model');
  });

  it('streams real SSE frames split across TCP writes, with usage and [DONE]', async () => {
    server.enqueue('one two three');
    const chunks = await rawChunks(
      '/v1/chat/completions',
      JSON.stringify({ model: 'm', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'q' }] }),
    );
    const wire = chunks.join('');
    expect(chunks.length).toBeGreaterThan(6);
    // At least one chunk stops in the middle of a frame.
    expect(chunks.some((c) => !c.endsWith('\n\n'))).toBe(true);
    const frames = wire.split('\n\n').filter((f) => f.startsWith('data: '));
    expect(frames[frames.length - 1]).toBe('data: [DONE]');
    const usageFrame = JSON.parse(frames[frames.length - 2]!.slice(6)) as { choices: unknown[]; usage: { completion_tokens: number } };
    expect(usageFrame.choices).toEqual([]);
    expect(usageFrame.usage.completion_tokens).toBe(3);
    expect(wire.startsWith(': keep-alive\n\n')).toBe(true);
  });

  it('answers non-streamed requests with one completion', async () => {
    server.enqueue('Whole answer');
    const res = await chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] });
    const body = (await res.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('Whole answer');
  });

  it('prefers queued replies, then the responder, and reports unscripted requests as 500', async () => {
    server.respondWith((r) => (r.json ? '{"from":"responder"}' : undefined));
    server.enqueue('queued');
    const texts: string[] = [];
    for (const json of [true, true]) {
      const res = await chat({
        model: 'm',
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'q' },
        ],
        ...(json ? { response_format: { type: 'json_object' } } : {}),
      });
      texts.push(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content);
    }
    expect(texts).toEqual(['queued', '{"from":"responder"}']);
    expect(server.chatRequests()[1]).toMatchObject({ json: true, system: 'S', lastUser: 'q', stream: false });
    const unscripted = await chat({ model: 'm', messages: [{ role: 'user', content: 'q' }] });
    expect(unscripted.status).toBe(500);
  });

  it('sends Retry-After on 429 and exposes it to browsers', async () => {
    server.enqueue({ status: 429, retryAfter: 2 });
    const res = await chat({ model: 'm', messages: [] });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('records headers so tests can check the key that was sent', async () => {
    server.setRequiredKey('k1');
    expect((await chat({ model: 'm', messages: [] }, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer nope');
  });
});
