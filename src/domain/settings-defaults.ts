import type { Settings } from './records';
import { DEFAULT_VOICE_SETTINGS, normalizeVoiceSettings } from './voice/voice-settings';

export function defaultSettings(): Settings {
  return {
    id: 'settings',
    theme: 'system',
    engine: 'local',
    remote: { presetId: 'groq', baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile', acknowledgedHosts: [] },
    voice: structuredClone(DEFAULT_VOICE_SETTINGS),
    savedAnswerThreshold: 0.85,
    remoteTokenBudget: 0,
    embeddingModel: 'Xenova/all-MiniLM-L6-v2',
  };
}

/** Fills fields added in later versions so old stored settings keep working. */
export function withDefaults(stored: Partial<Settings> | undefined): Settings {
  const base = defaultSettings();
  if (!stored) return base;
  return {
    ...base,
    ...stored,
    id: 'settings',
    remote: { ...base.remote, ...stored.remote },
    voice: normalizeVoiceSettings(stored.voice),
  };
}
