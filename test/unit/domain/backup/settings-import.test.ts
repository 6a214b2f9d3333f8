/**
 * A backup's settings can never redirect this device's API key or interview text unseen
 * (issue 15, hole 1): the key stays only for the same server, acknowledged hosts never come
 * from a file, and every address passes the Settings form's own checks.
 */
import { describe, expect, it } from 'vitest';
import { buildBackup } from '../../../../src/domain/backup/export';
import { describeImport } from '../../../../src/domain/backup/describe';
import { parseBackup } from '../../../../src/domain/backup/parse';
import { planImport } from '../../../../src/domain/backup/plan';
import { settingsFromBackup } from '../../../../src/domain/backup/settings-import';
import type { BackupSettings } from '../../../../src/domain/backup/schema';
import type { Settings } from '../../../../src/domain/records';
import { defaultSettings } from '../../../../src/domain/settings-defaults';
import { SECRET_KEY, sampleStored, settingsWithKey } from './sample-data';

/** What an attacker hands over: the victim's usual settings, pointed at their own server. */
function hostileSettings(edit: (s: Settings) => void): BackupSettings {
  const s = defaultSettings();
  s.engine = 'remote';
  s.remote.presetId = 'groq';
  s.remote.baseUrl = 'https://evil.example/v1';
  s.remote.acknowledgedHosts = ['evil.example', 'api.groq.com'];
  edit(s);
  return s;
}

/** The way the file really arrives: serialized, then parsed and checked like any import. */
function throughTheFile(settings: BackupSettings) {
  const stored = { ...sampleStored(), settings: settings as Settings };
  const text = JSON.stringify(buildBackup(stored, { appVersion: 'x', exportedAt: 1 }));
  return parseBackup(text).data;
}

describe('settingsFromBackup: where the key and the interview text go', () => {
  it('a backup pointing the remote engine at another host drops the key instead of sending it there', () => {
    const backup = throughTheFile(hostileSettings(() => undefined));
    const plan = planImport(backup, sampleStored(), 'replace');
    const remote = plan.settings!.remote;
    expect(remote.baseUrl).toBe('https://evil.example/v1');
    expect(remote).not.toHaveProperty('apiKey');
    expect(remote).not.toHaveProperty('encryptedApiKey');
    expect(JSON.stringify(plan.settings)).not.toContain(SECRET_KEY);
    // A preset name must not dress up a foreign address.
    expect(remote.presetId).toBe('custom');
    expect(plan.counts.settingsChanges).toContainEqual({
      kind: 'remote-address',
      from: 'api.groq.com',
      to: 'evil.example',
      keyRemoved: true,
    });
  });

  it('never imports acknowledged hosts: the notice comes before the first request to the new host', () => {
    const backup = throughTheFile(hostileSettings(() => undefined));
    const plan = planImport(backup, sampleStored(), 'replace');
    expect(plan.settings!.remote.acknowledgedHosts).toEqual(['api.groq.com']);
    expect(plan.counts.settingsChanges).toContainEqual({ kind: 'sends-text-to', host: 'evil.example', askFirst: true });

    const fresh = planImport(backup, { ...sampleStored(), settings: null }, 'replace');
    expect(fresh.settings!.remote.acknowledgedHosts).toEqual([]);
  });

  it('keeps the key when the backup uses the same server (same origin, any path or trailing slash)', () => {
    const backup = throughTheFile(
      hostileSettings((s) => {
        s.remote.baseUrl = 'https://api.groq.com/openai/v1/';
        s.theme = 'light';
      }),
    );
    const plan = planImport(backup, sampleStored(), 'replace');
    expect(plan.settings!.theme).toBe('light');
    expect(plan.settings!.remote.apiKey).toBe(SECRET_KEY);
    expect(plan.settings!.remote.encryptedApiKey?.data).toBe(`enc-${SECRET_KEY}`);
    expect(plan.settings!.remote.presetId).toBe('groq');
    expect(plan.counts.settingsChanges).toEqual([]);
  });

  it('refuses a remote address the Settings form refuses (plain http to another machine, a password in it), keeping this device’s', () => {
    for (const address of ['http://192.168.1.20:8000/v1', 'https://user:pw@evil.example/v1', 'ftp://evil.example/v1', 'not a url']) {
      const backup = throughTheFile(hostileSettings((s) => (s.remote.baseUrl = address)));
      const plan = planImport(backup, sampleStored(), 'replace');
      expect(plan.settings!.remote.baseUrl, address).toBe('https://api.groq.com/openai/v1');
      expect(plan.settings!.remote.apiKey, address).toBe(SECRET_KEY);
      expect(plan.counts.settingsChanges[0], address).toMatchObject({ kind: 'remote-address-refused', address, kept: 'api.groq.com' });
    }
  });

  it('says when interview text would start leaving a device that used an on-device model', () => {
    const device = { ...sampleStored(), settings: { ...settingsWithKey(), engine: 'local' as const } };
    const backup = throughTheFile(hostileSettings((s) => (s.remote.baseUrl = 'https://api.groq.com/openai/v1')));
    const plan = planImport(backup, device, 'replace');
    // The same server: the key stays; it was acknowledged on this device before, so no second notice.
    expect(plan.settings!.remote.apiKey).toBe(SECRET_KEY);
    expect(plan.counts.settingsChanges).toEqual([{ kind: 'sends-text-to', host: 'api.groq.com', askFirst: false }]);
  });
});

describe('settingsFromBackup: the model host', () => {
  it('refuses a plain-http model host on another machine, as the Settings field does', () => {
    const backup = throughTheFile(hostileSettings((s) => (s.modelHost = 'http://evil.example/hub')));
    const device = { ...sampleStored(), settings: { ...settingsWithKey(), modelHost: 'https://mirror.example.org' } };
    const plan = planImport(backup, device, 'replace');
    expect(plan.settings!.modelHost).toBe('https://mirror.example.org');
    expect(plan.counts.settingsChanges).toContainEqual(
      expect.objectContaining({ kind: 'model-host-refused', address: 'http://evil.example/hub' }),
    );
    const none = planImport(backup, sampleStored(), 'replace');
    expect(none.settings).not.toHaveProperty('modelHost');
  });

  it('takes an https mirror or a local one, and names it', () => {
    for (const [host, shown] of [
      ['https://mirror.example.org/', 'mirror.example.org'],
      ['http://127.0.0.1:8080', '127.0.0.1:8080'],
    ] as const) {
      const plan = planImport(throughTheFile(hostileSettings((s) => (s.modelHost = host))), sampleStored(), 'replace');
      expect(plan.settings!.modelHost).toBe(host.replace(/\/$/, ''));
      expect(plan.counts.settingsChanges).toContainEqual({ kind: 'model-host', to: shown });
    }
  });

  it('a model host that is not text makes the file damaged', () => {
    const stored = { ...sampleStored(), settings: { ...defaultSettings(), modelHost: 42 as unknown as string } };
    const text = JSON.stringify(buildBackup(stored, { appVersion: 'x', exportedAt: 1 }));
    expect(() => parseBackup(text)).toThrow(/settings part is damaged/);
  });

  it('is used as it is by settingsFromBackup when called directly with a device that never saved settings', () => {
    const { settings, changes } = settingsFromBackup({ ...defaultSettings(), modelHost: 'ftp://x' } as BackupSettings, null);
    expect(settings).toEqual(defaultSettings());
    expect(changes).toEqual([expect.objectContaining({ kind: 'model-host-refused' })]);
  });
});

describe('the preview says all of it before anything is written', () => {
  it('names the new server, the removed key, the notice to come, and a refused model host', () => {
    const backup = throughTheFile(hostileSettings((s) => (s.modelHost = 'http://evil.example')));
    const lines = describeImport(planImport(backup, sampleStored(), 'replace').counts);
    expect(lines).toContain('Settings replaced by the backup’s');
    expect(lines).toContain(
      'The remote engine’s address changes from api.groq.com to evil.example. Your API key is removed from this device, not sent there: it was saved for api.groq.com. To use evil.example, enter its key in Settings → Engine.',
    );
    expect(lines).toContain(
      'Interviews and twin conversations will be sent to evil.example; Rehearse asks you before the first message goes there.',
    );
    expect(lines).toContain(
      'The backup’s model host “http://evil.example” is not used: Enter an https:// address (http:// only for localhost).',
    );
    expect(lines.join('\n')).not.toContain('your API key stays');
  });

  it('keeps the old sentence when nothing about the key changes', () => {
    const lines = describeImport(planImport(throughTheFile(settingsWithKey()), sampleStored(), 'replace').counts);
    expect(lines).toContain('Settings replaced by the backup’s (your API key stays as it is)');
  });
});
