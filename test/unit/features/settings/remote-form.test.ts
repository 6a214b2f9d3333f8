import { describe, expect, it } from 'vitest';
import type { RemoteSettings } from '../../../../src/domain/records';
import {
  applyPreset,
  destinationSentence,
  draftFrom,
  formErrors,
  hasSavedKey,
  settingsFrom,
  withoutKey,
} from '../../../../src/features/settings/remote-form';

const saved: RemoteSettings = {
  presetId: 'groq',
  baseUrl: 'https://api.groq.com/openai/v1',
  model: 'llama-3.3-70b-versatile',
  apiKey: 'gsk_old',
  acknowledgedHosts: ['api.groq.com'],
};
const encrypted: RemoteSettings = { ...saved, apiKey: undefined, encryptedApiKey: { salt: 's', iv: 'i', data: 'd' } };

describe('applyPreset', () => {
  it('fills in the provider address and default model', () => {
    const draft = applyPreset(draftFrom(saved), 'ollama');
    expect(draft).toMatchObject({ presetId: 'ollama', baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' });
  });
  it('keeps what was typed when switching to Custom', () => {
    const draft = applyPreset({ ...draftFrom(saved), baseUrl: 'https://vllm.example.com/v1', model: 'qwen' }, 'custom');
    expect(draft).toMatchObject({ presetId: 'custom', baseUrl: 'https://vllm.example.com/v1', model: 'qwen' });
  });
});

describe('settingsFrom', () => {
  it('normalizes the URL, trims the model and keeps acknowledged hosts', () => {
    const out = settingsFrom({ ...draftFrom(saved), baseUrl: ' https://api.groq.com/openai/v1/ ', model: ' m ' }, saved);
    expect(out).toEqual({ ...saved, baseUrl: 'https://api.groq.com/openai/v1', model: 'm' });
  });
  it('keeps a saved encrypted key when the field is left empty', () => {
    expect(settingsFrom(draftFrom(encrypted), encrypted).encryptedApiKey).toEqual(encrypted.encryptedApiKey);
  });
  it('replaces any saved key with a newly typed one', () => {
    const out = settingsFrom({ ...draftFrom(encrypted), apiKey: ' gsk_new ' }, encrypted);
    expect(out.apiKey).toBe('gsk_new');
    expect(out.encryptedApiKey).toBeUndefined();
  });
  it('drops the key after Remove key', () => {
    const out = settingsFrom({ ...draftFrom(saved), apiKey: '', keyRemoved: true }, saved);
    expect(out.apiKey).toBeUndefined();
    expect(hasSavedKey(withoutKey(encrypted))).toBe(false);
    expect(hasSavedKey(encrypted)).toBe(true);
  });
});

describe('formErrors', () => {
  it('asks for a key for Groq unless one is saved', () => {
    expect(formErrors({ ...draftFrom(saved), apiKey: '', keyRemoved: true }, saved).apiKey).toMatch(/needs an API key/);
    expect(formErrors(draftFrom(encrypted), encrypted)).toEqual({});
  });
  it('reports an http address on another machine', () => {
    expect(formErrors({ ...draftFrom(saved), presetId: 'custom', baseUrl: 'http://10.0.0.5:8000/v1' }, saved).baseUrl).toMatch(/https/);
  });
});

describe('destinationSentence', () => {
  it('names the host that receives the text', () => {
    expect(destinationSentence('https://api.groq.com/openai/v1')).toBe('Your interview text will be sent to api.groq.com.');
    expect(destinationSentence('http://localhost:11434/v1')).toBe(
      'Your interview text will be sent to localhost:11434, a server on this computer.',
    );
    expect(destinationSentence('nope')).toMatch(/Enter a valid base URL/);
  });
});
