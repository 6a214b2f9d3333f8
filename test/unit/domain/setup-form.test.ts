import { describe, expect, it } from 'vitest';
import { defaultSetup, parseDraft, startLabel, validateSetup } from '../../../src/domain/setup-form';

describe('practice setup form', () => {
  it('refuses an empty or whitespace-only job description', () => {
    expect(validateSetup({ ...defaultSetup(), jobDescription: '  \n ' }).jobDescription).toMatch(/Paste a job description/);
  });

  it('accepts keywords instead of a job description', () => {
    expect(validateSetup({ ...defaultSetup(), jobDescription: 'PostgreSQL, Python' })).toEqual({});
  });

  it('requires a resume only for resume interviews', () => {
    const base = { ...defaultSetup(), jobDescription: 'x' };
    expect(validateSetup({ ...base, type: 'resume' }).resume).toMatch(/resume/);
    expect(validateSetup({ ...base, type: 'behavioral' }).resume).toBeUndefined();
  });

  it('bounds the number of questions to 3–15', () => {
    const base = { ...defaultSetup(), jobDescription: 'x' };
    expect(validateSetup({ ...base, questionCount: 2 }).questionCount).toBeDefined();
    expect(validateSetup({ ...base, questionCount: 16 }).questionCount).toBeDefined();
    expect(validateSetup({ ...base, questionCount: 4.5 }).questionCount).toBeDefined();
    expect(validateSetup({ ...base, questionCount: 15 }).questionCount).toBeUndefined();
  });

  it('says what Start does', () => {
    expect(startLabel({ questionCount: 6, type: 'behavioral' })).toBe('Start a 6-question behavioral interview');
  });

  it('restores drafts and ignores malformed ones', () => {
    expect(parseDraft('{"jobDescription":"JD","type":"resume","style":"evil"}')).toMatchObject({
      jobDescription: 'JD',
      type: 'resume',
      style: 'friendly',
    });
    expect(parseDraft('{not json')).toEqual(defaultSetup());
    expect(parseDraft(null)).toEqual(defaultSetup());
  });
});
