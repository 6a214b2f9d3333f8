/**
 * The settings a "replace" import writes. A backup is a file anyone can hand over, so it may
 * change the look and the choices of the app, but never where the API key or the interview
 * text go without the user seeing it first:
 *
 * - the API key is this device's and belongs to the server it was saved for: it is carried
 *   over only when the backup's remote server is the same (same origin); otherwise it is
 *   removed, and the preview says so before the user confirms;
 * - hosts the user was told about (`acknowledgedHosts`) are never taken from a file, so the
 *   one-time "your text goes to …" notice still comes before the first request to a new host;
 * - every address passes the same checks as the Settings form (`validateBaseUrl`,
 *   `validateModelHost`); one that fails is not used and this device's stays.
 *
 * Each of these is reported as a `SettingsChange`, which `describe.ts` turns into a sentence
 * of the import preview.
 */
import { validateModelHost } from '../model-host';
import type { RemoteSettings, Settings } from '../records';
import { CUSTOM_PRESET_ID, hostOf, normalizeBaseUrl, presetById, validateBaseUrl } from '../remote-presets';
import { withDefaults } from '../settings-defaults';
import type { BackupSettings } from './schema';

export type SettingsChange =
  /** The remote server differs from this device's; `keyRemoved` when this device's key is dropped rather than sent there. */
  | { kind: 'remote-address'; from: string; to: string; keyRemoved: boolean }
  /** The backup's remote address fails the Settings check; this device's stays. */
  | { kind: 'remote-address-refused'; address: string; reason: string; kept: string }
  /** Interview text will go to a remote host it did not go to before; `askFirst` when the notice will come first. */
  | { kind: 'sends-text-to'; host: string; askFirst: boolean }
  | { kind: 'model-host'; to: string }
  /** The backup's model host fails the Settings check; this device's stays. */
  | { kind: 'model-host-refused'; address: string; reason: string };

export interface ImportedSettings {
  settings: Settings;
  changes: SettingsChange[];
}

function originOf(baseUrl: string): string | null {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return null;
  }
}

function hasKey(remote: RemoteSettings): boolean {
  return (remote.apiKey ?? '') !== '' || remote.encryptedApiKey !== undefined;
}

/** A preset whose fixed address is not the one in use would show the wrong provider in Settings. */
function presetFor(presetId: string, baseUrl: string): string {
  const preset = presetById(presetId);
  if (preset.baseUrl === '' || normalizeBaseUrl(preset.baseUrl) === normalizeBaseUrl(baseUrl)) return preset.id;
  return CUSTOM_PRESET_ID;
}

/** The remote part: address checked, acknowledged hosts and key from this device only. */
function remoteFrom(incoming: RemoteSettings, device: RemoteSettings, changes: SettingsChange[]): RemoteSettings {
  const { apiKey: _plain, encryptedApiKey: _encrypted, acknowledgedHosts: _acknowledged, ...fromFile } = incoming;
  const acknowledgedHosts = [...device.acknowledgedHosts];
  const check = validateBaseUrl(fromFile.baseUrl);
  let remote: RemoteSettings;
  if (check.ok) {
    remote = { ...fromFile, baseUrl: check.baseUrl, presetId: presetFor(fromFile.presetId, check.baseUrl), acknowledgedHosts };
  } else {
    changes.push({ kind: 'remote-address-refused', address: fromFile.baseUrl, reason: check.message, kept: hostOf(device.baseUrl) });
    remote = { ...fromFile, presetId: device.presetId, baseUrl: device.baseUrl, model: device.model, acknowledgedHosts };
  }
  const sameServer = originOf(remote.baseUrl) !== null && originOf(remote.baseUrl) === originOf(device.baseUrl);
  if (sameServer) {
    if (device.apiKey) remote.apiKey = device.apiKey;
    if (device.encryptedApiKey) remote.encryptedApiKey = device.encryptedApiKey;
  } else {
    changes.push({ kind: 'remote-address', from: hostOf(device.baseUrl), to: hostOf(remote.baseUrl), keyRemoved: hasKey(device) });
  }
  return remote;
}

/** Where interview text goes under these settings: a remote origin, or null for on-device engines. */
function textDestination(settings: Settings): string | null {
  return settings.engine === 'remote' ? originOf(settings.remote.baseUrl) : null;
}

function modelHostFrom(next: Settings, device: Settings, changes: SettingsChange[]): void {
  const raw: unknown = next.modelHost;
  if (raw === undefined) return;
  const check = typeof raw === 'string' ? validateModelHost(raw) : ({ ok: false, message: 'It is not an address.' } as const);
  if (!check.ok) {
    changes.push({ kind: 'model-host-refused', address: String(raw), reason: check.message });
    if (device.modelHost) next.modelHost = device.modelHost;
    else delete next.modelHost;
    return;
  }
  if (check.modelHost === undefined) {
    delete next.modelHost;
    return;
  }
  next.modelHost = check.modelHost;
  if (check.modelHost !== device.modelHost) changes.push({ kind: 'model-host', to: hostOf(check.modelHost) });
}

/** The backup's settings, completed with defaults, made safe against this device's (`current`, key included). */
export function settingsFromBackup(incoming: BackupSettings, current: Settings | null): ImportedSettings {
  const device = withDefaults(current ?? undefined);
  const next = withDefaults(structuredClone(incoming) as Partial<Settings>);
  const changes: SettingsChange[] = [];
  next.remote = remoteFrom(next.remote, device.remote, changes);
  modelHostFrom(next, device, changes);

  const destination = textDestination(next);
  if (destination !== null && destination !== textDestination(device)) {
    const host = hostOf(next.remote.baseUrl);
    changes.push({ kind: 'sends-text-to', host, askFirst: !next.remote.acknowledgedHosts.includes(host) });
  }
  return { settings: next, changes };
}
