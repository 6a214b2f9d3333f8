import { describe, expect, it } from 'vitest';
import { buildBackup } from '../../../../src/domain/backup/export';
import { describeContents, describeImport, plural } from '../../../../src/domain/backup/describe';
import { planImport } from '../../../../src/domain/backup/plan';
import { sampleStored } from './sample-data';

const empty = { sessions: [], messages: [], documents: [], profiles: [], settings: null, jobs: [] };

describe('describeContents', () => {
  it('names each kind with its count in plain words', () => {
    const data = buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }).data;
    expect(describeContents(data)).toBe('2 interviews, 1 twin conversation, 1 twin profile, 3 documents and settings');
    expect(describeContents({ ...empty })).toBe('0 interviews, 0 twin conversations, 0 twin profiles and 0 documents');
  });

  it('pluralizes', () => {
    expect(plural(1, 'interview')).toBe('1 interview');
    expect(plural(0, 'interview')).toBe('0 interviews');
  });
});

describe('describeImport', () => {
  it('says what will be added, updated and kept, and what happens to settings', () => {
    const data = buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }).data;
    const lines = describeImport(planImport(data, { ...empty }, 'merge').counts);
    expect(lines).toEqual([
      '2 interviews added',
      '1 twin conversation added',
      '1 twin profile added',
      '3 documents (searchable again after re-indexing)',
      'Your settings stay as they are',
    ]);
  });

  it('says nothing is new when everything is already here, and names deletions in replace mode', () => {
    const data = buildBackup(sampleStored(), { appVersion: '0.1.0', exportedAt: 1 }).data;
    const merge = describeImport(planImport(data, sampleStored(), 'merge').counts);
    expect(merge).toContain('2 interviews already up to date');

    const noop = describeImport(planImport({ ...empty }, sampleStored(), 'merge').counts);
    expect(noop[0]).toBe('Nothing new: everything in the file is already here');

    const replace = describeImport(planImport({ ...empty }, sampleStored(), 'replace').counts, 'after');
    expect(replace).toContain('4 interviews, conversations or profiles on this device but not in the file were deleted');
  });
});
