import { describe, expect, it } from 'vitest';
import { draftOf, extrasOf, sameDraft } from '../../../src/app/practice/answer-draft';
import { deliveryMetrics } from '../../fixtures/delivery-metrics';

const metrics = deliveryMetrics({ durationSeconds: 4, wordCount: 10, wordsPerMinute: 150, longestPauseSeconds: 0.4 });
const words = [{ text: 'Hello', start: 0, end: 0.4 }];

describe('the answer box as a draft', () => {
  it('blank text is no draft; typed text carries no recording extras', () => {
    expect(draftOf('', null)).toBeUndefined();
    expect(draftOf(' \n\t', { spoken: true, metrics })).toBeUndefined();
    expect(draftOf('typed', null)).toEqual({ text: 'typed' });
    expect(draftOf('typed', { metrics })).toEqual({ text: 'typed' });
  });

  it('a transcript keeps its metrics and words, and gets them back when restored', () => {
    const draft = draftOf('Hello there', { spoken: true, metrics, words });
    expect(draft).toEqual({ text: 'Hello there', spoken: true, metrics, words });
    expect(extrasOf({ ...draft!, savedAt: 1 })).toEqual({ spoken: true, metrics, words });
    expect(extrasOf({ text: 'typed', savedAt: 1 })).toBeNull();
    expect(extrasOf(undefined)).toBeNull();
  });

  it('two drafts are the same only with the same text and the same recording', () => {
    expect(sameDraft(undefined, undefined)).toBe(true);
    expect(sameDraft({ text: 'a' }, undefined)).toBe(false);
    expect(sameDraft({ text: 'a' }, { text: 'a' })).toBe(true);
    expect(sameDraft({ text: 'a' }, { text: 'b' })).toBe(false);
    expect(sameDraft({ text: 'a', spoken: true, metrics }, { text: 'a' })).toBe(false);
    expect(sameDraft({ text: 'a', spoken: true, metrics }, { text: 'a', spoken: true, metrics: { ...metrics } })).toBe(false);
  });
});
