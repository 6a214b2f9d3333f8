/**
 * A small OpenAI-compatible server for tests (Vitest in Node and Playwright e2e). It speaks
 * `GET /v1/models` and `POST /v1/chat/completions` in the real wire format: SSE frames
 * `data: {...}\n\n` written in several TCP writes (frames are even split in the middle), a
 * `: keep-alive` comment, usage in the last chunk when asked for, and `data: [DONE]`.
 * It can also fail on purpose (HTTP errors, cut streams, bad JSON, an error mid-stream) or act
 * hostile (one endless line, keep-alive comments forever, an HTML page, a redirect) and
 * records every request so tests can assert what the app sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ChatTurn {
  role: string;
  content: string;
}

/** What a responder sees of a chat request. */
export interface FakeChatRequest {
  model: string;
  messages: ChatTurn[];
  /** `response_format: { type: 'json_object' | 'json_schema' }` was requested. */
  json: boolean;
  stream: boolean;
  includeUsage: boolean;
  temperature?: number;
  maxTokens?: number;
  /** The whole parsed body, for anything not lifted out above. */
  body: Record<string, unknown>;
  headers: Record<string, string>;
  /** Convenience: the system message and the last user message ('' when absent). */
  system: string;
  lastUser: string;
}

export interface TextReply {
  text: string;
  finishReason?: 'stop' | 'length';
  /** Delay before the first byte, ms (lets a test press Stop while "thinking"). */
  delayMs?: number;
  /** Delay between streamed words, ms; overrides the server default. */
  wordDelayMs?: number;
  /**
   * Words leave on a fixed schedule (word i at i × wordDelayMs after the first), as a device
   * decoding at a steady rate would send them, instead of one delay after another: timer
   * lateness then does not add up over a long reply. For benchmarks that pace a device.
   */
  steady?: boolean;
  /** Holds the stream open after the last word until this settles (a reply that is "still running"). */
  finishWhen?: Promise<unknown>;
}

export type FakeReply =
  | string
  | TextReply
  | { status: number; retryAfter?: number | string; message?: string }
  /**
   * Streams `text`, then destroys the socket (or, with `clean`, ends the response without finish or [DONE]).
   * `cutWhen` holds the cut until it settles: Chromium drops bytes the page has not read yet when a
   * connection fails, so a test that needs the partial text on screen cuts only once it is there.
   */
  | { cut: true; text: string; clean?: boolean; wordDelayMs?: number; cutWhen?: Promise<unknown> }
  /** Streams `text` (if any), then a frame whose data is not JSON. */
  | { invalidJson: true; text?: string }
  /** Streams `text` (if any), then `data: {"error":{"message": ...}}` and ends, as OpenRouter does. */
  | { errorMidStream: string; text?: string; code?: number | string }
  /** Streams one `data:` line of `hugeLine` characters that never ends, in 64 KiB writes. */
  | { hugeLine: number }
  /**
   * Streams the words of `endless` again and again and never finishes: a server that ignores
   * max_tokens. Stops only when the client goes away.
   */
  | { endless: string; wordDelayMs?: number }
  /** Sends `: keep-alive` comments forever (every `intervalMs`, default 5) and never any data. */
  | { endlessComments: true; intervalMs?: number }
  /** A 200 with an HTML page, as a captive portal or a proxy's login page answers (`as` sets the content type). */
  | { html: string; as?: 'text/html' | 'text/event-stream' }
  /** Redirects the request (307 by default keeps the method and body: the prompt would be re-sent). */
  | { redirect: string; status?: 301 | 302 | 303 | 307 | 308 };

export type Responder = (request: FakeChatRequest) => FakeReply | undefined;

export interface RecordedRequest {
  method: string;
  /** Path without query, e.g. `/v1/chat/completions`. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when there was none / it was not JSON. */
  body: unknown;
  /** Set for chat completions. */
  chat?: FakeChatRequest;
}

export interface FakeOpenAIOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Model ids GET /v1/models lists. */
  models?: string[];
  /** Default pause between streamed words, ms. */
  wordDelayMs?: number;
  /** When set, requests without `Authorization: Bearer <key>` get 401. */
  requiredKey?: string;
}

export interface FakeOpenAI {
  /** Base URL to configure in the app, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  origin: string;
  port: number;
  /** Every non-preflight request, in arrival order. */
  requests: RecordedRequest[];
  /** CORS preflights (OPTIONS), kept apart so they do not disturb request indexes. */
  preflights: RecordedRequest[];
  /** Chat-completion requests only. */
  chatRequests(): FakeChatRequest[];
  /** Answers chat requests that no queued reply covers. */
  respondWith(responder: Responder | undefined): void;
  /** Replies used first, in order, one per chat request. */
  enqueue(...replies: FakeReply[]): void;
  /** `null` makes GET /v1/models answer 404, like servers that lack it. */
  setModels(models: string[] | null): void;
  /** Answers every request (models and chat) with a 307 to this address; undefined stops it. */
  setRedirect(location: string | undefined): void;
  /** How many keep-alive comments `endlessComments` replies have sent so far. */
  readonly keepAlivesSent: number;
  setRequiredKey(key: string | undefined): void;
  /** Clears queue, responder, recordings and options back to the start values. */
  reset(): void;
  close(): Promise<void>;
}

const DEFAULT_MODELS = ['fake-model', 'llama-3.3-70b-versatile'];

const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
  // Without this a browser hides Retry-After from the page.
  'Access-Control-Expose-Headers': 'Retry-After',
  'Access-Control-Max-Age': '600',
};

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const initialModels = options.models ?? DEFAULT_MODELS;
  let models: string[] | null = initialModels;
  let requiredKey = options.requiredKey;
  let redirectAll: string | undefined;
  let keepAlivesSent = 0;
  let responder: Responder | undefined;
  let queue: FakeReply[] = [];
  const requests: RecordedRequest[] = [];
  const preflights: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const wordDelayMs = options.wordDelayMs ?? 3;
  let completionCounter = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[fake-openai] handler failed:', error);
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'fake-openai handler failed' } });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/\/+$/, '');
    const headers = lowerHeaders(req);
    const raw = await readBody(req);
    const record: RecordedRequest = { method: req.method ?? 'GET', path, headers, body: parseJson(raw) };

    if (req.method === 'OPTIONS') {
      preflights.push(record);
      const extra: Record<string, string> = headers['access-control-request-private-network']
        ? { 'Access-Control-Allow-Private-Network': 'true' }
        : {};
      res.writeHead(204, { ...CORS_HEADERS, ...extra });
      res.end();
      return;
    }
    requests.push(record);

    if (redirectAll !== undefined) {
      res.writeHead(307, { ...CORS_HEADERS, Location: redirectAll });
      res.end();
      return;
    }
    if (requiredKey !== undefined && headers.authorization !== `Bearer ${requiredKey}`) {
      sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      return;
    }
    if (req.method === 'GET' && path === '/v1/models') {
      if (models === null) sendJson(res, 404, { error: { message: 'Not found' } });
      else sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })) });
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      if (typeof record.body !== 'object' || record.body === null) {
        sendJson(res, 400, { error: { message: 'Request body must be JSON.', type: 'invalid_request_error' } });
        return;
      }
      const chat = toChatRequest(record.body as Record<string, unknown>, headers);
      record.chat = chat;
      const reply = queue.shift() ?? responder?.(chat);
      if (reply === undefined) {
        const message = `fake-openai: no reply scripted for this request (last user message: ${JSON.stringify(chat.lastUser.slice(0, 120))})`;
        console.error(`[fake-openai] ${message}`);
        sendJson(res, 500, { error: { message, type: 'server_error' } });
        return;
      }
      await answer(chat, reply, res, `chatcmpl-fake-${++completionCounter}`);
      return;
    }
    sendJson(res, 404, { error: { message: `Unknown route ${req.method ?? ''} ${path}` } });
  }

  async function answer(chat: FakeChatRequest, reply: FakeReply, res: ServerResponse, id: string): Promise<void> {
    const spec = typeof reply === 'string' ? { text: reply } : reply;
    if ('redirect' in spec) {
      res.writeHead(spec.status ?? 307, { ...CORS_HEADERS, Location: spec.redirect });
      res.end();
      return;
    }
    if ('status' in spec) {
      const extra: Record<string, string> = spec.retryAfter !== undefined ? { 'Retry-After': String(spec.retryAfter) } : {};
      sendJson(
        res,
        spec.status,
        { error: { message: spec.message ?? defaultErrorMessage(spec.status, chat.model), type: 'fake_error', code: spec.status } },
        extra,
      );
      return;
    }
    if ('html' in spec) {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': `${spec.as ?? 'text/html'}; charset=utf-8` });
      res.end(spec.html);
      return;
    }
    if ('hugeLine' in spec || 'endlessComments' in spec) {
      res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.flushHeaders();
      if ('hugeLine' in spec) {
        await write(res, 'data: ', 0);
        const piece = 'x'.repeat(64 * 1024);
        for (let sent = 0; sent < spec.hugeLine && !res.destroyed; sent += piece.length) await write(res, piece, 0);
        // The line never ends: hold the connection until the client gives up.
        await new Promise<void>((resolve) => (res.destroyed ? resolve() : res.once('close', () => resolve())));
        return;
      }
      while (!res.destroyed) {
        await write(res, ': keep-alive\n\n', spec.intervalMs ?? 5);
        if (!res.destroyed) keepAlivesSent++;
      }
      return;
    }
    const text = 'text' in spec && typeof spec.text === 'string' ? spec.text : 'endless' in spec ? spec.endless : '';
    const delay = 'wordDelayMs' in spec && spec.wordDelayMs !== undefined ? spec.wordDelayMs : wordDelayMs;
    if ('delayMs' in spec && spec.delayMs) await sleep(spec.delayMs);
    if (res.destroyed) return;

    if (!chat.stream) {
      if (!('cut' in spec) && !('invalidJson' in spec) && !('errorMidStream' in spec)) {
        const finish = 'finishReason' in spec && spec.finishReason ? spec.finishReason : 'stop';
        sendJson(res, 200, {
          id,
          object: 'chat.completion',
          created: 0,
          model: chat.model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: finish }],
          usage: usageFor(chat, text),
        });
      } else {
        res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/json' });
        res.end('{"choices": [ not json');
      }
      return;
    }

    res.writeHead(200, {
      ...CORS_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    await write(res, ': keep-alive\n\n', 0);
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created: 0,
        model: chat.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
    const steady = 'steady' in spec && spec.steady === true;
    const wait = steady ? schedule(delay) : () => delay;
    await writeFrame(res, chunk({ role: 'assistant', content: '' }), steady ? 0 : delay);
    for (const word of 'endless' in spec ? forever(words(text)) : words(text)) {
      if (res.destroyed) return;
      await writeFrame(res, chunk({ content: word }), wait());
    }
    if (res.destroyed) return;

    if ('cut' in spec) {
      if (spec.cutWhen) await spec.cutWhen.catch(() => undefined);
      if (res.destroyed) return;
      if (spec.clean) res.end();
      else res.socket?.destroy();
      return;
    }
    if ('invalidJson' in spec) {
      await write(res, 'data: {"choices": [ this is not json\n\n', delay);
      res.end();
      return;
    }
    if ('errorMidStream' in spec) {
      await writeFrame(res, JSON.stringify({ error: { message: spec.errorMidStream, code: spec.code ?? 502 } }), delay);
      res.end();
      return;
    }
    if ('finishWhen' in spec && spec.finishWhen) await spec.finishWhen.catch(() => undefined);
    if (res.destroyed) return;
    const finish = 'finishReason' in spec && spec.finishReason ? spec.finishReason : 'stop';
    await writeFrame(res, chunk({}, finish), delay);
    if (chat.includeUsage) {
      await writeFrame(
        res,
        JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: chat.model, choices: [], usage: usageFor(chat, text) }),
        delay,
      );
    }
    await write(res, 'data: [DONE]\n\n', delay);
    res.end();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/v1`,
    origin,
    port,
    requests,
    preflights,
    chatRequests: () => requests.flatMap((r) => (r.chat ? [r.chat] : [])),
    respondWith(next) {
      responder = next;
    },
    enqueue(...replies) {
      queue.push(...replies);
    },
    setModels(next) {
      models = next;
    },
    setRequiredKey(key) {
      requiredKey = key;
    },
    setRedirect(location) {
      redirectAll = location;
    },
    get keepAlivesSent() {
      return keepAlivesSent;
    },
    reset() {
      queue = [];
      responder = undefined;
      requests.length = 0;
      preflights.length = 0;
      models = initialModels;
      requiredKey = options.requiredKey;
      redirectAll = undefined;
      keepAlivesSent = 0;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function toChatRequest(body: Record<string, unknown>, headers: Record<string, string>): FakeChatRequest {
  const messages = Array.isArray(body.messages)
    ? body.messages.map((m) => {
        const turn = m as { role?: unknown; content?: unknown };
        return { role: String(turn.role), content: typeof turn.content === 'string' ? turn.content : JSON.stringify(turn.content) };
      })
    : [];
  const format = (body.response_format as { type?: unknown } | undefined)?.type;
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  const users = messages.filter((m) => m.role === 'user');
  const chat: FakeChatRequest = {
    model: String(body.model ?? ''),
    messages,
    json: format === 'json_object' || format === 'json_schema',
    stream: body.stream === true,
    includeUsage: streamOptions?.include_usage === true,
    body,
    headers,
    system: messages.find((m) => m.role === 'system')?.content ?? '',
    lastUser: users[users.length - 1]?.content ?? '',
  };
  if (typeof body.temperature === 'number') chat.temperature = body.temperature;
  if (typeof body.max_tokens === 'number') chat.maxTokens = body.max_tokens;
  return chat;
}

/** Words with their following whitespace, so the pieces concatenate back to the text. */
function words(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text === '' ? [] : [text]);
}

/** Rough token counts: enough for tests that check usage is passed through. */
function usageFor(chat: FakeChatRequest, text: string): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const prompt = Math.max(1, Math.ceil(chat.messages.reduce((n, m) => n + m.content.length, 0) / 4));
  const completion = words(text).length;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** Writes one SSE frame in two TCP writes split mid-frame, like a real proxy might. */
async function writeFrame(res: ServerResponse, data: string, delayMs: number): Promise<void> {
  const frame = Buffer.from(`data: ${data}\n\n`, 'utf8');
  const middle = Math.floor(frame.length / 2);
  await write(res, frame.subarray(0, middle), 0);
  await write(res, frame.subarray(middle), delayMs);
}

/** Writes, then waits so consecutive writes leave as separate TCP segments. */
async function write(res: ServerResponse, data: string | Uint8Array, delayMs: number): Promise<void> {
  if (res.destroyed) return;
  // The callback may never come when the client has gone away; 'close' covers that case.
  await new Promise<void>((resolve) => {
    const done = () => {
      res.off('close', done);
      resolve();
    };
    res.once('close', done);
    res.write(data, done);
  });
  await sleep(delayMs);
}

/** The same words, round and round (never empty: an empty list would spin without yielding). */
function* forever(list: string[]): Generator<string> {
  const round = list.length > 0 ? list : ['…'];
  for (;;) yield* round;
}

/** The wait before the next word so that word i leaves at i × `delayMs` from now, however late the timers ran. */
function schedule(delayMs: number): () => number {
  let due = performance.now();
  return () => {
    due += delayMs;
    return Math.max(0, due - performance.now());
  };
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : new Promise((resolve) => setImmediate(resolve));
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': 'application/json', ...extra });
  res.end(JSON.stringify(body));
}

function defaultErrorMessage(status: number, model: string): string {
  if (status === 401) return 'Incorrect API key provided.';
  if (status === 404) return `The model \`${model}\` does not exist or you do not have access to it.`;
  if (status === 429) return 'Rate limit reached. Please try again later.';
  if (status >= 500) return 'The server had an error while processing your request.';
  return `Request failed with status ${status}.`;
}

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
