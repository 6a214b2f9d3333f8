import { describe, expect, it } from 'vitest';
import { clampThreshold, lexicalQuestionScores, pickSavedAnswer } from '../../../../src/domain/twin/saved-answers';
import { lexicalCosine } from '../../../../src/domain/twin/lexical';

const pairs = [
  { id: 'a', question: 'Tell me about yourself.', answer: 'I am Ada.' },
  { id: 'b', question: 'What is your greatest weakness?', answer: 'Patience.' },
];

describe('pickSavedAnswer', () => {
  it('serves an exact question whatever the punctuation and case', () => {
    const match = pickSavedAnswer('tell me about YOURSELF', lexicalQuestionScores('tell me about YOURSELF', pairs), 0.85);
    expect(match).toEqual({ pair: pairs[0], similarity: 1 });
  });

  it('serves a close question at or above the threshold, and not below', () => {
    const q = 'What would you say is your greatest weakness?';
    const scores = lexicalQuestionScores(q, pairs);
    const similarity = lexicalCosine(q, pairs[1]!.question);
    expect(pickSavedAnswer(q, scores, similarity)?.pair.id).toBe('b');
    expect(pickSavedAnswer(q, scores, similarity + 0.01)).toBeUndefined();
  });

  it('uses embedding scores as given', () => {
    const scores = [
      { item: pairs[0]!, score: 0.2 },
      { item: pairs[1]!, score: 0.91 },
    ];
    expect(pickSavedAnswer('Where do you struggle?', scores, 0.85)).toEqual({ pair: pairs[1], similarity: 0.91 });
    expect(pickSavedAnswer('', scores, 0.85)).toBeUndefined();
  });

  it('clamps odd thresholds', () => {
    expect(clampThreshold(undefined)).toBe(0.85);
    expect(clampThreshold(0.1)).toBe(0.5);
    expect(clampThreshold(3)).toBe(1);
    expect(clampThreshold(0.9)).toBe(0.9);
  });
});

describe('lexicalCosine', () => {
  it('is 1 for the same words and 0 for none shared', () => {
    expect(lexicalCosine('a b c', 'C, b. a!')).toBeCloseTo(1);
    expect(lexicalCosine('alpha', 'beta')).toBe(0);
    expect(lexicalCosine('', 'beta')).toBe(0);
  });
});
