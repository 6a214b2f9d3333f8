import { afterEach, describe, expect, it, vi } from 'vitest';
import { OpenAIEngine } from '../../../../src/adapters/llm/openai-engine';
import { fetchFailure, httpError, parseRetryAfter, providerMessageOf, redact } from '../../../../src/adapters/llm/remote-errors';

const party = { name: 'Groq', host: 'api.groq.com', apiKey: 'gsk_SECRETSECRET' };

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds, rounding fractions up', () => {
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('1.2', now)).toBe(2);
  });
  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:42 GMT', now)).toBe(42);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(1);
  });
  it('defaults to 20 seconds when missing or unreadable', () => {
    expect(parseRetryAfter(null, now)).toBe(20);
    expect(parseRetryAfter('', now)).toBe(20);
    expect(parseRetryAfter('soon', now)).toBe(20);
  });
});

describe('redact and providerMessageOf', () => {
  it('removes the key and any bearer token', () => {
    expect(redact('key gsk_SECRETSECRET and Bearer abc.def', party.apiKey)).toBe('key [API key] and Bearer [API key]');
  });
  it('finds the message in the common error body shapes', () => {
    expect(providerMessageOf({ error: { message: 'a' } })).toBe('a');
    expect(providerMessageOf({ error: 'b' })).toBe('b');
    expect(providerMessageOf({ detail: 'c' })).toBe('c');
    expect(providerMessageOf('  plain text  ')).toBe('plain text');
    expect(providerMessageOf({ nothing: 1 })).toBeUndefined();
  });
});

describe('httpError', () => {
  it('keeps no provider text for auth failures, which often echo the key', () => {
    const error = httpError({ status: 403, body: { error: { message: 'Key gsk_SECRETSECRET is blocked' } } }, party);
    expect(error.code).toBe('remote-auth');
    expect(JSON.stringify([error.message, error.details])).not.toContain('SECRET');
    expect(error.message).toContain('Groq');
  });
  it('truncates a long provider message', () => {
    const error = httpError({ status: 422, body: 'x'.repeat(5000) }, party);
    expect(String(error.details?.providerMessage).length).toBeLessThan(400);
  });
});

describe('fetchFailure', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says you are offline when the browser is offline', () => {
    const error = fetchFailure(new TypeError('Failed to fetch'), party, false);
    expect(error.code).toBe('remote-network');
    expect(error.message).toMatch(/offline.*Local mode works offline/);
  });

  it('explains CORS and names the host when online', () => {
    const error = fetchFailure(new TypeError('Failed to fetch'), party, true);
    expect(error.code).toBe('remote-cors');
    expect(error.message).toContain('Could not reach api.groq.com');
  });

  it('the engine reads navigator.onLine', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    const fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const engine = new OpenAIEngine({ baseUrl: 'https://api.groq.com/openai/v1', model: 'm', apiKey: 'k', fetch });
    await expect(
      (async () => {
        for await (const _ of engine.stream({ messages: [{ role: 'user', content: 'hi' }] })) void _;
      })(),
    ).rejects.toMatchObject({ code: 'remote-network' });
  });
});
