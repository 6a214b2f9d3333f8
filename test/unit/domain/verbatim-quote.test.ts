import { describe, expect, it } from 'vitest';
import { isVerbatimQuote } from '../../../src/domain/evidence';

const jd = 'We need 5+ years with TypeScript.\nYou’ll own   on-call for the payments API — and mentor others.';

describe('isVerbatimQuote', () => {
  it('accepts the source’s own words despite case, whitespace, quote marks and dashes', () => {
    expect(isVerbatimQuote('5+ years with TypeScript', jd)).toBe(true);
    expect(isVerbatimQuote('"you\'ll own on-call for the payments api - and mentor others."', jd)).toBe(true);
  });

  it('refuses any other change of wording', () => {
    expect(isVerbatimQuote('five years with TypeScript', jd)).toBe(false);
    expect(isVerbatimQuote('own on call for the payments API', jd)).toBe(false);
    expect(isVerbatimQuote('mentoring others', jd)).toBe(false);
    expect(isVerbatimQuote('', jd)).toBe(false);
  });

  it('matches whole words only, so a short term is not found inside another word', () => {
    expect(isVerbatimQuote('Go', 'Good communication')).toBe(false);
    expect(isVerbatimQuote('Go', 'Python, Go, SQL')).toBe(true);
    expect(isVerbatimQuote('API', jd)).toBe(true);
  });
});
