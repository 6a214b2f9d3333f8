import { describe, expect, it } from 'vitest';
import { findVerbatim, verifyEvidence } from '../../../src/domain/evidence';

const answer = 'At Acme I  led the migration to  PostgreSQL.\nWe cut query time by 40% — and nobody’s pager went off.';

describe('evidence', () => {
  it('keeps a quote that differs only in case, whitespace, curly quotes and dashes, returning the verbatim span', () => {
    expect(findVerbatim('i led the migration to postgresql', answer)).toBe('I  led the migration to  PostgreSQL');
    expect(findVerbatim("40% - and nobody's pager", answer)).toBe('40% — and nobody’s pager');
  });

  it('strips wrapping quote marks, ellipses and a trailing full stop', () => {
    expect(findVerbatim('"…we cut query time by 40%."', answer)).toBe('We cut query time by 40%');
  });

  it('drops invented or paraphrased quotes and fragments too short to mean anything', () => {
    expect(findVerbatim('I led the migration to MySQL', answer)).toBeUndefined();
    expect(findVerbatim('I', answer)).toBeUndefined();
    expect(verifyEvidence(['I improved performance a lot', 'led the migration', 'LED THE MIGRATION'], [answer])).toEqual([
      'led the migration',
    ]);
  });

  it('searches every answer of the question (first answer and follow-ups)', () => {
    expect(verifyEvidence(['the rollback plan'], ['nothing here', 'I wrote the rollback plan first'])).toEqual(['the rollback plan']);
  });
});
