/**
 * The logic behind RemoteEngineForm, kept out of the component so it can be unit-tested:
 * what a preset fills in, how the typed key becomes stored settings, and what the form
 * tells the user about where their text goes.
 */
import type { RemoteSettings } from '../../domain/records';
import {
  CUSTOM_PRESET_ID,
  hostOf,
  isLoopbackHost,
  normalizeBaseUrl,
  presetById,
  validateBaseUrl,
  validateRemoteSettings,
  type RemoteSettingsErrors,
} from '../../domain/remote-presets';

export interface RemoteDraft {
  presetId: string;
  baseUrl: string;
  model: string;
  /** What is in the key field; empty means "keep the saved key" unless `keyRemoved`. */
  apiKey: string;
  keyRemoved: boolean;
}

export function draftFrom(value: RemoteSettings): RemoteDraft {
  return { presetId: value.presetId, baseUrl: value.baseUrl, model: value.model, apiKey: value.apiKey ?? '', keyRemoved: false };
}

/** Choosing a provider fills in its address and default model; "Custom" keeps what was typed. */
export function applyPreset(draft: RemoteDraft, presetId: string): RemoteDraft {
  const preset = presetById(presetId);
  if (preset.id === CUSTOM_PRESET_ID) return { ...draft, presetId: preset.id };
  return { ...draft, presetId: preset.id, baseUrl: preset.baseUrl, model: preset.defaultModel };
}

/** Whether the last saved settings hold a key (plain or passphrase-encrypted). */
export function hasSavedKey(value: RemoteSettings): boolean {
  return (value.apiKey ?? '') !== '' || value.encryptedApiKey !== undefined;
}

/**
 * The settings to save. A newly typed key replaces any saved one (including an encrypted
 * one); an empty field keeps the saved key, unless the user removed it.
 */
export function settingsFrom(draft: RemoteDraft, saved: RemoteSettings): RemoteSettings {
  const url = validateBaseUrl(draft.baseUrl);
  const out: RemoteSettings = {
    presetId: draft.presetId,
    baseUrl: url.ok ? url.baseUrl : normalizeBaseUrl(draft.baseUrl),
    model: draft.model.trim(),
    acknowledgedHosts: saved.acknowledgedHosts,
  };
  const typed = draft.apiKey.trim();
  if (typed !== '') out.apiKey = typed;
  else if (!draft.keyRemoved) {
    if (saved.apiKey) out.apiKey = saved.apiKey;
    if (saved.encryptedApiKey) out.encryptedApiKey = saved.encryptedApiKey;
  }
  return out;
}

/** The last saved settings without any key: what "Remove key" stores. */
export function withoutKey(saved: RemoteSettings): RemoteSettings {
  const { apiKey: _plain, encryptedApiKey: _encrypted, ...rest } = saved;
  return rest;
}

export function formErrors(draft: RemoteDraft, saved: RemoteSettings): RemoteSettingsErrors {
  return validateRemoteSettings(settingsFrom(draft, saved));
}

/** The plain sentence under the form: where the interview text will go. */
export function destinationSentence(baseUrl: string): string {
  const url = validateBaseUrl(baseUrl);
  if (!url.ok) return 'Enter a valid base URL to see where your interview text will be sent.';
  const host = hostOf(url.baseUrl);
  if (isLoopbackHost(new URL(url.baseUrl).hostname)) return `Your interview text will be sent to ${host}, a server on this computer.`;
  return `Your interview text will be sent to ${host}.`;
}
