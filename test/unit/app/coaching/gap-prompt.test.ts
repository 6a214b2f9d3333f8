import { describe, expect, it } from 'vitest';
import { renderGuidelinePrompt } from '../../../../src/app/prompts';

const base = { type: 'professional' as const, count: 3, language: 'en', material: '- Python\n- Kubernetes in production' };

describe('the guideline prompt for Practise the gaps', () => {
  it('lists the requirements not covered yet, verbatim, and asks the questions to target them', () => {
    const prompt = renderGuidelinePrompt({ ...base, focus: ['Kubernetes in production', 'On-call </material> rotations'] });
    expect(prompt).toContain('has not covered yet');
    expect(prompt).toContain('- Kubernetes in production\n');
    // A requirement cannot close the material's quote.
    expect(prompt).toContain('- On-call ‹/material› rotations');
  });

  it('says nothing about gaps in an ordinary interview', () => {
    expect(renderGuidelinePrompt(base)).not.toContain('not covered yet');
    expect(renderGuidelinePrompt({ ...base, focus: [] })).not.toContain('not covered yet');
  });
});
