/**
 * ChatEngine for any OpenAI-compatible `/chat/completions` endpoint (OpenAI, Groq,
 * OpenRouter, Together, Hugging Face router, vLLM, TGI, Ollama), streamed over SSE.
 *
 * Contract kept with callers (the port's abort contract, see ports/chat-engine.ts):
 * - text arrives as deltas in order; usage, when the server reports it, on the last delta;
 * - the request's signal firing at any moment ends the stream normally with finishReason
 *   'abort' (nothing is sent when it fired before the call);
 * - a stream that ends without `[DONE]` or a finish_reason was cut: everything that arrived
 *   has already been yielded, then AppError 'remote-network' with `details.partial` is thrown;
 * - the API key is sent only in the Authorization header and never appears in an error.
 *
 * The server is not trusted to behave (docs/remote-engine.md, "Limits"): redirects are
 * never followed, an HTML page is named as such, and the reply, each stream line, the
 * whole stream and the silence between events are all bounded.
 */
import type { ChatEngine, ChatRequest, EngineInfo } from '../../ports/chat-engine';
import type { ChatDelta, ChatMessage, FinishReason, TokenUsage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import { contextWindowFor, hostOf, normalizeBaseUrl, providerName } from '../../domain/remote-presets';
import { DEFAULT_MAX_LINE_CHARS, readSseEvents, SseHtmlError, SseLimitError } from './sse';
import {
  badResponse,
  cutStreamError,
  fetchFailure,
  htmlPageError,
  httpError,
  idleError,
  oversizeError,
  redirectError,
  streamError,
  type RemoteParty,
} from './remote-errors';

/** The timer functions the idle watch uses; tests inject ones they fire by hand. */
export interface EngineTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface OpenAIEngineConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Provider name shown to the user ("Groq"); defaults to the preset matching the URL, else the host. */
  label?: string;
  /** Tokens (prompt + reply); defaults to the matching preset's window. */
  contextWindow?: number;
  /** Injected for tests and for environments with their own fetch. */
  fetch?: typeof fetch;
  /** Seconds of silence (no event; comments do not count) after which a reply is given up. */
  idleTimeoutMs?: number;
  timers?: EngineTimers;
}

/** How long "Test connection" waits before it reports the server as unreachable. */
const TEST_TIMEOUT_MS = 20_000;
/** Error bodies are only read this far: they are for a message, not for storage. */
const MAX_ERROR_BODY_CHARS = 4000;
/** A reply that sends no event for this long is given up (keep-alive comments do not count). */
export const IDLE_TIMEOUT_MS = 60_000;
/**
 * The reply may hold at most CHARS_PER_TOKEN characters per requested token (a token is about
 * 4 characters of English; 16 leaves room for long tokens and servers that ignore max_tokens
 * a little), at least MIN_REPLY_CHARS and never more than MAX_REPLY_CHARS.
 */
export const CHARS_PER_TOKEN = 16;
export const MIN_REPLY_CHARS = 4096;
export const MAX_REPLY_CHARS = 1_000_000;
/** The whole stream (JSON envelopes, usage, comments) may be this many times the reply limit. */
export const STREAM_CHARS_PER_REPLY_CHAR = 64;
/** A non-streamed JSON completion is read at most this far. */
const MAX_JSON_BODY_CHARS = 4 * MAX_REPLY_CHARS;

/** The most characters of reply text accepted for a request asking for `maxTokens`. */
export function replyCharLimit(maxTokens: number | undefined): number {
  if (maxTokens === undefined || !Number.isFinite(maxTokens) || maxTokens <= 0) return MAX_REPLY_CHARS;
  return Math.min(MAX_REPLY_CHARS, Math.max(MIN_REPLY_CHARS, Math.ceil(maxTokens) * CHARS_PER_TOKEN));
}

const defaultTimers: EngineTimers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Aborts its signal when `poke()` has not been called for `ms`; stopped by `stop()`. */
class IdleWatch {
  private readonly controller = new AbortController();
  private handle: unknown;
  fired = false;

  constructor(
    private readonly timers: EngineTimers,
    private readonly ms: number,
  ) {
    this.poke();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  poke(): void {
    if (this.fired) return;
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = this.timers.setTimeout(() => {
      this.fired = true;
      this.controller.abort(new Error('idle'));
    }, this.ms);
  }

  stop(): void {
    if (this.handle !== undefined) this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}

const ABORTED: ChatDelta = { finishReason: 'abort' };

export class OpenAIEngine implements ChatEngine {
  readonly info: EngineInfo;
  readonly contextWindow: number;
  /** Who receives the text, for messages: "Groq" or "gpu-box:8000". */
  readonly provider: string;
  private readonly baseUrl: string;
  private readonly party: RemoteParty;
  private readonly fetchFn: typeof fetch;
  private readonly apiKey: string | undefined;
  private readonly idleTimeoutMs: number;
  private readonly timers: EngineTimers;
  /**
   * Whether to send a request's JSON schema as `response_format: json_schema` (the server then
   * constrains its decoding to it: OpenAI, vLLM, Ollama and others). A server that refuses that
   * format once gets `json_object` from then on; our own validation checks the reply either way.
   */
  private schemaFormat = true;

  constructor(config: OpenAIEngineConfig) {
    this.baseUrl = normalizeBaseUrl(config.baseUrl);
    const host = hostOf(this.baseUrl);
    const name = config.label ?? providerName(this.baseUrl);
    const apiKey = config.apiKey?.trim();
    this.apiKey = apiKey === '' ? undefined : apiKey;
    this.provider = name;
    this.party = { name, host, ...(this.apiKey ? { apiKey: this.apiKey } : {}) };
    this.contextWindow = config.contextWindow ?? contextWindowFor(this.baseUrl);
    this.info = { id: `remote:${host}:${config.model}`, kind: 'remote', label: `${name} · ${config.model}`, model: config.model, host };
    // Calling an unbound window.fetch throws "Illegal invocation" in browsers.
    this.fetchFn = config.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.idleTimeoutMs = config.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
    this.timers = config.timers ?? defaultTimers;
  }

  async *stream(request: ChatRequest): AsyncGenerator<ChatDelta, void, undefined> {
    const { signal } = request;
    if (signal?.aborted) {
      yield ABORTED;
      return;
    }
    // One signal for fetch and body: the caller's stop, or our own give-up after a silence.
    const idle = new IdleWatch(this.timers, this.idleTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, idle.signal]) : idle.signal;
    let text = '';
    let usage: TokenUsage | undefined;
    const ended = (): ChatDelta => ({ finishReason: 'abort', ...(usage ? { usage } : {}) });
    // Whatever goes wrong after the caller stopped is the stop, not a failure.
    const failure = (error: unknown): AppError => {
      if (idle.fired) return idleError(this.party, Math.round(this.idleTimeoutMs / 1000), text !== '');
      if (error instanceof SseHtmlError) return htmlPageError(this.party, text !== '');
      if (error instanceof SseLimitError) return oversizeError(this.party, error.kind, error.limit, text !== '');
      if (error instanceof AppError) return error;
      return cutStreamError(this.party, text !== '', error);
    };
    try {
      let response: Response;
      try {
        response = await this.postChat({ ...request, signal: combined }, true);
      } catch (error) {
        if (signal?.aborted) {
          yield ended();
          return;
        }
        throw failure(error);
      }
      const contentType = response.headers.get('content-type') ?? '';
      if (/text\/html/i.test(contentType)) {
        await response.body?.cancel().catch(() => undefined);
        throw htmlPageError(this.party, false);
      }
      const replyLimit = replyCharLimit(request.maxTokens);
      if (contentType.includes('application/json')) {
        // A server that ignores `stream: true` answers with one JSON completion; accept it.
        let whole: ChatDelta[];
        try {
          whole = await this.readWholeCompletion(response, replyLimit);
        } catch (error) {
          if (signal?.aborted) {
            yield ended();
            return;
          }
          throw failure(error);
        }
        yield* whole;
        return;
      }
      if (!response.body) throw badResponse(this.party, 'an empty response', false);

      let finish: FinishReason | undefined;
      let done = false;
      const events = readSseEvents(response.body, {
        maxLineChars: DEFAULT_MAX_LINE_CHARS,
        maxStreamChars: replyLimit * STREAM_CHARS_PER_REPLY_CHAR,
        rejectHtml: true,
      });
      try {
        for await (const event of events) {
          idle.poke();
          if (event.data === '[DONE]') {
            done = true;
            break;
          }
          const chunk = parseChunk(event.data);
          if (chunk === undefined) throw badResponse(this.party, 'a stream chunk that is not JSON', text !== '');
          if (chunk.error !== undefined && chunk.error !== null) throw streamError(chunk.error, this.party, text !== '');
          const piece = chunk.choices?.[0]?.delta?.content;
          if (typeof piece === 'string' && piece !== '') {
            if (text.length + piece.length > replyLimit) throw oversizeError(this.party, 'reply', replyLimit, text !== '');
            text += piece;
            yield { text: piece };
          }
          const reason = chunk.choices?.[0]?.finish_reason;
          if (typeof reason === 'string' && reason !== '') finish = reason === 'length' ? 'length' : 'stop';
          // Groq reports streamed usage under `x_groq.usage` instead of `usage`.
          const reported = toUsage(chunk.usage) ?? toUsage(chunk.x_groq?.usage);
          if (reported) usage = reported;
          if (signal?.aborted) break;
        }
      } catch (error) {
        if (!signal?.aborted) throw failure(error);
      } finally {
        // Releases the connection when we stop early ([DONE], abort, error, consumer break).
        await events.return(undefined);
      }

      if (signal?.aborted) {
        yield ended();
        return;
      }
      if (!done && finish === undefined) throw cutStreamError(this.party, text !== '');
      yield { finishReason: finish ?? 'stop', ...(usage ? { usage } : {}) };
    } finally {
      idle.stop();
    }
  }

  /** Model ids the server lists at GET /models (sorted), for the settings datalist. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const response = await this.send(`${this.baseUrl}/models`, {
      method: 'GET',
      headers: this.headers(false),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw await this.failure(response);
    const raw = await readCapped(response, MAX_JSON_BODY_CHARS).catch(() => '');
    if (looksLikeHtml(response, raw)) throw htmlPageError(this.party, false);
    const body: unknown = parseJson(raw);
    const data = (body as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) throw badResponse(this.party, 'a model list without "data"', false);
    const ids = data.map((m) => (m as { id?: unknown }).id).filter((id): id is string => typeof id === 'string');
    return [...new Set(ids)].sort((a, b) => a.localeCompare(b));
  }

  private async postChat(request: ChatRequest, withStreamOptions: boolean): Promise<Response> {
    const body: Record<string, unknown> = {
      model: this.info.model,
      messages: request.messages.map((m: ChatMessage) => ({ role: m.role, content: m.content })),
      stream: true,
    };
    if (withStreamOptions) body.stream_options = { include_usage: true };
    if (request.temperature !== undefined) body.temperature = request.temperature;
    if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
    const schema = typeof request.json === 'object' && this.schemaFormat ? request.json.schema : undefined;
    if (schema) body.response_format = { type: 'json_schema', json_schema: { name: 'reply', schema } };
    else if (request.json) body.response_format = { type: 'json_object' };

    const response = await this.send(`${this.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: this.headers(true),
      body: JSON.stringify(body),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (response.ok) return response;
    const error = await this.failure(response);
    // Some older servers reject the `stream_options` field; usage is optional, so retry without it.
    if (withStreamOptions && response.status === 400 && /stream_options/i.test(String(error.details?.providerMessage ?? ''))) {
      return this.postChat(request, false);
    }
    // A server without structured outputs rejects json_schema (400 or 422, naming the field or the
    // format): json_object, the JSON mode every compatible server knows, from then on.
    if (
      schema &&
      (response.status === 400 || response.status === 422) &&
      /response_format|json_schema/i.test(String(error.details?.providerMessage ?? ''))
    ) {
      this.schemaFormat = false;
      return this.postChat(request, withStreamOptions);
    }
    throw error;
  }

  /** A non-streamed completion, read whole (bounded) before any delta is given out. */
  private async readWholeCompletion(response: Response, replyLimit: number): Promise<ChatDelta[]> {
    const raw = await readCapped(response, MAX_JSON_BODY_CHARS + 1);
    if (raw.length > MAX_JSON_BODY_CHARS) throw oversizeError(this.party, 'stream', MAX_JSON_BODY_CHARS, false);
    if (looksLikeHtml(response, raw)) throw htmlPageError(this.party, false);
    const body = parseJson(raw);
    if (body === undefined) throw badResponse(this.party, 'a reply that is not JSON', false);
    const completion = body as Completion;
    if (completion.error !== undefined && completion.error !== null) throw streamError(completion.error, this.party, false);
    const choice = completion.choices?.[0];
    const text = choice?.message?.content;
    if (typeof text !== 'string') throw badResponse(this.party, 'a reply without a message', false);
    if (text.length > replyLimit) throw oversizeError(this.party, 'reply', replyLimit, false);
    const usage = toUsage(completion.usage);
    const last: ChatDelta = { finishReason: choice?.finish_reason === 'length' ? 'length' : 'stop', ...(usage ? { usage } : {}) };
    return text !== '' ? [{ text }, last] : [last];
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: json ? 'text/event-stream, application/json' : 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    if (this.apiKey) headers.Authorization = `Bearer ${this.apiKey}`;
    return headers;
  }

  /**
   * Every request to the server goes through here. Redirects are never followed
   * (`redirect: 'manual'`): a browser then hands back an opaque redirect, Node the 3xx
   * itself, and either becomes a clear error; nothing reaches the redirect's target.
   */
  private async send(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await this.fetchFn(url, { ...init, redirect: 'manual' });
    } catch (error) {
      if (init.signal?.aborted) throw abortedError(init.signal, error);
      throw fetchFailure(error, this.party);
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => undefined);
      throw redirectError(this.party, response.headers.get('location'));
    }
    return response;
  }

  private async failure(response: Response): Promise<AppError> {
    const raw = await readCapped(response, MAX_ERROR_BODY_CHARS).catch(() => '');
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // Not JSON (an HTML error page, a proxy's text): keep the text.
    }
    return httpError(
      { status: response.status, retryAfter: response.headers.get('retry-after'), body, model: this.info.model },
      this.party,
    );
  }
}

export type RemoteConnectionConfig = Omit<OpenAIEngineConfig, 'contextWindow'>;

/**
 * Checks settings end to end: the key (GET /models) and the model (a one-token streamed
 * reply, through the same path an interview uses). Servers without /models are fine.
 * Throws an AppError that says what to fix; times out after 20 s.
 */
export async function testRemoteConnection(config: RemoteConnectionConfig, signal?: AbortSignal): Promise<{ ok: true; models?: string[] }> {
  const engine = new OpenAIEngine(config);
  const timeout = AbortSignal.timeout(TEST_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    let models: string[] | undefined;
    try {
      models = await engine.listModels(combined);
    } catch (error) {
      // No /models endpoint (some proxies, TGI): the chat request below is the real test.
      if (!(error instanceof AppError && error.code === 'remote-not-found')) throw error;
    }
    for await (const delta of engine.stream({
      messages: [{ role: 'user', content: 'Say OK.' }],
      maxTokens: 1,
      temperature: 0,
      signal: combined,
    })) {
      // A stream ends normally on a stop: here that means the timeout or the caller, not success.
      if (delta.finishReason === 'abort') throw abortedError(combined);
      if (delta.finishReason) break;
    }
    return models ? { ok: true, models } : { ok: true };
  } catch (error) {
    if (timeout.aborted && !signal?.aborted) {
      throw new AppError(
        'remote-network',
        `${engine.provider} did not answer within ${TEST_TIMEOUT_MS / 1000} seconds. Check the base URL, or try again later.`,
        { cause: error, details: { host: engine.info.host } },
      );
    }
    throw error;
  }
}

interface ChunkChoice {
  delta?: { content?: unknown };
  message?: { content?: unknown };
  finish_reason?: unknown;
}

interface Completion {
  choices?: ChunkChoice[];
  usage?: unknown;
  x_groq?: { usage?: unknown };
  error?: unknown;
}

function parseChunk(data: string): Completion | undefined {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Completion) : undefined;
  } catch {
    return undefined;
  }
}

function toUsage(value: unknown): TokenUsage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const u = value as { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
  const prompt = typeof u.prompt_tokens === 'number' ? u.prompt_tokens : 0;
  const completion = typeof u.completion_tokens === 'number' ? u.completion_tokens : 0;
  const total = typeof u.total_tokens === 'number' ? u.total_tokens : prompt + completion;
  if (prompt === 0 && completion === 0 && total === 0) return undefined;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: total };
}

/** Reads a body as text, at most `maxChars` characters (the rest is never downloaded). */
async function readCapped(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let chars = 0;
  try {
    while (chars < maxChars) {
      const { done, value } = await reader.read();
      if (done) {
        parts.push(decoder.decode());
        break;
      }
      const part = decoder.decode(value, { stream: true });
      parts.push(part);
      chars += part.length;
    }
  } finally {
    if (chars >= maxChars) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
  return parts.join('').slice(0, maxChars);
}

function looksLikeHtml(response: Response, body: string): boolean {
  return /text\/html/i.test(response.headers.get('content-type') ?? '') || body.trimStart().startsWith('<');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function abortedError(signal: AbortSignal, cause?: unknown): AppError {
  return new AppError('aborted', 'Stopped.', { cause: cause ?? signal.reason });
}
