import { describe, expect, it } from 'vitest';
import { parseTwinPack, toTwinPack, twinPackFileName } from '../../../../src/domain/twin/twin-pack';
import type { TwinProfile } from '../../../../src/domain/twin/types';
import { AppError } from '../../../../src/domain/errors';

const profile: TwinProfile = {
  id: 'p1',
  name: 'Ada Lovelace',
  systemPrompt: 'You are {{name}}.',
  resume: 'Analyst.',
  qa: [{ id: 'q1', question: 'Why?', answer: 'Because.' }],
  projects: [{ id: 'x', title: 'Engine', description: 'Notes', tags: ['math'], link: 'https://example.org/' }],
  createdAt: 1,
  updatedAt: 2,
  suggestedQuestions: { questions: ['What next?'], engineId: 'remote:x', createdAt: 3 },
};

function refusal(text: string): AppError {
  try {
    parseTwinPack(text);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a refusal');
}

describe('twin pack', () => {
  it('round-trips a profile and carries nothing but known fields', () => {
    const leaky = { ...profile, apiKey: 'sk-secret' } as TwinProfile;
    const json = JSON.stringify(toTwinPack(leaky, 99));
    expect(json).not.toContain('sk-secret');
    const pack = parseTwinPack(json);
    expect(pack.profile).toEqual(profile);
    expect(pack.exportedAt).toBe(99);
    expect(twinPackFileName(profile)).toBe('ada-lovelace.rehearse-twin.json');
  });

  it('refuses malformed, foreign, newer and damaged files with their reason', () => {
    expect(refusal('{not json').message).toMatch(/not valid JSON/);
    expect(refusal('[]').message).toMatch(/not a Rehearse twin pack/);
    expect(refusal(JSON.stringify({ format: 'other', version: 1 })).message).toMatch(/not a Rehearse twin pack/);
    expect(refusal(JSON.stringify({ ...toTwinPack(profile, 1), version: 2 })).message).toMatch(
      /newer version of Rehearse \(pack version 2/,
    );
    const damaged = toTwinPack(profile, 1) as unknown as { profile: { qa: unknown } };
    damaged.profile.qa = [{ id: 'q', question: 5 }];
    const error = refusal(JSON.stringify(damaged));
    expect(error.code).toBe('invalid-import');
    expect(error.message).toMatch(/at “profile\.qa\.0\.question”/);
    expect(error.message).toMatch(/Nothing was changed/);
  });

  it('refuses a project link with an unsafe scheme', () => {
    const pack = toTwinPack(profile, 1);
    pack.profile.projects[0]!.link = 'javascript:alert(1)';
    expect(refusal(JSON.stringify(pack)).message).toMatch(/links must be https:, mailto: or http:\/\/localhost/);
  });
});
