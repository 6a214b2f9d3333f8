import { describe, expect, it } from 'vitest';
import { MODEL_HOST_RULE, validateModelHost } from '../../../src/domain/model-host';

describe('validateModelHost (the Settings field and an imported backup both use it)', () => {
  it('empty means the Hugging Face hub', () => {
    expect(validateModelHost('  ')).toEqual({ ok: true, modelHost: undefined });
  });

  it('takes https anywhere and http only on this computer, without trailing slashes', () => {
    expect(validateModelHost(' https://mirror.example.org/hub/ ')).toEqual({ ok: true, modelHost: 'https://mirror.example.org/hub' });
    expect(validateModelHost('http://localhost:8080/')).toEqual({ ok: true, modelHost: 'http://localhost:8080' });
    expect(validateModelHost('http://127.0.0.1:9000')).toEqual({ ok: true, modelHost: 'http://127.0.0.1:9000' });
  });

  it('refuses plain http to another machine, other schemes, credentials and non-addresses', () => {
    for (const raw of [
      'http://192.168.1.20:8000',
      'http://evil.example',
      'ftp://mirror.example.org',
      'javascript:alert(1)',
      'https://u:p@mirror.example.org',
      'mirror',
    ]) {
      expect(validateModelHost(raw), raw).toEqual({ ok: false, message: MODEL_HOST_RULE });
    }
  });
});
