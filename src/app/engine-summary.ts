import type { Settings } from '../domain/records';
import { CUSTOM_PRESET_ID, presetById } from '../domain/remote-presets';

/**
 * One plain line about which engine answers and where the words go.
 * `recommendedModelId`: the local model this device would load when none is chosen yet (known
 * once the Models check ran); the summary then names it instead of "Set up a model".
 */
export function engineSummary(
  settings: Settings,
  recommendedModelId?: string,
): { status: string; privacy: string; actionHref: string; actionLabel: string } {
  if (settings.engine === 'remote') {
    let host = settings.remote.baseUrl;
    try {
      host = new URL(settings.remote.baseUrl).host;
    } catch {
      // keep the raw text; Settings validates it
    }
    // A provider by its name ("Groq"); a custom server by its address.
    const preset = presetById(settings.remote.presetId);
    const who = preset.id === CUSTOM_PRESET_ID ? host : preset.label;
    return {
      status: `Remote: ${who}, ${settings.remote.model}`,
      privacy: `Your interview turns are sent to ${host}.`,
      actionHref: '#/settings',
      actionLabel: 'Change engine',
    };
  }
  if (settings.engine === 'prompt-api') {
    return {
      status: 'Local: Chrome’s built-in model',
      privacy: 'Stays on this device.',
      actionHref: '#/settings',
      actionLabel: 'Change engine',
    };
  }
  if (!settings.localModelId && recommendedModelId)
    return {
      status: `Local model: ${recommendedModelId} (recommended for this device; it downloads when you start)`,
      privacy: 'Stays on this device; works offline once downloaded.',
      actionHref: '#/models',
      actionLabel: 'Manage models',
    };
  return settings.localModelId
    ? {
        status: `Local model: ${settings.localModelId}`,
        privacy: 'Stays on this device; works offline once downloaded.',
        actionHref: '#/models',
        actionLabel: 'Manage models',
      }
    : {
        status: 'Set up a model',
        privacy: 'Download a model that runs on this device, or choose a remote model.',
        actionHref: '#/models',
        actionLabel: 'Choose a model',
      };
}
