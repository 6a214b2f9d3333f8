import { describe, expect, it } from 'vitest';
import {
  deliveryByQuestion,
  deliveryLine,
  formatSpeakingTime,
  sessionDelivery,
  summariseDelivery,
  type DeliveryFigure,
  type DeliveryFigureId,
  type DeliverySummary,
} from '../../../../src/domain/voice/delivery-summary';
import { DELIVERY_TARGETS } from '../../../../src/domain/voice/delivery-metrics';
import { deliveryMetrics } from '../../../fixtures/delivery-metrics';
import type { DeliveryMetrics, Guideline, MessageRecord } from '../../../../src/domain/records';

/** One minute, 140 words, no fillers, no long pause: on target everywhere. */
const metrics = deliveryMetrics;

function figure(summary: DeliverySummary | undefined, id: DeliveryFigureId): DeliveryFigure {
  const found = summary?.figures.find((f) => f.id === id);
  if (!found) throw new Error(`no ${id} figure`);
  return found;
}

const one = (partial: Partial<DeliveryMetrics>) => summariseDelivery([metrics(partial)]);

describe('summariseDelivery', () => {
  it('says nothing when no answer was spoken', () => {
    expect(summariseDelivery([])).toBeUndefined();
    const typed: MessageRecord[] = [
      { id: 'a', sessionId: 's', index: 0, role: 'assistant', text: 'Q?', createdAt: 0, questionIndex: 0, kind: 'question' },
      { id: 'u', sessionId: 's', index: 1, role: 'user', text: 'Typed answer', createdAt: 0, kind: 'answer' },
    ];
    expect(sessionDelivery(typed)).toBeUndefined();
    expect(deliveryByQuestion({ groundedIn: [], questions: [{ id: 'q1', text: 'Q?', topic: '', requirement: '' }] }, typed).size).toBe(0);
  });

  it('gives all five figures with targets and judgements for an answer on target', () => {
    const s = one({});
    expect(s?.figures.map((f) => f.id)).toEqual(['speaking-time', 'pace', 'fillers', 'pauses', 'longest-pause']);
    expect(s?.figures.every((f) => f.status === 'good' && f.target.length > 0 && f.judgement.length > 0)).toBe(true);
    expect(figure(s, 'speaking-time').value).toBe('1 min');
    expect(figure(s, 'pace')).toMatchObject({
      value: '140 words per minute',
      target: '120–160 words per minute',
      judgement: 'within the usual 120–160 words per minute',
    });
    expect(figure(s, 'fillers')).toMatchObject({ value: '0 per minute (0 in all)', judgement: 'none heard' });
    expect(figure(s, 'pauses').value).toBe('0');
    expect(figure(s, 'longest-pause').value).toBe('0.8 s');
  });

  it('holds the pace band inclusive: 120 and 160 are usual, 119 slow, 161 fast', () => {
    expect(figure(one({ wordsPerMinute: 120 }), 'pace').status).toBe('good');
    expect(figure(one({ wordsPerMinute: 160 }), 'pace').status).toBe('good');
    expect(figure(one({ wordsPerMinute: 119 }), 'pace')).toMatchObject({
      status: 'attention',
      judgement: expect.stringMatching(/^a little slow/),
    });
    expect(figure(one({ wordsPerMinute: 161 }), 'pace')).toMatchObject({
      status: 'attention',
      judgement: expect.stringMatching(/^a little fast/),
    });
  });

  it('does not judge pace or the filler rate below 15 words or 8 seconds', () => {
    const short = one({ durationSeconds: 7.9, wordCount: 40, wordsPerMinute: 304, fillerCount: 1, fillersPerMinute: 7.6 });
    expect(figure(short, 'pace')).toMatchObject({ status: 'unknown', judgement: 'too short to judge', value: '304 words per minute' });
    expect(figure(short, 'fillers')).toMatchObject({ status: 'unknown', judgement: 'too short to judge the rate' });
    expect(figure(one({ durationSeconds: 8, wordCount: 14, wordsPerMinute: 105 }), 'pace').status).toBe('unknown');
    expect(figure(one({ durationSeconds: 8, wordCount: 15, wordsPerMinute: 113 }), 'pace').status).toBe('attention');
  });

  it('reads up to 3 fillers per minute as fluent, more as more than usual', () => {
    expect(figure(one({ fillerCount: 3, fillersPerMinute: 3 }), 'fillers')).toMatchObject({
      status: 'good',
      value: '3 per minute (3 in all)',
      target: 'at most 3 per minute',
    });
    expect(figure(one({ fillerCount: 3, fillersPerMinute: 3 }), 'fillers').judgement).toContain('fluent');
    expect(figure(one({ fillerCount: 4, fillersPerMinute: 3.1 }), 'fillers').status).toBe('attention');
  });

  it('allows 2 long pauses per answer and flags a silence of 5 s or more', () => {
    expect(figure(one({ pausesOver2s: 2, longestPauseSeconds: 4.9 }), 'pauses').status).toBe('good');
    expect(figure(one({ pausesOver2s: 3 }), 'pauses').status).toBe('attention');
    expect(figure(one({ longestPauseSeconds: 2 }), 'longest-pause').judgement).toBe('no long silences');
    expect(figure(one({ longestPauseSeconds: 4.9 }), 'longest-pause')).toMatchObject({ status: 'good', target: 'under 5 s' });
    expect(figure(one({ longestPauseSeconds: 5 }), 'longest-pause').status).toBe('attention');
    // Over several answers the allowance grows with them: 4 pauses in 2 answers is fine.
    expect(figure(summariseDelivery([metrics({ pausesOver2s: 2 }), metrics({ pausesOver2s: 2 })]), 'pauses').status).toBe('good');
  });

  it('judges length per answer: 30 s to 2 min is comfortable', () => {
    const at = (durationSeconds: number) => figure(one({ durationSeconds }), 'speaking-time');
    expect(at(29.9).status).toBe('attention');
    expect(at(30).status).toBe('good');
    expect(at(120).status).toBe('good');
    expect(at(120.1)).toMatchObject({ status: 'attention', judgement: expect.stringMatching(/^on the long side/) });
    expect(at(30).target).toBe('about 30 seconds to 2 minutes per answer');
  });

  it('sums several answers: total time, weighted pace and filler rate, total pauses, longest pause', () => {
    const s = summariseDelivery([
      metrics({
        durationSeconds: 30,
        wordCount: 50,
        wordsPerMinute: 100,
        fillerCount: 3,
        fillersPerMinute: 6,
        pausesOver2s: 1,
        longestPauseSeconds: 2.5,
      }),
      metrics({
        durationSeconds: 90,
        wordCount: 250,
        wordsPerMinute: 167,
        fillerCount: 1,
        fillersPerMinute: 0.7,
        pausesOver2s: 2,
        longestPauseSeconds: 6.2,
      }),
    ]);
    expect(s).toMatchObject({
      answers: 2,
      speakingSeconds: 120,
      wordCount: 300,
      wordsPerMinute: 150,
      fillerCount: 4,
      fillersPerMinute: 2,
      pausesOver2s: 3,
      longestPauseSeconds: 6.2,
    });
    expect(figure(s, 'speaking-time')).toMatchObject({ value: '2 min', judgement: 'a comfortable length on average' });
    expect(figure(s, 'longest-pause').status).toBe('attention');
    expect(deliveryLine(s!)).toBe(
      'Speaking time: 2 min · Pace: 150 words per minute · Filler words: 2 per minute (4 in all) · Pauses over 2 s: 3 · Longest pause: 6.2 s',
    );
  });

  it('keeps its targets in DELIVERY_TARGETS', () => {
    expect(DELIVERY_TARGETS.wordsPerMinute).toEqual({ min: 120, max: 160 });
    expect(figure(one({}), 'pauses').target).toBe(`at most ${DELIVERY_TARGETS.longPausesPerAnswer} per answer`);
  });
});

describe('formatSpeakingTime', () => {
  it('writes seconds and minutes plainly', () => {
    expect(formatSpeakingTime(4.24)).toBe('4.2 s');
    expect(formatSpeakingTime(42.4)).toBe('42 s');
    expect(formatSpeakingTime(59.6)).toBe('1 min');
    expect(formatSpeakingTime(65)).toBe('1 min 5 s');
  });
});

describe('deliveryByQuestion and sessionDelivery', () => {
  const guideline: Guideline = {
    groundedIn: [],
    questions: [
      { id: 'q1', text: 'One?', topic: '', requirement: '' },
      { id: 'q2', text: 'Two?', topic: '', requirement: '' },
      { id: 'q3', text: 'Three?', topic: '', requirement: '' },
    ],
  };
  let index = 0;
  const assistant = (questionIndex: number, kind: MessageRecord['kind']): MessageRecord => ({
    id: `a${index}`,
    sessionId: 's',
    index: index++,
    role: 'assistant',
    text: 'Interviewer',
    createdAt: 0,
    questionIndex,
    kind,
  });
  const user = (text: string, m?: Partial<DeliveryMetrics>): MessageRecord => ({
    id: `u${index}`,
    sessionId: 's',
    index: index++,
    role: 'user',
    text,
    createdAt: 0,
    kind: 'answer',
    ...(m ? { spoken: true, metrics: metrics(m) } : {}),
  });
  const messages: MessageRecord[] = [
    assistant(0, 'greeting'),
    user('Spoken first answer', { durationSeconds: 40, wordCount: 90, wordsPerMinute: 135 }),
    assistant(0, 'follow-up'),
    user('Spoken follow-up', { durationSeconds: 20, wordCount: 50, wordsPerMinute: 150, longestPauseSeconds: 3 }),
    assistant(1, 'question'),
    user('Typed answer'),
    assistant(2, 'question'),
    user('Same words twice', { durationSeconds: 60, wordCount: 100, wordsPerMinute: 100 }),
    assistant(2, 'closing'),
  ];

  it('groups spoken answers under the question the interviewer was on; typed ones are left out', () => {
    const byQuestion = deliveryByQuestion(guideline, messages);
    expect([...byQuestion.keys()]).toEqual(['q1', 'q3']);
    expect(byQuestion.get('q1')).toMatchObject({ answers: 2, speakingSeconds: 60, wordsPerMinute: 140, longestPauseSeconds: 3 });
    expect(byQuestion.get('q3')).toMatchObject({ answers: 1, wordsPerMinute: 100 });
  });

  it('sums every spoken answer for the whole interview', () => {
    expect(sessionDelivery(messages)).toMatchObject({ answers: 3, speakingSeconds: 120, wordCount: 240, wordsPerMinute: 120 });
  });
});
