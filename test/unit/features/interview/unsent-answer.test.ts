import { describe, expect, it } from 'vitest';
import { clearRescuedAnswer, readRescuedAnswer, writeRescuedAnswer } from '../../../../src/features/interview/unsent-answer';
import { memoryStorage } from '../../../doubles/memory-storage';
import { deliveryMetrics } from '../../../fixtures/delivery-metrics';

const metrics = deliveryMetrics({ durationSeconds: 4, wordCount: 10, wordsPerMinute: 150, longestPauseSeconds: 0.4 });

describe('the answer rescued when the page went away', () => {
  it('is kept per interview, read back with its recording extras, and removed', () => {
    const storage = memoryStorage();
    const words = [{ text: 'Hello', start: 0, end: 0.4 }];
    writeRescuedAnswer('s1', { text: 'Hello 🚀 مرحبا', spoken: true, metrics, words }, storage);
    writeRescuedAnswer('s2', { text: 'typed' }, storage);
    expect(readRescuedAnswer('s1', storage)).toEqual({ text: 'Hello 🚀 مرحبا', spoken: true, metrics, words });
    expect(readRescuedAnswer('s2', storage)).toEqual({ text: 'typed' });
    expect(readRescuedAnswer('s3', storage)).toBeUndefined();
    clearRescuedAnswer('s1', storage);
    expect(readRescuedAnswer('s1', storage)).toBeUndefined();
    expect(readRescuedAnswer('s2', storage)).toEqual({ text: 'typed' });
  });

  it('an emptied box is kept as empty text, so the stored draft is replaced by nothing', () => {
    const storage = memoryStorage();
    writeRescuedAnswer('s1', undefined, storage);
    expect(readRescuedAnswer('s1', storage)).toEqual({ text: '' });
  });

  it('ignores damaged values and works without storage (private modes)', () => {
    const storage = memoryStorage();
    storage.setItem('rehearse-unsent-answer:s1', '{not json');
    expect(readRescuedAnswer('s1', storage)).toBeUndefined();
    storage.setItem('rehearse-unsent-answer:s1', JSON.stringify({ text: 42 }));
    expect(readRescuedAnswer('s1', storage)).toBeUndefined();
    storage.setItem('rehearse-unsent-answer:s1', JSON.stringify({ text: 'ok', spoken: true, words: [{ text: 1 }], metrics: 'x' }));
    expect(readRescuedAnswer('s1', storage)).toEqual({ text: 'ok', spoken: true });
    storage.setItem('rehearse-unsent-answer:s1', JSON.stringify({ text: 'ok', metrics }));
    expect(readRescuedAnswer('s1', storage)).toEqual({ text: 'ok' });

    const blocked = memoryStorage();
    blocked.setItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    expect(() => writeRescuedAnswer('s1', { text: 'x' }, blocked)).not.toThrow();
    expect(() => writeRescuedAnswer('s1', { text: 'x' }, undefined)).not.toThrow();
    expect(readRescuedAnswer('s1', undefined)).toBeUndefined();
  });
});
