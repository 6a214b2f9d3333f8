import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderInterviewerSystem } from '../../../src/app/prompts';
import type { InterviewerStyle, PracticeSetup } from '../../../src/domain/records';

const STYLES: InterviewerStyle[] = ['friendly', 'neutral', 'tough'];
const styleText = (style: InterviewerStyle) => readFileSync(new URL(`../../../prompts/style-${style}.md`, import.meta.url), 'utf8').trim();

describe('interviewer styles', () => {
  it.each(STYLES)('the %s style reaches the interviewer’s system message in its own words, and no other style’s', (style) => {
    const setup: PracticeSetup = { jobDescription: 'JD', resume: '', type: 'professional', questionCount: 3, style, language: 'en' };
    const system = renderInterviewerSystem({ setup, jobExcerpt: 'JD', resumeExcerpt: '' });
    expect(styleText(style).length).toBeGreaterThan(20);
    expect(system).toContain(styleText(style));
    for (const other of STYLES.filter((s) => s !== style)) expect(system).not.toContain(styleText(other));
  });

  it('the three style files say different things', () => {
    expect(new Set(STYLES.map(styleText)).size).toBe(3);
  });
});
