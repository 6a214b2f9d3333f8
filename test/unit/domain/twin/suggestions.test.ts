import { describe, expect, it } from 'vitest';
import { buildSuggestions, parseSuggestedQuestions } from '../../../../src/domain/twin/suggestions';

const qa = ['Why us?', 'Tell me about yourself.', 'Biggest failure?', 'Why leave?', 'Salary?', 'Strengths?'].map((question, i) => ({
  id: `${i}`,
  question,
  answer: 'x',
}));

describe('buildSuggestions', () => {
  it('offers unasked CSV questions first, then model proposals, without duplicates', () => {
    const out = buildSuggestions(qa, ['why us'], ['Tell me about yourself?', 'What did you build at Acme?', 'How do you lead?']);
    expect(out.filter((s) => s.source === 'saved').map((s) => s.text)).toEqual([
      'Tell me about yourself.',
      'Biggest failure?',
      'Why leave?',
      'Salary?',
    ]);
    expect(out.filter((s) => s.source === 'model').map((s) => s.text)).toEqual(['What did you build at Acme?', 'How do you lead?']);
  });
});

describe('parseSuggestedQuestions', () => {
  it('reads lines with bullets, numbers and quotes, and drops chatter', () => {
    const reply = 'Here are some questions:\n1. "What did you ship at Acme?"\n- How did you grow the team?\n\n* Why Rust?\nThanks!';
    expect(parseSuggestedQuestions(reply)).toEqual(['What did you ship at Acme?', 'How did you grow the team?', 'Why Rust?']);
  });

  it('reads a JSON array and respects the limit', () => {
    expect(parseSuggestedQuestions('```json\n["A?", "B?", "A?", "C?"]\n```', 2)).toEqual(['A?', 'B?']);
  });
});
