/**
 * Which of our own built files are "runtime": heavy scripts and wasm that are not precached
 * (vite.config.ts `globIgnores`) but cached by the service worker the first time they are
 * used (CacheFirst, `rehearse-runtime`). The ONNX runtime transformers.js loads for the search
 * and speech models is one of them, so "Download for offline use" also makes sure it is there.
 */
import type { DownloadState } from './model-downloads';

export const RUNTIME_CACHE = 'rehearse-runtime';

const RUNTIME_PATH = /\.(wasm|mjs)$|llm\.worker|webllm-lib|ml\.worker|transformers|pdf\.worker/;

/** True for a same-origin path the service worker keeps in the runtime cache on first use. */
export function isRuntimeAssetPath(pathname: string): boolean {
  return RUNTIME_PATH.test(pathname);
}

/**
 * A model's download state once the runtime it needs is known: every model file cached but
 * the runtime missing is only partly downloaded, since offline it could not run.
 */
export function withRuntimeState(state: DownloadState, runtimeMissing: number): DownloadState {
  return state === 'complete' && runtimeMissing > 0 ? 'partial' : state;
}
