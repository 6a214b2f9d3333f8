/**
 * The model backends the app drives: the chat model on this device (WebLLM in its worker) and
 * the helper models (embeddings, Whisper) of the Models screen.
 */
import type { ChatEngine } from './chat-engine';
import type { ProgressEvent } from './progress';
import type { CatalogModel, DeviceProfile } from '../domain/device-fit';
import type { CachedModelFiles } from '../domain/model-downloads';

/** A loaded model; WebLLMEngine satisfies it. */
export interface LoadedEngine extends ChatEngine {
  unload(): Promise<void>;
  /** Set once the GPU was lost: the engine must be loaded again. */
  readonly lost?: boolean;
}

export interface LoadEngineOptions {
  onProgress: (progress: ProgressEvent) => void;
  signal: AbortSignal;
  /** Load only from the browser cache; fail instead of downloading anything (the warm-up). */
  cacheOnly?: boolean;
}

/** The WebLLM-facing functions (webgpu-detect, webllm-catalog, webllm-engine in the real app). */
export interface LocalModelBackend {
  detectDevice(): Promise<DeviceProfile>;
  loadCatalog(): Promise<CatalogModel[]>;
  hasModelInCache(modelId: string): Promise<boolean>;
  /** `deleteModelAllInfoInCache`: weights, config and wasm of one model. */
  deleteModel(modelId: string): Promise<void>;
  loadEngine(modelId: string, options: LoadEngineOptions): Promise<LoadedEngine>;
}

export interface SupportModelBackend {
  /** Stable while the row means the same thing (e.g. `whisper-en`). */
  key: string;
  modelId: string;
  label: string;
  purpose: string;
  /** The download is complete when every file of one of these sets is cached (one set per way it may load). */
  requiredFiles: readonly (readonly string[])[];
  /** What is cached of the model: bytes and file paths; nothing when not downloaded. */
  cached: () => Promise<CachedModelFiles>;
  prepare: (onProgress: (p: ProgressEvent) => void) => Promise<void>;
  remove: () => Promise<void>;
}

/** The runtime files every helper model needs to run (the ONNX runtime), kept for offline use. */
export interface RuntimeFiles {
  /** Files not cached yet. */
  missing: () => Promise<string[]>;
  /** Downloads and keeps the missing ones. */
  ensure: () => Promise<void>;
}
