import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { renderFeedbackPrompt, renderGuidelinePrompt } from '../../../src/app/prompts';
import type { Seniority } from '../../../src/domain/records';

const words = (level: Seniority) => readFileSync(`prompts/seniority-${level}.md`, 'utf8').trim();
const levels: Seniority[] = ['entry', 'mid', 'senior', 'lead'];

describe('seniority in the prompts', () => {
  it('each level reaches the guideline and the feedback rubric with its own words, and no other level’s', () => {
    for (const seniority of levels) {
      const guideline = renderGuidelinePrompt({ type: 'professional', count: 3, language: 'en', seniority });
      const feedback = renderFeedbackPrompt({ type: 'professional', language: 'en', transcript: 'T', questionCount: 1, seniority });
      for (const other of levels) {
        expect(guideline.includes(words(other))).toBe(other === seniority);
        expect(feedback.includes(words(other))).toBe(other === seniority);
      }
    }
  });

  it('an older setup without a level is treated as mid', () => {
    expect(renderGuidelinePrompt({ type: 'behavioral', count: 2, language: 'en' })).toContain(words('mid'));
    expect(renderFeedbackPrompt({ type: 'behavioral', language: 'en', transcript: 'T', questionCount: 1 })).toContain(words('mid'));
  });
});

describe('a guideline prompt for keywords alone', () => {
  it('asks about the keywords instead of asking to quote requirement sentences', () => {
    const input = { type: 'professional', count: 3, language: 'en' } as const;
    const prose = renderGuidelinePrompt(input);
    const keywords = renderGuidelinePrompt({ ...input, keywordsOnly: true });
    expect(prose).toContain('Quote that requirement word for word');
    expect(keywords).not.toContain('Quote that requirement word for word');
    expect(keywords).toContain('only a list of keywords');
    // The keywords themselves are the interviewer's job description (its system message), not repeated here.
    expect(keywords).not.toContain('<material>');
  });
});
