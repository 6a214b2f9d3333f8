import { describe, expect, it } from 'vitest';
import { engineReadiness, type LocalEngineFacts } from '../../../../src/features/setup/engine-readiness';
import { defaultSettings } from '../../../../src/domain/settings-defaults';
import type { DeviceProfile } from '../../../../src/domain/device-fit';
import type { Settings } from '../../../../src/domain/records';

const gpu: DeviceProfile = { webgpu: true, gpuClass: 'integrated', shaderF16: true };
const noAdapter: DeviceProfile = {
  webgpu: false,
  gpuClass: 'unknown',
  shaderF16: false,
  reason: 'This browser can’t use your graphics card for AI models.',
};
const facts = (over: Partial<LocalEngineFacts> = {}): LocalEngineFacts => ({
  checked: true,
  device: gpu,
  selectedId: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
  promptApi: 'absent',
  ...over,
});
const settings = (over: Partial<Settings> = {}): Settings => ({ ...defaultSettings(), ...over });

describe('engineReadiness', () => {
  it('a fresh install on a browser without a graphics adapter has no engine, and says why', () => {
    const r = engineReadiness(settings(), facts({ device: noAdapter, selectedId: undefined }));
    expect(r).toEqual({ state: 'missing', reason: 'local-unavailable', detail: noAdapter.reason });
  });

  it('a model chosen earlier does not help when this browser has no WebGPU', () => {
    const r = engineReadiness(settings({ localModelId: 'Qwen3-1.7B-q4f32_1-MLC' }), facts({ device: noAdapter }));
    expect(r).toMatchObject({ state: 'missing', reason: 'local-unavailable' });
  });

  it('WebGPU without any model that fits and none chosen has no engine', () => {
    const r = engineReadiness(settings(), facts({ selectedId: undefined }));
    expect(r).toMatchObject({ state: 'missing', reason: 'no-local-model' });
    expect(r.state === 'missing' && r.detail).toMatch(/No model is chosen yet/);
  });

  it('a chosen or recommended local model is ready, downloaded or not (the interview downloads it)', () => {
    expect(engineReadiness(settings(), facts())).toEqual({ state: 'ready' });
  });

  it('local engines are not judged before the device was checked', () => {
    expect(engineReadiness(settings(), facts({ checked: false, device: null, selectedId: undefined }))).toEqual({ state: 'checking' });
    expect(engineReadiness(settings({ engine: 'prompt-api' }), facts({ checked: false }))).toEqual({ state: 'checking' });
  });

  it('a remote engine needs an address and a model, and nothing from the device', () => {
    const remote = defaultSettings().remote;
    const unchecked = facts({ checked: false, device: null, selectedId: undefined });
    const withKey = { ...remote, apiKey: 'gsk-test' };
    expect(engineReadiness(settings({ engine: 'remote', remote: withKey }), unchecked)).toEqual({ state: 'ready' });
    expect(engineReadiness(settings({ engine: 'remote', remote: { ...remote, baseUrl: ' ' } }), unchecked)).toMatchObject({
      state: 'missing',
      reason: 'remote-not-configured',
    });
    expect(engineReadiness(settings({ engine: 'remote', remote: { ...remote, model: '' } }), unchecked)).toMatchObject({
      state: 'missing',
      reason: 'remote-not-configured',
    });
  });

  it('a hosted provider needs an API key (plain or locked with a passphrase); a custom server may do without', () => {
    const remote = defaultSettings().remote; // Groq, no key yet
    const unchecked = facts({ checked: false, device: null, selectedId: undefined });
    const missing = engineReadiness(settings({ engine: 'remote', remote }), unchecked);
    expect(missing).toMatchObject({ state: 'missing', reason: 'remote-key-missing' });
    expect(missing.state === 'missing' && missing.detail).toContain('Groq needs an API key.');
    expect(engineReadiness(settings({ engine: 'remote', remote: { ...remote, apiKey: '  ' } }), unchecked)).toMatchObject({
      reason: 'remote-key-missing',
    });
    const locked = { ...remote, encryptedApiKey: { salt: 's', iv: 'i', data: 'd' } };
    expect(engineReadiness(settings({ engine: 'remote', remote: locked }), unchecked)).toEqual({ state: 'ready' });
    const ollama = { ...remote, presetId: 'custom', baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' };
    expect(engineReadiness(settings({ engine: 'remote', remote: ollama }), unchecked)).toEqual({ state: 'ready' });
  });

  it('Chrome’s built-in model is ready unless the browser lacks it', () => {
    const prompt = settings({ engine: 'prompt-api' });
    expect(engineReadiness(prompt, facts({ promptApi: 'absent' }))).toMatchObject({ state: 'missing', reason: 'prompt-api-unavailable' });
    expect(engineReadiness(prompt, facts({ promptApi: 'unavailable' }))).toMatchObject({ state: 'missing' });
    expect(engineReadiness(prompt, facts({ promptApi: 'downloadable', device: noAdapter }))).toEqual({ state: 'ready' });
    expect(engineReadiness(prompt, facts({ promptApi: 'available' }))).toEqual({ state: 'ready' });
  });
});
