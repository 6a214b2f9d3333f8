import type { VoiceSettings } from '../records';
import { DEFAULT_FILLER_WORDS } from './fillers';
import { DEFAULT_WHISPER_MODEL } from './whisper-models';

/** Defaults for a new install: replies are read aloud only when the user switches it on; the mic never opens on its own. */
export const DEFAULT_VOICE_SETTINGS: VoiceSettings = {
  speakReplies: false,
  rate: 1,
  silenceSeconds: 2.5,
  maxRecordingSeconds: 180,
  handsFree: false,
  whisperModel: DEFAULT_WHISPER_MODEL,
  fillerWords: [...DEFAULT_FILLER_WORDS],
};

export const VOICE_LIMITS = {
  rate: { min: 0.5, max: 2, step: 0.1 },
  silenceSeconds: { min: 1, max: 8, step: 0.5 },
  maxRecordingSeconds: { min: 30, max: 600, step: 30 },
} as const;

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/** Repairs a stored or imported value: missing fields get defaults, numbers are kept in range. */
export function normalizeVoiceSettings(value: Partial<VoiceSettings> | undefined): VoiceSettings {
  const v = { ...DEFAULT_VOICE_SETTINGS, ...(value ?? {}) };
  const out: VoiceSettings = {
    speakReplies: Boolean(v.speakReplies),
    rate: clamp(v.rate, VOICE_LIMITS.rate.min, VOICE_LIMITS.rate.max, DEFAULT_VOICE_SETTINGS.rate),
    silenceSeconds: clamp(
      v.silenceSeconds,
      VOICE_LIMITS.silenceSeconds.min,
      VOICE_LIMITS.silenceSeconds.max,
      DEFAULT_VOICE_SETTINGS.silenceSeconds,
    ),
    maxRecordingSeconds: clamp(
      v.maxRecordingSeconds,
      VOICE_LIMITS.maxRecordingSeconds.min,
      VOICE_LIMITS.maxRecordingSeconds.max,
      DEFAULT_VOICE_SETTINGS.maxRecordingSeconds,
    ),
    handsFree: Boolean(v.handsFree),
    whisperModel: typeof v.whisperModel === 'string' && v.whisperModel ? v.whisperModel : DEFAULT_WHISPER_MODEL,
    fillerWords: Array.isArray(v.fillerWords) ? v.fillerWords.filter((w): w is string => typeof w === 'string') : [...DEFAULT_FILLER_WORDS],
  };
  if (typeof v.voiceId === 'string' && v.voiceId) out.voiceId = v.voiceId;
  return out;
}
