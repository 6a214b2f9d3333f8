import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  configuredConnectSources,
  connectSourceFor,
  contentSecurityPolicy,
  MODEL_HOST_SOURCES,
  securityHeaders,
  staticHeaderLines,
} from '../../../src/domain/content-security-policy';

function directive(policy: string, name: string): string[] {
  const found = policy
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name);
  return found?.slice(1) ?? [];
}

describe('the Content-Security-Policy header', () => {
  const policy = contentSecurityPolicy();

  it('allows no eval and no inline script, only WebAssembly compilation', () => {
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy).not.toMatch(/'unsafe-eval'|'unsafe-inline'[^;]*;\s*$/);
    expect(directive(policy, 'object-src')).toEqual(["'none'"]);
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"]);
  });

  it('limits connect-src to named hosts: no scheme-wide https: and no wildcard host', () => {
    const connect = directive(policy, 'connect-src');
    expect(connect).not.toContain('https:');
    expect(connect).not.toContain('*');
    expect(connect).not.toContain('http:');
    expect(connect).toEqual(expect.arrayContaining(["'self'", ...MODEL_HOST_SOURCES, 'https://api.groq.com', 'http://localhost:*']));
  });

  it('adds the configured hosts to connect-src', () => {
    const connect = directive(contentSecurityPolicy({ extraConnect: ['https://llm.example.org'] }), 'connect-src');
    expect(connect).toContain('https://llm.example.org');
  });

  it('the <meta> fallback has no frame-ancestors (not allowed there) and allows any https host', () => {
    const meta = contentSecurityPolicy({ meta: true });
    expect(meta).not.toContain('frame-ancestors');
    expect(directive(meta, 'connect-src')).toContain('https:');
    expect(directive(meta, 'script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });

  it('the dev server also allows the hot-reload WebSocket on this machine', () => {
    expect(directive(contentSecurityPolicy({ dev: true }), 'connect-src')).toContain('ws://localhost:*');
    expect(policy).not.toContain('ws:');
  });

  it('goes with COOP same-origin and COEP credentialless', () => {
    expect(securityHeaders()).toMatchObject({
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'credentialless',
      'Content-Security-Policy': policy,
    });
  });

  it('public/_headers is exactly what the code would send', () => {
    expect(readFileSync(new URL('../../../public/_headers', import.meta.url), 'utf8')).toBe(staticHeaderLines());
  });
});

describe('hosts from settings', () => {
  it('keeps only the https origin of an address', () => {
    expect(connectSourceFor('https://llm.example.org:8443/v1/chat?x=1')).toBe('https://llm.example.org:8443');
    expect(connectSourceFor('HTTPS://LLM.Example.org/v1')).toBe('https://llm.example.org');
  });

  it('refuses what is not an https address, so stored text can never add a directive', () => {
    expect(connectSourceFor('http://192.168.1.5:8000/v1')).toBeUndefined();
    expect(connectSourceFor('javascript:alert(1)')).toBeUndefined();
    expect(connectSourceFor('not a url')).toBeUndefined();
    expect(connectSourceFor("https://x.org; script-src 'unsafe-eval'") ?? '').not.toContain(';');
    expect(connectSourceFor('')).toBeUndefined();
    expect(connectSourceFor(undefined)).toBeUndefined();
  });

  it('adds the remote server and the model mirror, not hosts allowed already', () => {
    expect(
      configuredConnectSources({ remote: { baseUrl: 'https://vllm.example.org/v1' }, modelHost: 'https://mirror.example.net/hf/' }),
    ).toEqual(['https://vllm.example.org', 'https://mirror.example.net']);
    expect(
      configuredConnectSources({ remote: { baseUrl: 'https://api.groq.com/openai/v1' }, modelHost: 'https://huggingface.co' }),
    ).toEqual([]);
    expect(configuredConnectSources({ remote: { baseUrl: 'http://localhost:11434/v1' } })).toEqual([]);
    expect(configuredConnectSources(undefined)).toEqual([]);
    expect(configuredConnectSources({ remote: { baseUrl: 42 }, modelHost: null })).toEqual([]);
  });
});
