import { describe, expect, it } from 'vitest';
import { buildBackup } from '../../../../src/domain/backup/export';
import { planImport } from '../../../../src/domain/backup/plan';
import type { StoredData } from '../../../../src/domain/backup/stored-data';
import { defaultSettings } from '../../../../src/domain/settings-defaults';
import { SECRET_KEY, document, message, sampleStored, session } from './sample-data';

const backupOf = (stored: StoredData) => buildBackup(stored, { appVersion: '0.1.0', exportedAt: 1 }).data;
const emptyDevice = (): StoredData => ({ sessions: [], messages: [], documents: [], profiles: [], settings: null, jobs: [] });

describe('planImport: merge', () => {
  it('adds everything to an empty device and keeps its settings', () => {
    const backup = backupOf(sampleStored());
    const plan = planImport(backup, emptyDevice(), 'merge');
    expect(plan.clearAll).toBe(false);
    expect(plan.sessions.map((s) => s.id)).toEqual(['s1', 's2', 't1']);
    expect(plan.messages).toHaveLength(5);
    expect(plan.documents.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
    expect(plan.profiles.map((p) => p.id)).toEqual(['p1']);
    expect(plan.settings).toBeNull();
    expect(plan.counts).toMatchObject({
      interviews: { added: 2, updated: 0, kept: 0 },
      twinConversations: { added: 1, updated: 0, kept: 0 },
      profiles: { added: 1, updated: 0, kept: 0 },
      documents: 3,
      messages: 5,
      settings: 'kept',
      removed: 0,
    });
  });

  it('matches by id: newer in the backup replaces (with its messages), as new or newer here is kept', () => {
    const device = sampleStored();
    const backupStored = sampleStored();
    backupStored.sessions[0] = session('s1', { updatedAt: 1_800_000_000_000, title: 'Newer in backup' });
    backupStored.messages.push(message('s1', 2));
    backupStored.messages.push(message('s2', 1)); // s2 is not newer: this message must not be written
    backupStored.sessions.push(session('s9'));
    backupStored.messages.push(message('s9', 0));
    const plan = planImport(backupOf(backupStored), device, 'merge');

    expect(plan.sessions.map((s) => s.id)).toEqual(['s1', 's9']);
    expect(plan.replaceChildrenOfSessions).toEqual(['s1']);
    expect(plan.messages.map((m) => m.id)).toEqual(['s1-m0', 's1-m1', 's1-m2', 's9-m0']);
    expect(plan.documents.map((d) => d.id)).toEqual(['d1']);
    expect(plan.profiles).toEqual([]);
    expect(plan.counts.interviews).toEqual({ added: 1, updated: 1, kept: 1 });
    expect(plan.counts.twinConversations).toEqual({ added: 0, updated: 0, kept: 1 });
    expect(plan.counts.profiles).toEqual({ added: 0, updated: 0, kept: 1 });
  });

  it('replaces a profile and its documents when the backup has a newer profile', () => {
    const device = sampleStored();
    const backupStored = sampleStored();
    backupStored.profiles[0] = { ...backupStored.profiles[0]!, updatedAt: 1_900_000_000_000, name: 'Renamed' };
    const plan = planImport(backupOf(backupStored), device, 'merge');
    expect(plan.profiles.map((p) => p.name)).toEqual(['Renamed']);
    expect(plan.replaceDocumentsOfProfiles).toEqual(['p1']);
    expect(plan.documents.map((d) => d.id)).toEqual(['d3']);
  });

  it('adds an unowned document only when this device lacks it', () => {
    const backupStored = { ...emptyDevice(), documents: [document('free', {}), document('here', {})] };
    const device = { ...emptyDevice(), documents: [document('here', {}, { text: 'mine' })] };
    expect(planImport(backupOf(backupStored), device, 'merge').documents.map((d) => d.id)).toEqual(['free']);
  });

  it('skips and counts messages and documents whose owner is not in the file', () => {
    const backupStored = { ...emptyDevice(), messages: [message('ghost', 0)], documents: [document('d', { profileId: 'nobody' })] };
    const plan = planImport(backupOf(backupStored), emptyDevice(), 'merge');
    expect(plan.messages).toEqual([]);
    expect(plan.documents).toEqual([]);
    expect(plan.counts.skippedOrphans).toBe(2);
  });
});

describe('planImport: replace', () => {
  it('clears first, writes everything, counts what disappears, takes the settings but keeps this device’s key', () => {
    const device = sampleStored();
    device.sessions.push(session('only-here'));
    const backupStored = sampleStored();
    backupStored.settings = { ...defaultSettings(), theme: 'light' };
    const plan = planImport(backupOf(backupStored), device, 'replace');
    expect(plan.clearAll).toBe(true);
    expect(plan.sessions).toHaveLength(3);
    expect(plan.messages).toHaveLength(5);
    expect(plan.counts.interviews).toEqual({ added: 2, updated: 0, kept: 0 });
    expect(plan.counts.removed).toBe(1);
    expect(plan.settings?.theme).toBe('light');
    expect(plan.settings?.remote.apiKey).toBe(SECRET_KEY);
    expect(plan.settings?.remote.encryptedApiKey?.data).toBe(`enc-${SECRET_KEY}`);
    expect(plan.counts.settings).toBe('replaced');
  });

  it('fills settings fields an older backup lacks, and never adds a key the device did not have', () => {
    const backup = backupOf(sampleStored());
    backup.settings = { id: 'settings', theme: 'light' } as never;
    const plan = planImport(backup, { ...emptyDevice(), settings: null }, 'replace');
    expect(plan.settings).toEqual({ ...defaultSettings(), theme: 'light' });
    expect(plan.settings?.remote).not.toHaveProperty('apiKey');
  });

  it('keeps this device’s settings when the backup has none', () => {
    const backup = { ...backupOf(sampleStored()), settings: null };
    expect(planImport(backup, sampleStored(), 'replace').settings).toBeNull();
  });
});
