import type { Settings } from '../domain/records';

/** One plain line about which engine answers and where the words go. */
export function engineSummary(settings: Settings): { status: string; privacy: string; actionHref: string; actionLabel: string } {
  if (settings.engine === 'remote') {
    let host = settings.remote.baseUrl;
    try {
      host = new URL(settings.remote.baseUrl).host;
    } catch {
      // keep the raw text; Settings validates it
    }
    return {
      status: `Remote: ${host}, ${settings.remote.model}`,
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
