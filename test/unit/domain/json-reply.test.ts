import { describe, expect, it } from 'vitest';
import { extractJson, stripThinking } from '../../../src/domain/json-reply';

describe('extractJson', () => {
  it('parses a bare object', () => {
    expect(extractJson('{"a":1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('parses a fenced block surrounded by prose', () => {
    expect(extractJson('Sure! Here it is:\n```json\n{"questions":[{"text":"Why?"}]}\n```\nGood luck.')).toEqual({
      ok: true,
      value: { questions: [{ text: 'Why?' }] },
    });
  });

  it('ignores <think> blocks, including braces inside them', () => {
    expect(extractJson('<think>maybe {"wrong":true}</think>\n{"right":true}')).toEqual({ ok: true, value: { right: true } });
  });

  it('finds an object after prose, honouring braces inside strings', () => {
    expect(extractJson('The answer is {"text":"a } brace \\" quote"} as requested')).toEqual({
      ok: true,
      value: { text: 'a } brace " quote' },
    });
  });

  it('reports failure on invalid or empty output', () => {
    expect(extractJson('{"a": 1,')).toMatchObject({ ok: false });
    expect(extractJson('<think>only thinking')).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
  });

  it('strips an unterminated think block', () => {
    expect(stripThinking('hello <think>never closed')).toBe('hello ');
  });
});
