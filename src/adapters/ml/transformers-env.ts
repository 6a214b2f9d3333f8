/**
 * Configures transformers.js inside the ML worker before the first pipeline is created:
 * the ONNX runtime's .wasm/.mjs come from OUR origin (Vite emits them as hashed assets;
 * transformers.js would otherwise point at a CDN), models come from the configured mirror
 * (default: the Hugging Face hub), never from local paths, and downloads are kept in the
 * browser's Cache Storage so the app works offline afterwards.
 */
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.mjs?url';
import type { Handlers } from '../../workers/protocol';
import { TRANSFORMERS_CACHE } from './model-cache';

export const DEFAULT_MODEL_HOST = 'https://huggingface.co/';
/** Cache Storage bucket transformers.js keeps model files and the ORT wasm in (its default). */
export { TRANSFORMERS_CACHE };

export interface MlConfig {
  /** Model mirror base URL; files are fetched from `<host>/<model>/resolve/main/<file>`. */
  remoteHost?: string;
}

export type MlConfigApi = {
  configure: (params: MlConfig) => { remoteHost: string };
};

/** The slice of transformers.js `env` we set (typed loosely: its d.ts marks some fields readonly). */
export interface TransformersEnvLike {
  allowLocalModels: boolean;
  allowRemoteModels: boolean;
  remoteHost: string;
  useBrowserCache: boolean;
  useWasmCache?: boolean;
  cacheKey?: string;
  fetch?: FetchLike;
  backends: { onnx: { wasm?: { wasmPaths?: unknown; proxy?: boolean; numThreads?: number } } };
}

/** Normalises a mirror URL: absolute http(s), ending with one slash. */
export function normalizeHost(host: string | undefined): string {
  const value = (host ?? '').trim();
  if (value === '') return DEFAULT_MODEL_HOST;
  const url = new URL(value, typeof location === 'undefined' ? undefined : location.href);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`Unsupported model mirror: ${value}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

export function applyMlConfig(
  env: TransformersEnvLike,
  config: MlConfig,
  assets = { wasm: ortWasmUrl, mjs: ortMjsUrl },
): { remoteHost: string } {
  env.allowLocalModels = false;
  env.allowRemoteModels = true;
  env.remoteHost = normalizeHost(config.remoteHost);
  env.useBrowserCache = typeof caches !== 'undefined';
  env.cacheKey = TRANSFORMERS_CACHE;
  // The service worker already keeps our same-origin .wasm/.mjs (CacheFirst, vite.config.ts);
  // letting transformers.js cache them too would store the 27 MB runtime twice.
  env.useWasmCache = false;
  baseFetch ??= env.fetch ?? ((input, init) => fetch(input, init));
  env.fetch = guardModelFetch(baseFetch);
  const wasm = (env.backends.onnx.wasm ??= {});
  // Object form: transformers.js pre-fetches both into its cache (offline), and ORT never guesses a CDN URL.
  wasm.wasmPaths = { wasm: absolute(assets.wasm), mjs: absolute(assets.mjs) };
  // We are already in a worker; ORT's own proxy worker would be a second one.
  wasm.proxy = false;
  wasm.numThreads = wasmThreads(globalThis.crossOriginIsolated === true, globalThis.navigator?.hardwareConcurrency);
  return { remoteHost: env.remoteHost };
}

let baseFetch: FetchLike | undefined;

/** ORT never uses more; beyond this the threads mostly wait on memory. */
const MAX_WASM_THREADS = 8;

/**
 * Threads for onnxruntime-web's WASM backend (the CPU path, without WebGPU). Threads need
 * SharedArrayBuffer, which only a cross-origin isolated page has (COOP + COEP, see
 * vite.config.ts and src/sw.ts); without it ORT must run one. ORT's own default is half the
 * cores, one on a 2-core laptop, so ask for every core: the page is idle while a model runs.
 */
export function wasmThreads(isolated: boolean, cores: number | undefined): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(cores ?? 1)));
}

function absolute(url: string): string {
  return typeof location === 'undefined' ? url : new URL(url, location.href).href;
}

let configured: Promise<{ remoteHost: string }> | undefined;

/** Configures the worker's transformers.js once with defaults; `configure` calls replace them. */
export function ensureConfigured(config: MlConfig = {}): Promise<{ remoteHost: string }> {
  configured ??= configureNow(config);
  return configured;
}

async function configureNow(config: MlConfig): Promise<{ remoteHost: string }> {
  const { env } = await import('@huggingface/transformers');
  return applyMlConfig(env as unknown as TransformersEnvLike, config);
}

export const configHandlers: Handlers<MlConfigApi> = {
  configure: (params) => {
    configured = configureNow(params);
    return configured;
  },
};

export type ComputeDevice = 'webgpu' | 'wasm' | 'cpu';

/** WebGPU when an adapter is there, WASM otherwise; 'cpu' (onnxruntime-node) outside a browser. */
export async function detectDevice(): Promise<ComputeDevice> {
  const inBrowser = typeof self !== 'undefined' || typeof window !== 'undefined';
  if (!inBrowser) return 'cpu';
  const gpu = (globalThis.navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return 'wasm';
  try {
    return (await gpu.requestAdapter()) ? 'webgpu' : 'wasm';
  } catch {
    return 'wasm';
  }
}

type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Wraps fetch so that a model file answered with an HTML page (a mirror's or dev server's
 * SPA fallback, a captive portal) fails at once with a clear reason, before transformers.js
 * could cache it or try to parse it as JSON/ONNX.
 */
export function guardModelFetch(inner: FetchLike): FetchLike {
  return async (input, init) => {
    const response = await inner(input, init);
    const url = typeof input === 'string' ? input : input.href;
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && /text\/html/i.test(type) && !/\.html?(\?|$)/i.test(url)) {
      void response.body?.cancel();
      throw new TypeError(`The model host answered ${url} with an HTML page instead of the model file.`);
    }
    return response;
  };
}
