import { describe, expect, it } from 'vitest';
import { answerTimerLabel, defaultSetup, parseDraft, startLabel, validateSetup } from '../../../src/domain/setup-form';

describe('practice setup form', () => {
  it('refuses an empty or whitespace-only job description', () => {
    expect(validateSetup({ ...defaultSetup(), jobDescription: '  \n ' }).jobDescription).toMatch(/Paste a job description/);
  });

  it('refuses binary junk pasted into the job description or resume, with a message that says what to do', () => {
    const junk = 'PK\u0003\u0004\u0000\u0014\u0000\u0006\u0000word/document.xml\uFFFD\uFFFD\u0001\u0002';
    const errors = validateSetup({ ...defaultSetup(), jobDescription: junk, resume: '\uFFFD\u0001\u0002\u0003\u0004%PDF' });
    expect(errors.jobDescription).toMatch(/does not look like text.*paste it again/);
    expect(errors.resume).toMatch(/does not look like text.*import it from a \.pdf/);
  });

  it('accepts a 1 MB job description with emoji, RTL and CJK text', () => {
    const line = 'Senior engineer 🚀 — مهندس برمجيات أول — 高级软件工程师, PostgreSQL and Go.\n';
    const big = line.repeat(Math.ceil(1_048_576 / line.length));
    expect(big.length).toBeGreaterThanOrEqual(1_048_576);
    expect(validateSetup({ ...defaultSetup(), jobDescription: big, resume: big })).toEqual({});
  });

  it('accepts keywords instead of a job description', () => {
    expect(validateSetup({ ...defaultSetup(), jobDescription: 'PostgreSQL, Python' })).toEqual({});
  });

  it('requires a resume only for resume interviews', () => {
    const base = { ...defaultSetup(), jobDescription: 'x' };
    expect(validateSetup({ ...base, type: 'resume' }).resume).toMatch(/resume/);
    expect(validateSetup({ ...base, type: 'behavioral' }).resume).toBeUndefined();
  });

  it('bounds the number of questions to 1–15 (one rule for the form and the service)', () => {
    const base = { ...defaultSetup(), jobDescription: 'x' };
    expect(validateSetup({ ...base, questionCount: 0 }).questionCount).toBe('Choose between 1 and 15 questions.');
    expect(validateSetup({ ...base, questionCount: 1 }).questionCount).toBeUndefined();
    expect(validateSetup({ ...base, questionCount: 16 }).questionCount).toBeDefined();
    expect(validateSetup({ ...base, questionCount: 4.5 }).questionCount).toBeDefined();
    expect(validateSetup({ ...base, questionCount: 15 }).questionCount).toBeUndefined();
  });

  it('says what Start does', () => {
    expect(startLabel({ questionCount: 6, type: 'behavioral' })).toBe('Start a 6-question behavioral interview');
  });

  it('restores drafts and ignores malformed ones', () => {
    expect(parseDraft({ jobDescription: 'JD', type: 'resume', style: 'evil' })).toMatchObject({
      jobDescription: 'JD',
      type: 'resume',
      style: 'friendly',
    });
    expect(parseDraft('{not json')).toEqual(defaultSetup());
    expect(parseDraft({ jobDescription: 42, questionCount: '3' })).toEqual(defaultSetup());
    expect(parseDraft(null)).toEqual(defaultSetup());
  });

  it('defaults to a mid-level interview without a timer, and keeps both in the draft', () => {
    expect(defaultSetup()).toMatchObject({ seniority: 'mid', answerTimerSeconds: 0 });
    expect(parseDraft({ seniority: 'lead', answerTimerSeconds: 120 })).toMatchObject({ seniority: 'lead', answerTimerSeconds: 120 });
    expect(parseDraft({ seniority: 'cto', answerTimerSeconds: 45 })).toMatchObject({ seniority: 'mid', answerTimerSeconds: 0 });
  });

  it('accepts only the seniority levels and timer choices the form offers (absent is fine: older setups)', () => {
    const base = { ...defaultSetup(), jobDescription: 'x' };
    for (const seniority of ['entry', 'mid', 'senior', 'lead'] as const) expect(validateSetup({ ...base, seniority })).toEqual({});
    for (const answerTimerSeconds of [0, 60, 120, 180]) expect(validateSetup({ ...base, answerTimerSeconds })).toEqual({});
    const { seniority: _s, answerTimerSeconds: _t, ...older } = base;
    expect(validateSetup(older)).toEqual({});
    expect(validateSetup({ ...base, seniority: 'cto' as never }).seniority).toBe('Choose entry, mid, senior or lead.');
    expect(validateSetup({ ...base, answerTimerSeconds: 30 }).answerTimerSeconds).toBe('Choose no timer, or 1, 2 or 3 minutes.');
    expect(validateSetup({ ...base, answerTimerSeconds: 600 }).answerTimerSeconds).toBeDefined();
  });

  it('names the timer choices', () => {
    expect([0, 60, 120, 180].map(answerTimerLabel)).toEqual(['Off', '1 min', '2 min', '3 min']);
  });
});
