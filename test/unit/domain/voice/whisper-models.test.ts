import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WHISPER_MODEL,
  WHISPER_FILE_SETS,
  speechModelRows,
  whisperFilesFor,
  whisperModelFor,
} from '../../../../src/domain/voice/whisper-models';
import { dtypeFor } from '../../../../src/adapters/ml/transcription-handlers';
import { DEFAULT_VOICE_SETTINGS, normalizeVoiceSettings } from '../../../../src/domain/voice/voice-settings';

describe('whisperModelFor', () => {
  it('uses the English-only model only for English interviews', () => {
    expect(whisperModelFor(DEFAULT_WHISPER_MODEL, 'en')).toBe('onnx-community/whisper-base.en_timestamped');
    expect(whisperModelFor(DEFAULT_WHISPER_MODEL, 'en-GB')).toBe('onnx-community/whisper-base.en_timestamped');
    expect(whisperModelFor(DEFAULT_WHISPER_MODEL, 'de')).toBe('onnx-community/whisper-base_timestamped');
    expect(whisperModelFor('onnx-community/whisper-tiny.en_timestamped', 'fr')).toBe('onnx-community/whisper-tiny_timestamped');
  });
  it('passes custom model ids through', () => {
    expect(whisperModelFor('local/tiny-whisper', 'en')).toBe('local/tiny-whisper');
  });
});

describe('speechModelRows', () => {
  it('offers the English-only model for English interviews and the multilingual one for the rest', () => {
    expect(speechModelRows(DEFAULT_WHISPER_MODEL).map((r) => [r.key, r.modelId, r.label, r.prepareLanguage])).toEqual([
      ['whisper-en', 'onnx-community/whisper-base.en_timestamped', 'Speech model for English interviews', 'en'],
      ['whisper-other', 'onnx-community/whisper-base_timestamped', 'Speech model for other languages', 'und'],
    ]);
    expect(speechModelRows('onnx-community/whisper-tiny.en_timestamped').map((r) => r.modelId)).toEqual([
      'onnx-community/whisper-tiny.en_timestamped',
      'onnx-community/whisper-tiny_timestamped',
    ]);
  });
  it('each row prepares the model the transcriber loads for its languages', () => {
    for (const row of speechModelRows(DEFAULT_WHISPER_MODEL)) {
      expect(whisperModelFor(DEFAULT_WHISPER_MODEL, row.prepareLanguage)).toBe(row.modelId);
    }
    const other = speechModelRows(DEFAULT_WHISPER_MODEL)[1]!;
    for (const language of ['de', 'es', 'fr', 'ja']) expect(whisperModelFor(DEFAULT_WHISPER_MODEL, language)).toBe(other.modelId);
  });
  it('a custom model serves every language: one row', () => {
    expect(speechModelRows('me/my-whisper')).toEqual([
      expect.objectContaining({ key: 'whisper', modelId: 'me/my-whisper', label: 'Speech model' }),
    ]);
  });
});

describe('Whisper files for offline use', () => {
  it('names the weights transformers.js loads for a dtype', () => {
    expect(whisperFilesFor('q8')).toContain('onnx/encoder_model_quantized.onnx');
    expect(whisperFilesFor('q8')).toContain('onnx/decoder_model_merged_quantized.onnx');
    const gpu = whisperFilesFor({ encoder_model: 'fp32', decoder_model_merged: 'q4' });
    expect(gpu).toContain('onnx/encoder_model.onnx');
    expect(gpu).toContain('onnx/decoder_model_merged_q4.onnx');
    expect(gpu).toContain('config.json');
  });
  it('has one set per device, with the dtypes the transcriber really uses', () => {
    expect(WHISPER_FILE_SETS).toEqual((['webgpu', 'wasm', 'cpu'] as const).map((device) => whisperFilesFor(dtypeFor(device))));
  });
});

describe('normalizeVoiceSettings', () => {
  it('fills defaults and clamps numbers', () => {
    expect(normalizeVoiceSettings(undefined)).toEqual(DEFAULT_VOICE_SETTINGS);
    const v = normalizeVoiceSettings({ rate: 9, silenceSeconds: Number.NaN, voiceId: 'x' });
    expect(v.rate).toBe(2);
    expect(v.silenceSeconds).toBe(2.5);
    expect(v.voiceId).toBe('x');
  });
});
