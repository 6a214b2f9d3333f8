/**
 * The security headers Rehearse is served with: one Content-Security-Policy for the page and
 * every worker, and the two headers that make the page cross-origin isolated (so the
 * on-device models' WASM runtime may use more than one CPU core).
 *
 * One source for all the places that send them: the preview/dev server (vite.config.ts), the
 * static-host file `public/_headers` (a unit test keeps it equal to `staticHeaderLines()`),
 * and the service worker (src/sw.ts), which adds the hosts the user configured.
 * Pure: no DOM, no IO.
 */
import { REMOTE_PRESETS } from './remote-presets.ts';

/**
 * Where on-device models come from by default: the Hugging Face hub, whose downloads
 * redirect to its CDN hosts (cdn-lfs*.huggingface.co, cas-bridge.xethub.hf.co, …), and
 * raw.githubusercontent.com, where WebLLM publishes each chat model's compiled GPU library.
 * A redirect is checked against connect-src at every hop, hence the CDN wildcards.
 */
export const MODEL_HOST_SOURCES = [
  'https://huggingface.co',
  'https://*.huggingface.co',
  'https://*.hf.co',
  'https://raw.githubusercontent.com',
];

/** A model server on this computer (Ollama, vLLM, LM Studio): plain http is fine there. */
export const LOOPBACK_SOURCES = ['http://localhost:*', 'http://127.0.0.1:*'];

/** The hosted providers Settings offers, so picking one needs no reload. */
export const PRESET_SOURCES: readonly string[] = [
  ...new Set(REMOTE_PRESETS.filter((p) => p.baseUrl.startsWith('https://')).map((p) => new URL(p.baseUrl).origin)),
];

/** COOP + COEP: `credentialless` lets CORS downloads from the model hosts work without CORP headers. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
};

/**
 * The policy. `extraConnect` adds origins to connect-src (the service worker passes the
 * remote server and model mirror from settings); `meta` leaves out what a <meta> policy
 * may not carry (frame-ancestors) and widens connect-src to any https host, because a meta
 * policy cannot know the user's hosts and is only the fallback for hosts that send no header.
 */
export function contentSecurityPolicy(options: { extraConnect?: readonly string[]; meta?: boolean; dev?: boolean } = {}): string {
  const connect = options.meta
    ? ["'self'", 'https:', ...LOOPBACK_SOURCES]
    : ["'self'", ...MODEL_HOST_SOURCES, ...PRESET_SOURCES, ...LOOPBACK_SOURCES, ...(options.extraConnect ?? [])];
  // Vite's dev server pushes hot-reload messages over a WebSocket on this machine.
  if (options.dev) connect.push('ws://localhost:*', 'ws://127.0.0.1:*');
  const directives = [
    "default-src 'self'",
    // Our own scripts only; 'wasm-unsafe-eval' lets the on-device models compile WebAssembly.
    // No 'unsafe-eval', no inline scripts: eval and new Function throw, in the page and in workers.
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')} data: blob:`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ];
  if (!options.meta) directives.push("frame-ancestors 'none'");
  return directives.join('; ');
}

/** Every header the app should be served with, for a server or host that can set them. */
export function securityHeaders(options: { extraConnect?: readonly string[]; dev?: boolean } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...ISOLATION_HEADERS,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** `public/_headers` (Netlify / Cloudflare Pages format): the same headers on every path. */
export function staticHeaderLines(): string {
  const headers = Object.entries(securityHeaders()).map(([name, value]) => `  ${name}: ${value}`);
  return ['# Generated from src/domain/content-security-policy.ts (a unit test keeps them equal).', '/*', ...headers, ''].join('\n');
}

/**
 * The connect-src origin for a host the user configured (remote server, model mirror), or
 * undefined when it is already allowed or not acceptable: only https origins are added
 * (plain http only ever reaches this computer, which the policy allows already). The value
 * is rebuilt from URL parts, so stored text can never add a directive to the header.
 */
export function connectSourceFor(address: string | undefined): string | undefined {
  if (!address) return undefined;
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:') return undefined;
  const origin = `https://${url.host}`;
  return /^https:\/\/[a-z0-9.-]+(:\d+)?$/.test(origin) ? origin : undefined;
}

/** The hosts of stored settings that connect-src must add: the remote server and the model mirror. */
export function configuredConnectSources(settings: { remote?: { baseUrl?: unknown }; modelHost?: unknown } | undefined): string[] {
  const candidates = [settings?.remote?.baseUrl, settings?.modelHost].map((v) => (typeof v === 'string' ? connectSourceFor(v) : undefined));
  const known = new Set([...MODEL_HOST_SOURCES, ...PRESET_SOURCES]);
  return [...new Set(candidates.filter((o): o is string => o !== undefined && !known.has(o)))];
}
