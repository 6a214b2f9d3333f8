import { describe, expect, it } from 'vitest';
import { backupFileName, buildBackup, serializeBackup } from '../../../../src/domain/backup/export';
import { parseBackup } from '../../../../src/domain/backup/parse';
import { SECRET_KEY, sampleStored } from './sample-data';

describe('buildBackup', () => {
  it('holds every record and the settings, under the rehearse-backup envelope', () => {
    const stored = sampleStored();
    const file = buildBackup(stored, { appVersion: '0.1.0', exportedAt: 42 });
    expect(file).toMatchObject({ format: 'rehearse-backup', version: 1, exportedAt: 42, app: { version: '0.1.0' } });
    expect(file.data.sessions).toEqual(stored.sessions);
    expect(file.data.messages).toEqual(stored.messages);
    expect(file.data.documents).toEqual(stored.documents);
    expect(file.data.profiles).toEqual(stored.profiles);
    expect(file.data.settings?.theme).toBe('dark');
    expect(file.data.settings?.remote.acknowledgedHosts).toEqual(['api.groq.com']);
  });

  it('never contains the API key, plain or encrypted', () => {
    const stored = sampleStored();
    const text = serializeBackup(buildBackup(stored, { appVersion: '0.1.0', exportedAt: 1 }));
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain('apiKey');
    expect(text).not.toContain('encryptedApiKey');
    // and the stored settings object is not mutated by the export
    expect(stored.settings?.remote.apiKey).toBe(SECRET_KEY);
  });

  it('round-trips through its own parser unchanged (emoji, RTL, CJK and extra fields included)', () => {
    const stored = sampleStored();
    const file = buildBackup(stored, { appVersion: '0.1.0', exportedAt: 7 });
    const back = parseBackup(serializeBackup(file));
    expect(back).toEqual(file);
    expect((back.data.profiles[0] as { suggestedQuestions?: unknown }).suggestedQuestions).toEqual({
      questions: ['What drives you?'],
      engineId: 'x',
      createdAt: 1,
    });
  });

  it('exports settings as null when none were ever saved', () => {
    const file = buildBackup({ ...sampleStored(), settings: null }, { appVersion: '0.1.0', exportedAt: 1 });
    expect(file.data.settings).toBeNull();
    expect(parseBackup(serializeBackup(file)).data.settings).toBeNull();
  });
});

describe('backupFileName', () => {
  it('uses the local calendar date, zero-padded', () => {
    expect(backupFileName(new Date(2025, 0, 5, 23, 59))).toBe('rehearse-backup-2025-01-05.json');
    expect(backupFileName(new Date(2024, 11, 31, 0, 1))).toBe('rehearse-backup-2024-12-31.json');
  });
});
