import { describe, expect, it } from 'vitest';
import { coverageSummary, gapsLine, mergeLine, partlyLine } from '../../../../src/features/job-coverage/coverage-words';
import type { CoverageMap } from '../../../../src/domain/coaching/coverage';

const map = (covered: number, partly: number, notAsked: number, interviews: number): CoverageMap => ({
  items: Array.from({ length: covered + partly + notAsked }, (_, i) => ({
    requirement: { id: `r${i}`, text: 't' },
    status: 'not-asked',
    attempts: 0,
  })),
  covered,
  partly,
  notAsked,
  interviews,
});

describe('coverage words', () => {
  it('sums the map up in plain words', () => {
    expect(coverageSummary(map(2, 0, 3, 2))).toBe('Over 2 finished interviews: 2 of 5 requirements covered, 0 partly, 3 not asked yet.');
    expect(coverageSummary(map(0, 0, 1, 0))).toBe('No finished interview yet: 0 of 1 requirement covered, 0 partly, 1 not asked yet.');
  });

  it('says what Practise the gaps targets, or nothing when all is covered', () => {
    expect(gapsLine(map(1, 1, 2, 1), 3)).toBe(
      'A new interview whose questions target the 3 requirements not covered yet. You can change the setup before it starts.',
    );
    expect(gapsLine(map(0, 0, 20, 1), 12)).toContain('the first 12 requirements of the 20');
    expect(gapsLine(map(4, 0, 0, 1), 0)).toBeUndefined();
  });

  it('says why an asked requirement is only partly covered', () => {
    expect(partlyLine(4)).toBe('Asked; the answer scored 4 of 10.');
    expect(partlyLine(8)).toContain('none of its words could be quoted');
  });

  it('says what the merge of repeated requirements did, where, and its tokens', () => {
    expect(mergeLine({ merged: 0, host: 'api.groq.com', totalTokens: 812 })).toBe(
      'No requirement repeats another (checked with api.groq.com: 812 tokens).',
    );
    expect(mergeLine({ merged: 1, host: 'api.groq.com', totalTokens: 1 })).toBe(
      '1 requirement repeated another and was merged into it (checked with api.groq.com: 1 token).',
    );
    expect(mergeLine({ merged: 3, totalTokens: 640 })).toBe(
      '3 requirements repeated others and were merged into them (checked on this device: 640 tokens).',
    );
  });
});
