/**
 * Whether the chosen engine can run an interview at all, decided before Start creates a
 * session: a fresh install with no usable model must not open an interview that can only fail.
 * Pure: the setup screen passes the settings and what the model manager found on this device.
 */
import type { DeviceProfile } from '../../domain/device-fit';
import type { Settings } from '../../domain/records';
import { presetById } from '../../domain/remote-presets';
import type { PromptApiStatus } from '../../app/model-manager.svelte';

/** What the model manager knows about local engines (after `init()`). */
export interface LocalEngineFacts {
  /** False until device detection has run; local engines are then not judged yet. */
  checked: boolean;
  device: DeviceProfile | null;
  /** The local model that would load: the user's choice, else the recommendation for this device. */
  selectedId: string | undefined;
  promptApi: PromptApiStatus;
}

export type EngineMissingReason =
  'local-unavailable' | 'no-local-model' | 'remote-not-configured' | 'remote-key-missing' | 'prompt-api-unavailable';

export type EngineReadiness =
  | { state: 'ready' }
  /** Local engine chosen, device not checked yet. */
  | { state: 'checking' }
  /** No engine can answer; `detail` says why in plain words. */
  | { state: 'missing'; reason: EngineMissingReason; detail: string };

export function engineReadiness(settings: Settings, local: LocalEngineFacts): EngineReadiness {
  if (settings.engine === 'remote') {
    const { remote } = settings;
    if (!remote.baseUrl.trim() || !remote.model.trim())
      return {
        state: 'missing',
        reason: 'remote-not-configured',
        detail: 'The remote model is not set up yet: it needs a provider and a model name.',
      };
    // Hosted providers refuse every request without a key; a custom server (Ollama, vLLM) may need none.
    const preset = presetById(remote.presetId);
    if (preset.needsKey && !remote.apiKey?.trim() && !remote.encryptedApiKey)
      return {
        state: 'missing',
        reason: 'remote-key-missing',
        detail: `${preset.label} needs an API key. ${preset.help}`,
      };
    return { state: 'ready' };
  }
  if (!local.checked) return { state: 'checking' };
  if (settings.engine === 'prompt-api') {
    return local.promptApi === 'absent' || local.promptApi === 'unavailable'
      ? { state: 'missing', reason: 'prompt-api-unavailable', detail: 'Chrome’s built-in model is not available in this browser.' }
      : { state: 'ready' };
  }
  if (local.device && !local.device.webgpu) {
    return {
      state: 'missing',
      reason: 'local-unavailable',
      detail: local.device.reason ?? 'This browser can’t run AI models on this device.',
    };
  }
  if (!local.selectedId) {
    return {
      state: 'missing',
      reason: 'no-local-model',
      detail: 'No model is chosen yet, and none of the listed models fits this graphics card.',
    };
  }
  // A chosen (or recommended) model that is not downloaded yet is fine: the interview downloads it with progress.
  return { state: 'ready' };
}
