import { describe, expect, it } from 'vitest';
import { engineSummary } from '../../../src/app/engine-summary';
import { defaultSettings } from '../../../src/domain/settings-defaults';
import type { Settings } from '../../../src/domain/records';

function settings(patch: Partial<Settings>): Settings {
  return { ...defaultSettings(), ...patch };
}

describe('engineSummary (the engine line on Home and Setup)', () => {
  it('names a hosted provider by its name and says which host receives the turns', () => {
    const s = engineSummary(settings({ engine: 'remote' }));
    expect(s.status).toBe('Remote: Groq, llama-3.3-70b-versatile');
    expect(s.privacy).toBe('Your interview turns are sent to api.groq.com.');
  });

  it('names a custom server by its address', () => {
    const remote = { ...defaultSettings().remote, presetId: 'custom', baseUrl: 'http://localhost:11434/v1', model: 'llama3.2' };
    expect(engineSummary(settings({ engine: 'remote', remote })).status).toBe('Remote: localhost:11434, llama3.2');
  });

  it('names the model this device would download when none is chosen yet, else asks to set one up', () => {
    const local = settings({ engine: 'local' });
    expect(engineSummary(local).status).toBe('Set up a model');
    expect(engineSummary(local, 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC').status).toBe(
      'Local model: Qwen2.5-1.5B-Instruct-q4f16_1-MLC (recommended for this device; it downloads when you start)',
    );
    expect(engineSummary(settings({ engine: 'local', localModelId: 'Llama-3.2-1B-Instruct-q4f16_1-MLC' }), 'other').status).toBe(
      'Local model: Llama-3.2-1B-Instruct-q4f16_1-MLC',
    );
  });
});
