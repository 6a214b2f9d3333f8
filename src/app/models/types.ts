/** The shapes the model manager shares with its adapters, doubles and screens. */
import type { LocalModelBackend } from '../../ports/model-backends';
import type { ProgressEvent } from '../../ports/progress';
import type { DeviceStoragePort } from '../../ports/device-storage';
import type { CatalogModel, ModelFit } from '../../domain/device-fit';
import type { DeviceCheckStore } from './device-check.svelte';

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
