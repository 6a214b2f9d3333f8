import { describe, expect, it } from 'vitest';
import {
  CUSTOM_PRESET_ID,
  REMOTE_PRESETS,
  contextWindowFor,
  hostOf,
  normalizeBaseUrl,
  presetById,
  presetForBaseUrl,
  providerName,
  validateBaseUrl,
  validateRemoteSettings,
} from '../../../src/domain/remote-presets';

describe('REMOTE_PRESETS', () => {
  it('has unique ids and valid https or loopback URLs for every provider', () => {
    const ids = REMOTE_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const preset of REMOTE_PRESETS.filter((p) => p.id !== CUSTOM_PRESET_ID)) {
      expect(validateBaseUrl(preset.baseUrl), preset.id).toEqual({ ok: true, baseUrl: preset.baseUrl });
      expect(preset.defaultModel, preset.id).not.toBe('');
      expect(preset.contextWindow, preset.id).toBeGreaterThanOrEqual(2048);
    }
  });

  it('offers the Llama 3.3 70B defaults from the setup notes', () => {
    expect(presetById('groq').defaultModel).toBe('llama-3.3-70b-versatile');
    expect(presetById('openrouter').defaultModel).toBe('meta-llama/llama-3.3-70b-instruct');
    expect(presetById('together').defaultModel).toBe('meta-llama/Llama-3.3-70B-Instruct-Turbo');
    expect(presetById('ollama')).toMatchObject({ baseUrl: 'http://localhost:11434/v1', needsKey: false });
  });

  it('falls back to the custom preset for an unknown id', () => {
    expect(presetById('nope').id).toBe(CUSTOM_PRESET_ID);
  });
});

describe('hostOf', () => {
  it('returns host and port', () => {
    expect(hostOf('https://api.groq.com/openai/v1')).toBe('api.groq.com');
    expect(hostOf(' http://127.0.0.1:8000/v1 ')).toBe('127.0.0.1:8000');
  });
  it('returns the trimmed input for something that is not a URL', () => {
    expect(hostOf(' not a url ')).toBe('not a url');
  });
});

describe('normalizeBaseUrl', () => {
  it('drops trailing slashes and a pasted /chat/completions', () => {
    expect(normalizeBaseUrl('https://x.test/v1/')).toBe('https://x.test/v1');
    expect(normalizeBaseUrl(' https://x.test/v1/chat/completions/ ')).toBe('https://x.test/v1');
  });
});

describe('validateBaseUrl', () => {
  it('accepts https anywhere and http on this computer', () => {
    expect(validateBaseUrl('https://gpu.example.com:8443/v1/')).toEqual({ ok: true, baseUrl: 'https://gpu.example.com:8443/v1' });
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:8000/v1', 'http://LOCALHOST:8080/v1']) {
      expect(validateBaseUrl(url).ok, url).toBe(true);
    }
  });

  it('refuses http to another machine and says why', () => {
    // [::1] is loopback too, but the app's Content-Security-Policy allows http only to localhost and 127.0.0.1.
    expect(validateBaseUrl('http://[::1]:8000/v1').ok).toBe(false);
    const result = validateBaseUrl('http://192.168.1.20:8000/v1');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/unencrypted/);
  });

  it('refuses empty input, non-URLs, other schemes and credentials in the URL', () => {
    for (const bad of ['', '   ', 'api.groq.com', 'ftp://x.test/v1', 'javascript:alert(1)', 'https://user:pw@x.test/v1']) {
      expect(validateBaseUrl(bad).ok, bad).toBe(false);
    }
  });
});

describe('validateRemoteSettings', () => {
  const base = { presetId: 'groq', baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile', apiKey: 'gsk_x' };

  it('accepts a complete configuration', () => {
    expect(validateRemoteSettings(base)).toEqual({});
  });

  it('asks for a key when the provider needs one, but accepts an encrypted key', () => {
    expect(validateRemoteSettings({ ...base, apiKey: ' ' }).apiKey).toMatch(/Groq needs an API key/);
    expect(validateRemoteSettings({ ...base, apiKey: undefined, encryptedApiKey: { salt: 's', iv: 'i', data: 'd' } })).toEqual({});
  });

  it('needs no key for Ollama or a custom server', () => {
    expect(validateRemoteSettings({ presetId: 'ollama', baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' })).toEqual({});
    expect(validateRemoteSettings({ presetId: 'custom', baseUrl: 'https://vllm.example.com/v1', model: 'm' })).toEqual({});
  });

  it('reports a missing model, a model with spaces, and a bad URL together', () => {
    const errors = validateRemoteSettings({ ...base, model: '', baseUrl: 'nope' });
    expect(Object.keys(errors).sort()).toEqual(['baseUrl', 'model']);
    expect(validateRemoteSettings({ ...base, model: 'llama 3' }).model).toMatch(/no spaces/);
  });
});

describe('provider naming', () => {
  it('names known providers and falls back to the host', () => {
    expect(presetForBaseUrl('https://api.groq.com/openai/v1/')?.id).toBe('groq');
    expect(providerName('https://api.groq.com/openai/v1')).toBe('Groq');
    expect(providerName('https://vllm.example.com:8000/v1')).toBe('vllm.example.com:8000');
    expect(contextWindowFor('https://api.groq.com/openai/v1')).toBe(131_072);
    expect(contextWindowFor('https://vllm.example.com/v1')).toBe(presetById('custom').contextWindow);
  });
});
