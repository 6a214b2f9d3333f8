/**
 * The Whisper models Rehearse offers. Only the `_timestamped` exports carry the
 * cross-attention outputs needed for word timestamps (and so for delivery metrics).
 * English-only (`.en`) variants are a little more accurate for English and are used
 * only when the interview language is English.
 */

export interface WhisperModelOption {
  /** Multilingual model id; the setting stores this. */
  id: string;
  label: string;
  description: string;
  /** English-only sibling, used automatically for English interviews. */
  englishId?: string;
}

export const WHISPER_MODELS: readonly WhisperModelOption[] = [
  {
    id: 'onnx-community/whisper-base_timestamped',
    englishId: 'onnx-community/whisper-base.en_timestamped',
    label: 'Whisper Base',
    description: 'More accurate. About 80 MB to download once.',
  },
  {
    id: 'onnx-community/whisper-tiny_timestamped',
    englishId: 'onnx-community/whisper-tiny.en_timestamped',
    label: 'Whisper Tiny',
    description: 'Faster on slow devices, less accurate. About 40 MB.',
  },
];

export const DEFAULT_WHISPER_MODEL = WHISPER_MODELS[0]!.id;

/** The model id to load for an interview language; unknown (custom) ids are used as they are. */
export function whisperModelFor(settingId: string, language: string): string {
  const option = WHISPER_MODELS.find((m) => m.id === settingId || m.englishId === settingId);
  if (!option) return settingId;
  const english = language.toLowerCase().split('-')[0] === 'en';
  return english && option.englishId ? option.englishId : option.id;
}
