/**
 * ChatEngine for any OpenAI-compatible `/chat/completions` endpoint (OpenAI, Groq,
 * OpenRouter, Together, Hugging Face router, vLLM, TGI, Ollama), streamed over SSE.
 *
 * Contract kept with callers:
 * - text arrives as deltas in order; usage, when the server reports it, on the last delta;
 * - an abort before any text throws AppError 'aborted'; after text it ends with finishReason 'abort';
 * - a stream that ends without `[DONE]` or a finish_reason was cut: everything that arrived
 *   has already been yielded, then AppError 'remote-network' with `details.partial` is thrown;
 * - the API key is sent only in the Authorization header and never appears in an error.
 */
import type { ChatDelta, ChatEngine, ChatMessage, ChatRequest, EngineInfo, FinishReason, TokenUsage } from '../../ports/chat-engine';
import { AppError } from '../../ports/errors';
import { contextWindowFor, hostOf, normalizeBaseUrl, providerName } from '../../domain/remote-presets';
import { readSseEvents } from './sse';
import { badResponse, cutStreamError, fetchFailure, httpError, streamError, type RemoteParty } from './remote-errors';

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
}

/** How long "Test connection" waits before it reports the server as unreachable. */
const TEST_TIMEOUT_MS = 20_000;
/** Error bodies are only read this far: they are for a message, not for storage. */
const MAX_ERROR_BODY_CHARS = 4000;

export class OpenAIEngine implements ChatEngine {
  readonly info: EngineInfo;
  readonly contextWindow: number;
  /** Who receives the text, for messages: "Groq" or "gpu-box:8000". */
  readonly provider: string;
  private readonly baseUrl: string;
  private readonly party: RemoteParty;
  private readonly fetchFn: typeof fetch;
  private readonly apiKey: string | undefined;

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
  }

  async *stream(request: ChatRequest): AsyncGenerator<ChatDelta, void, undefined> {
    const { signal } = request;
    throwIfAborted(signal);
    const response = await this.postChat(request, true);
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.includes('application/json')) {
      // A server that ignores `stream: true` answers with one JSON completion; accept it.
      yield* this.readWholeCompletion(response, signal);
      return;
    }
    if (!response.body) throw badResponse(this.party, 'an empty response', false);

    let text = '';
    let usage: TokenUsage | undefined;
    let finish: FinishReason | undefined;
    let done = false;
    const events = readSseEvents(response.body);
    try {
      for await (const event of events) {
        if (event.data === '[DONE]') {
          done = true;
          break;
        }
        const chunk = parseChunk(event.data);
        if (chunk === undefined) throw badResponse(this.party, 'a stream chunk that is not JSON', text !== '');
        if (chunk.error !== undefined && chunk.error !== null) throw streamError(chunk.error, this.party, text !== '');
        const piece = chunk.choices?.[0]?.delta?.content;
        if (typeof piece === 'string' && piece !== '') {
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
      if (error instanceof AppError) throw error;
      if (!signal?.aborted) throw cutStreamError(this.party, text !== '', error);
    } finally {
      // Releases the connection when we stop early ([DONE], abort, error, consumer break).
      await events.return(undefined);
    }

    if (signal?.aborted) {
      if (text === '') throw abortedError(signal);
      yield { finishReason: 'abort', ...(usage ? { usage } : {}) };
      return;
    }
    if (!done && finish === undefined) throw cutStreamError(this.party, text !== '');
    yield { finishReason: finish ?? 'stop', ...(usage ? { usage } : {}) };
  }

  /** Model ids the server lists at GET /models (sorted), for the settings datalist. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    const response = await this.send(`${this.baseUrl}/models`, {
      method: 'GET',
      headers: this.headers(false),
      ...(signal ? { signal } : {}),
    });
    if (!response.ok) throw await this.failure(response);
    const body: unknown = await response.json().catch(() => undefined);
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
    // json_object is the one JSON mode every compatible server understands; a schema is
    // enforced by our own validation of the reply, not by the server.
    if (request.json) body.response_format = { type: 'json_object' };

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
    throw error;
  }

  private async *readWholeCompletion(response: Response, signal: AbortSignal | undefined): AsyncGenerator<ChatDelta, void, undefined> {
    let body: unknown;
    try {
      body = await response.json();
    } catch (error) {
      if (signal?.aborted) throw abortedError(signal);
      throw badResponse(this.party, 'a reply that is not JSON', false, error);
    }
    const completion = body as Completion;
    if (completion.error !== undefined && completion.error !== null) throw streamError(completion.error, this.party, false);
    const choice = completion.choices?.[0];
    const text = choice?.message?.content;
    if (typeof text !== 'string') throw badResponse(this.party, 'a reply without a message', false);
    if (text !== '') yield { text };
    const usage = toUsage(completion.usage);
    yield { finishReason: choice?.finish_reason === 'length' ? 'length' : 'stop', ...(usage ? { usage } : {}) };
  }

  private headers(json: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: json ? 'text/event-stream, application/json' : 'application/json' };
    if (json) headers['Content-Type'] = 'application/json';
    if (this.apiKey) headers.Authorization = `Bearer ${this.apiKey}`;
    return headers;
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await this.fetchFn(url, init);
    } catch (error) {
      if (init.signal?.aborted) throw abortedError(init.signal, error);
      throw fetchFailure(error, this.party);
    }
  }

  private async failure(response: Response): Promise<AppError> {
    const raw = (await response.text().catch(() => '')).slice(0, MAX_ERROR_BODY_CHARS);
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

/** Lists the models a server offers; throws the same AppErrors as a chat request. */
export async function listRemoteModels(config: RemoteConnectionConfig, signal?: AbortSignal): Promise<string[]> {
  return new OpenAIEngine(config).listModels(signal);
}

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

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(signal);
}

function abortedError(signal: AbortSignal, cause?: unknown): AppError {
  return new AppError('aborted', 'Stopped.', { cause: cause ?? signal.reason });
}
