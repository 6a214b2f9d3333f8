/** The shapes the model manager shares with its adapters, doubles and screens. */
import type { ChatEngine } from '../../ports/chat-engine';
import type { DeviceStoragePort } from '../../ports/device-storage';
import type { ProgressEvent } from '../../workers/protocol';
import type { CatalogModel, DeviceProfile, ModelFit } from '../../domain/device-fit';
import type { DeviceCheckStore } from './device-check.svelte';

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

/** Where the chosen model id is remembered (the settings record in the real app). */
export interface ModelSelectionStore {
  get(): string | undefined;
  set(modelId: string): Promise<void>;
}

export type PromptApiStatus = 'absent' | 'unavailable' | 'downloadable' | 'downloading' | 'available';

export interface ModelManagerDeps {
  backend: LocalModelBackend;
  storage?: Pick<DeviceStoragePort, 'estimate' | 'persisted' | 'persist'>;
  selection?: ModelSelectionStore;
  /** Chrome's built-in model, shown as a further local option when present. */
  promptApiAvailability?: () => Promise<PromptApiStatus>;
  /** Where device-check results are kept (Settings.deviceChecks in the real app). */
  deviceChecks?: DeviceCheckStore | undefined;
  now?: () => number;
}

export interface ModelEntry {
  model: CatalogModel;
  fit: ModelFit;
  /** undefined while not yet checked. */
  cached: boolean | undefined;
}

export interface TransferView {
  modelId: string;
  phase: ProgressEvent['phase'];
  label: string;
  fraction?: number;
  loadedBytes?: number;
  totalBytes?: number;
  bytesPerSecond?: number;
  secondsLeft?: number;
}

export type EngineState = 'none' | 'loading' | 'ready';
