/**
 * Turns what an OpenAI-compatible server (or the browser's fetch) does wrong into AppErrors
 * whose messages say what to do. The API key never appears in a message or detail: provider
 * messages are redacted before they are kept, and auth failures keep none at all because
 * providers like to echo part of the key back ("Incorrect API key provided: sk-ab***").
 */
import { AppError } from '../../domain/errors';

const DEFAULT_RETRY_AFTER_SECONDS = 20;
const MAX_PROVIDER_MESSAGE = 300;

/** Who is on the other end, for messages: "Groq" or "gpu-box:8000", plus the raw host. */
export interface RemoteParty {
  name: string;
  host: string;
  apiKey?: string;
}

/** `Retry-After` is either delta-seconds or an HTTP date; anything else gets the default. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number {
  if (value == null || value.trim() === '') return DEFAULT_RETRY_AFTER_SECONDS;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.max(1, Math.ceil(Number(trimmed)));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return DEFAULT_RETRY_AFTER_SECONDS;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

/** Replaces the key (and a Bearer header echoed back) so it can never be shown or logged. */
export function redact(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[API key]');
  return out.replace(/Bearer\s+\S+/gi, 'Bearer [API key]');
}

/** The `message` of an OpenAI-style error body (`{ error: { message } }`, `{ error: "..." }`, `{ message }`, `{ detail }`). */
export function providerMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() === '' ? undefined : body.trim();
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (record.error !== undefined) return providerMessageOf(record.error);
  for (const key of ['message', 'detail', 'msg']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

function clean(message: string | undefined, party: RemoteParty): string | undefined {
  if (message === undefined) return undefined;
  const redacted = redact(message, party.apiKey).replace(/\s+/g, ' ').trim();
  return redacted.length > MAX_PROVIDER_MESSAGE ? `${redacted.slice(0, MAX_PROVIDER_MESSAGE)}…` : redacted;
}

export interface HttpFailure {
  status: number;
  retryAfter?: string | null;
  /** Parsed JSON body or raw text of the error response. */
  body?: unknown;
  model?: string;
}

/** Maps a non-2xx HTTP answer to an AppError. */
export function httpError(failure: HttpFailure, party: RemoteParty): AppError {
  const { status } = failure;
  const providerMessage = clean(providerMessageOf(failure.body), party);
  const details: Record<string, unknown> = { status, host: party.host };
  if (status === 401 || status === 403) {
    return new AppError(
      'remote-auth',
      `${party.name} did not accept the API key (HTTP ${status}). Check the API key in Settings → Engine: it may be mistyped, expired, or lack access to this model.`,
      { details },
    );
  }
  if (providerMessage !== undefined) details.providerMessage = providerMessage;
  if (status === 404) {
    const what = failure.model ? `the model “${failure.model}” or the address` : 'this address';
    return new AppError(
      'remote-not-found',
      `${party.name} could not find ${what} (HTTP 404). Check the model name and the base URL in Settings → Engine.`,
      { details },
    );
  }
  if (status === 429) {
    const seconds = parseRetryAfter(failure.retryAfter);
    return new AppError(
      'remote-rate-limited',
      `${party.name} is limiting requests right now (HTTP 429). Wait ${seconds} seconds and try again, or switch to the local model.`,
      { retryAfterSeconds: seconds, details },
    );
  }
  if (status >= 500) {
    return new AppError(
      'remote-server',
      `${party.name} had a problem on its side (HTTP ${status}). Try again in a moment; if it keeps failing, switch to another provider or the local model.`,
      { details },
    );
  }
  const said = providerMessage ? ` It said: “${providerMessage}”` : '';
  return new AppError(
    'remote-bad-response',
    `${party.name} refused the request (HTTP ${status}).${said} Check the model name in Settings → Engine; a very long conversation may also exceed the model's context.`,
    { details },
  );
}

/** fetch() threw: offline, DNS, refused connection, TLS, or a CORS block (the browser cannot tell us which). */
export function fetchFailure(cause: unknown, party: RemoteParty, online: boolean = isOnline()): AppError {
  if (!online) {
    return new AppError(
      'remote-network',
      `You are offline, so ${party.name} cannot be reached. Local mode works offline: switch to the local model in Settings → Engine, or reconnect and try again.`,
      { cause, details: { host: party.host } },
    );
  }
  return new AppError(
    'remote-cors',
    `Could not reach ${party.host}. It may be down, or it does not allow calls from a browser (CORS) — for your own Ollama set OLLAMA_ORIGINS; for vLLM --allowed-origins.`,
    { cause, details: { host: party.host } },
  );
}

/** The connection broke after the response started. */
export function cutStreamError(party: RemoteParty, partial: boolean, cause?: unknown): AppError {
  const kept = partial ? ' The part of the reply that arrived is kept.' : '';
  return new AppError('remote-network', `The connection to ${party.name} broke before the reply was finished.${kept} Try again.`, {
    cause,
    details: { partial, host: party.host },
  });
}

/** An `{ error: {...} }` object inside an otherwise successful stream. */
export function streamError(error: unknown, party: RemoteParty, partial: boolean): AppError {
  const providerMessage = clean(providerMessageOf(error), party) ?? 'no details given';
  const record = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const kind = `${String(record.code ?? '')} ${String(record.type ?? '')} ${providerMessage}`.toLowerCase();
  const details = { partial, host: party.host, providerMessage };
  if (record.code === 429 || /rate.?limit|too many requests/.test(kind)) {
    return new AppError(
      'remote-rate-limited',
      `${party.name} stopped the reply because of a rate limit. Wait ${DEFAULT_RETRY_AFTER_SECONDS} seconds and try again.`,
      { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS, details },
    );
  }
  return new AppError('remote-server', `${party.name} stopped the reply with an error: “${providerMessage}”. Try again.`, { details });
}

export function badResponse(party: RemoteParty, what: string, partial: boolean, cause?: unknown): AppError {
  return new AppError(
    'remote-bad-response',
    `${party.name} sent a reply Rehearse could not read (${what}). Check that the base URL points to an OpenAI-compatible API (it usually ends in /v1).`,
    { cause, details: { partial, host: party.host } },
  );
}

/**
 * The server answered with a redirect. Redirects are never followed: a 307 re-sends the
 * whole interview (and the key) to wherever the server points, unseen by the user.
 */
export function redirectError(party: RemoteParty, location: string | null): AppError {
  const where = location ? ` (to ${safeLocation(location)})` : '';
  return new AppError(
    'remote-bad-response',
    `${party.name} answered with a redirect${where}. Rehearse does not follow redirects, so nothing was sent on. Put the final address in the base URL in Settings → Engine.`,
    { details: { host: party.host, redirect: true } },
  );
}

/** A 200 whose body is an HTML page: a proxy's login or error page, or the wrong address. */
export function htmlPageError(party: RemoteParty, partial: boolean): AppError {
  return new AppError(
    'remote-bad-response',
    `${party.name} answered with a web page, not the API — a proxy or login page? Check the base URL in Settings → Engine (it usually ends in /v1), or sign in to your network first.`,
    { details: { partial, host: party.host, html: true } },
  );
}

/** The server sent nothing for `seconds`: keep-alive comments alone do not count. */
export function idleError(party: RemoteParty, seconds: number, partial: boolean): AppError {
  const kept = partial ? ' The part of the reply that arrived is kept.' : '';
  return new AppError(
    'remote-network',
    `${party.name} sent nothing for ${seconds} seconds, so Rehearse stopped waiting.${kept} Try again; if it keeps happening, the server may be overloaded — switch to another provider or the local model.`,
    { details: { partial, host: party.host, idleSeconds: seconds } },
  );
}

/** The reply, a line of the stream, or the whole stream outgrew its limit. */
export function oversizeError(party: RemoteParty, what: 'reply' | 'line' | 'stream', limit: number, partial: boolean): AppError {
  const said =
    what === 'reply'
      ? `a reply far longer than was asked for (over ${limit.toLocaleString('en')} characters)`
      : what === 'line'
        ? `one line of over ${limit.toLocaleString('en')} characters`
        : `over ${limit.toLocaleString('en')} characters without finishing`;
  const kept = partial ? ' The part of the reply that arrived is kept.' : '';
  return new AppError(
    'remote-bad-response',
    `${party.name} sent ${said}, so Rehearse stopped reading.${kept} Try again; if it keeps happening, choose another model or provider in Settings → Engine.`,
    { details: { partial, host: party.host, limit, oversize: what } },
  );
}

/** Only the origin and path of a redirect target are shown: its query may carry tokens. */
function safeLocation(location: string): string {
  try {
    const url = new URL(location);
    return `${url.origin}${url.pathname}`.slice(0, 200);
  } catch {
    return 'another address';
  }
}

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}
