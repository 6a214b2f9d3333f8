import { describe, expect, it } from 'vitest';
import { needsSecurityHeaders, withSecurityHeaders } from '../../../src/sw/security-headers';

describe('the service worker labels what it serves', () => {
  it('adds CSP (with the configured hosts), COOP and COEP to our own responses and keeps the body', async () => {
    const original = new Response('<!doctype html><title>x</title>', { status: 200, headers: { 'content-type': 'text/html' } });
    const labelled = withSecurityHeaders(original, ['https://llm.example.org']);
    expect(labelled.headers.get('content-type')).toBe('text/html');
    expect(labelled.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(labelled.headers.get('cross-origin-embedder-policy')).toBe('credentialless');
    const csp = labelled.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/connect-src [^;]*https:\/\/llm\.example\.org/);
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(await labelled.text()).toBe('<!doctype html><title>x</title>');
  });

  it('leaves an opaque response alone (it is not ours, and its headers cannot be read)', () => {
    const opaque = { type: 'opaque' } as Response;
    expect(withSecurityHeaders(opaque, [])).toBe(opaque);
  });
});

describe('which responses get them', () => {
  it('pages and worker scripts, where the headers take effect', () => {
    expect(needsSecurityHeaders({ mode: 'navigate', destination: 'document' })).toBe(true);
    expect(needsSecurityHeaders({ mode: 'same-origin', destination: 'worker' })).toBe(true);
    expect(needsSecurityHeaders({ mode: 'same-origin', destination: 'sharedworker' })).toBe(true);
  });

  it('not the scripts, styles and images a page loads (nothing to gain, an IndexedDB read each)', () => {
    expect(needsSecurityHeaders({ mode: 'cors', destination: 'script' })).toBe(false);
    expect(needsSecurityHeaders({ mode: 'no-cors', destination: 'style' })).toBe(false);
    expect(needsSecurityHeaders({ mode: 'cors', destination: '' })).toBe(false);
  });
});
