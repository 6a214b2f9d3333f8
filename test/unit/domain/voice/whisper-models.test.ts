import { describe, expect, it } from 'vitest';
import { DEFAULT_WHISPER_MODEL, whisperModelFor } from '../../../../src/domain/voice/whisper-models';
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

describe('normalizeVoiceSettings', () => {
  it('fills defaults and clamps numbers', () => {
    expect(normalizeVoiceSettings(undefined)).toEqual(DEFAULT_VOICE_SETTINGS);
    const v = normalizeVoiceSettings({ rate: 9, silenceSeconds: Number.NaN, voiceId: 'x' });
    expect(v.rate).toBe(2);
    expect(v.silenceSeconds).toBe(2.5);
    expect(v.voiceId).toBe('x');
  });
});
