import { describe, expect, it } from 'vitest';
import { computeDeliveryMetrics, describeDelivery } from '../../../../src/domain/voice/delivery-metrics';
import type { TimedWord } from '../../../../src/domain/voice/speech-types';
import { deliveryMetrics } from '../../../fixtures/delivery-metrics';

/** Builds timed words from text: each word lasts `wordSeconds`, separated by `gap`, with explicit extra pauses. */
function timed(text: string, { start = 0, wordSeconds = 0.3, gap = 0.1, pauses = {} as Record<number, number> } = {}): TimedWord[] {
  let t = start;
  return text.split(' ').map((word, i) => {
    t += pauses[i] ?? 0;
    const w = { text: ` ${word}`, start: t, end: t + wordSeconds };
    t += wordSeconds + gap;
    return w;
  });
}

describe('computeDeliveryMetrics', () => {
  it('measures pace over the speaking span, not the silence around it', () => {
    // 20 words, 0.4 s each slot → 7.9 s span starting at 3 s.
    const words = timed(Array.from({ length: 20 }, (_, i) => `word${i}`).join(' '), { start: 3 });
    const m = computeDeliveryMetrics(words);
    expect(m.wordCount).toBe(20);
    expect(m.durationSeconds).toBe(7.9);
    expect(m.wordsPerMinute).toBe(Math.round(20 / (7.9 / 60)));
  });

  it('counts single and multi-word fillers', () => {
    const m = computeDeliveryMetrics(timed('Um so you know I kind of led the team, uh, basically'));
    expect(m.fillers).toEqual({ um: 1, 'you know': 1, 'kind of': 1, uh: 1, basically: 1 });
    expect(m.fillerCount).toBe(5);
  });

  it('counts parenthetical "like" but not the verb or comparison', () => {
    const m = computeDeliveryMetrics(timed("I'd like to say it was, like, hard and it looks like we won. Like, really."));
    expect(m.fillers).toEqual({ like: 2 });
  });

  it('does not count "kind of" after a determiner', () => {
    const m = computeDeliveryMetrics(timed('What kind of tool? A sort of hammer. It was sort of fine'));
    expect(m.fillers).toEqual({ 'sort of': 1 });
  });

  it('uses a custom filler list', () => {
    const m = computeDeliveryMetrics(timed('Right so right okay'), { fillerWords: ['right', 'okay'] });
    expect(m.fillers).toEqual({ right: 2, okay: 1 });
  });

  it('finds pauses over 2 seconds and the longest pause', () => {
    const m = computeDeliveryMetrics(timed('one two three four five', { pauses: { 2: 2.5, 4: 3.1 } }));
    expect(m.pausesOver2s).toBe(2);
    expect(m.longestPauseSeconds).toBe(3.2);
  });

  it('is all zeros for no words and ignores punctuation-only tokens', () => {
    expect(computeDeliveryMetrics([])).toEqual({
      durationSeconds: 0,
      wordCount: 0,
      wordsPerMinute: 0,
      fillerCount: 0,
      fillersPerMinute: 0,
      fillers: {},
      pausesOver2s: 0,
      longestPauseSeconds: 0,
    });
    const m = computeDeliveryMetrics([
      { text: ' Yes', start: 0, end: 0.5 },
      { text: ' ...', start: 0.5, end: 0.6 },
    ]);
    expect(m.wordCount).toBe(1);
  });

  it('reports fillers per minute', () => {
    // 30 s span with 3 fillers → 6 per minute.
    const words: TimedWord[] = [
      { text: ' um', start: 0, end: 0.3 },
      { text: ' hello', start: 10, end: 10.3 },
      { text: ' uh', start: 20, end: 20.3 },
      { text: ' um', start: 29.7, end: 30 },
    ];
    expect(computeDeliveryMetrics(words).fillersPerMinute).toBe(6);
  });
});

const metrics = deliveryMetrics;

describe('describeDelivery', () => {
  it('praises a pace inside 120–160 wpm', () => {
    const pace = describeDelivery(metrics({}))[0]!;
    expect(pace).toMatchObject({ aspect: 'pace', status: 'good' });
    expect(pace.target).toBe('120–160 words per minute');
  });

  it('flags slow and fast pace', () => {
    expect(describeDelivery(metrics({ wordsPerMinute: 95 }))[0]!.headline).toContain('slow');
    expect(describeDelivery(metrics({ wordsPerMinute: 190 }))[0]!.headline).toContain('fast');
  });

  it('does not judge the pace of a very short answer', () => {
    expect(describeDelivery(metrics({ wordCount: 5, durationSeconds: 2 }))[0]!.status).toBe('unknown');
  });

  it('flags frequent fillers and names the most common', () => {
    const note = describeDelivery(metrics({ fillerCount: 8, fillersPerMinute: 8, fillers: { like: 5, um: 3 } }))[1]!;
    expect(note.status).toBe('attention');
    expect(note.headline).toContain('“like” ×5');
  });

  it('accepts a couple of long pauses and flags many', () => {
    expect(describeDelivery(metrics({ pausesOver2s: 1, longestPauseSeconds: 2.4 }))[2]!.status).toBe('good');
    expect(describeDelivery(metrics({ pausesOver2s: 4, longestPauseSeconds: 5 }))[2]!.status).toBe('attention');
  });
});
