import type { Settings } from './records';

/** Filler words counted in spoken answers; multi-word fillers are matched as phrases. */
export const DEFAULT_FILLERS = [
  'um',
  'uh',
  'erm',
  'like',
  'you know',
  'kind of',
  'sort of',
  'basically',
  'actually',
  'literally',
  'i mean',
  'so',
];

export function defaultSettings(): Settings {
  return {
    id: 'settings',
    theme: 'system',
    engine: 'local',
    remote: { presetId: 'groq', baseUrl: 'https://api.groq.com/openai/v1', model: 'llama-3.3-70b-versatile', acknowledgedHosts: [] },
    voice: {
      speakReplies: false,
      rate: 1,
      silenceSeconds: 2.5,
      maxRecordingSeconds: 180,
      handsFree: false,
      whisperModel: 'onnx-community/whisper-base_timestamped',
      fillerWords: [...DEFAULT_FILLERS],
    },
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
    voice: { ...base.voice, ...stored.voice },
  };
}
