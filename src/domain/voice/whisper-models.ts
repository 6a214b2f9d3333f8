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

/** transformers.js file-name suffix of each dtype (`onnx/<name><suffix>.onnx`). */
const DTYPE_SUFFIX: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/** The files a Whisper model loads with a dtype (one for both parts, or per part as transformers.js takes it). */
export function whisperFilesFor(dtype: string | Readonly<Record<string, string>>): string[] {
  const weights = (part: string) => {
    const d = typeof dtype === 'string' ? dtype : (dtype[part] ?? 'fp32');
    return `onnx/${part}${DTYPE_SUFFIX[d] ?? `_${d}`}.onnx`;
  };
  return [
    'config.json',
    'generation_config.json',
    'preprocessor_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    weights('encoder_model'),
    weights('decoder_model_merged'),
  ];
}

/**
 * The dtypes the transcriber loads Whisper with, per device (the same as `dtypeFor` in
 * src/adapters/ml/transcription-handlers.ts; a unit test keeps them equal): WebGPU, WASM, CPU.
 */
const WHISPER_DTYPES: readonly (string | Readonly<Record<string, string>>)[] = [
  { encoder_model: 'fp32', decoder_model_merged: 'q4' },
  'q8',
  'fp32',
];

/** A Whisper model is ready offline when every file of one of these sets is cached. */
export const WHISPER_FILE_SETS: readonly (readonly string[])[] = WHISPER_DTYPES.map(whisperFilesFor);

/**
 * One speech model the Models screen offers to download. Two rows for the models we know:
 * English interviews use the English-only sibling, every other language the multilingual
 * model — different downloads. Two named rows rather than one that follows the last chosen
 * interview language: the user sees both at once, knows which one their interviews need
 * without remembering a setting made elsewhere, and nothing changes under them when they
 * switch language. A custom model id serves every language, so it gets a single row.
 */
export interface SpeechModelRow {
  key: 'whisper-en' | 'whisper-other' | 'whisper';
  modelId: string;
  label: string;
  purpose: string;
  /** The interview language to prepare it for (`und`, "undetermined": any language but English). */
  prepareLanguage: string;
}

export function speechModelRows(settingId: string): SpeechModelRow[] {
  const english = whisperModelFor(settingId, 'en');
  const other = whisperModelFor(settingId, 'und');
  if (english === other) {
    return [
      {
        key: 'whisper',
        modelId: english,
        label: 'Speech model',
        purpose: 'Turns your spoken answers into text, on this device, in every interview language.',
        prepareLanguage: 'en',
      },
    ];
  }
  return [
    {
      key: 'whisper-en',
      modelId: english,
      label: 'Speech model for English interviews',
      purpose: 'Turns your spoken answers into text, on this device, when the interview is in English.',
      prepareLanguage: 'en',
    },
    {
      key: 'whisper-other',
      modelId: other,
      label: 'Speech model for other languages',
      purpose: 'Turns your spoken answers into text, on this device, when the interview is in any other language.',
      prepareLanguage: 'und',
    },
  ];
}
