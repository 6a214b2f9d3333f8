import { describe, expect, it } from 'vitest';
import { ThinkStripper } from '../../../src/domain/think-strip';

/** The whole text through one stripper, as a stream would pass it. */
function stripThink(text: string): string {
  const stripper = new ThinkStripper();
  return stripper.push(text) + stripper.flush();
}

function streamAll(pieces: string[]): string {
  const s = new ThinkStripper();
  return pieces.map((p) => s.push(p)).join('') + s.flush();
}

/** Every way of cutting `text` into two pieces, plus one character at a time. */
function splits(text: string): string[][] {
  const out: string[][] = [[...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('ThinkStripper', () => {
  it('passes text without tags through unchanged', () => {
    expect(streamAll(['Tell me ', 'about a time ', 'you led a team.'])).toBe('Tell me about a time you led a team.');
  });

  it('removes a think block and the blank lines after it, however the stream is split', () => {
    const text = '<think>\nThe candidate wants…\n</think>\n\nTell me about your last project.';
    for (const pieces of splits(text)) {
      expect(streamAll(pieces)).toBe('Tell me about your last project.');
    }
  });

  it('removes the empty block Qwen3 emits with thinking switched off', () => {
    expect(streamAll(['<think>', '\n\n', '</think>', '\n\n', 'Hello'])).toBe('Hello');
  });

  it('keeps text before a think block and removes several blocks', () => {
    expect(stripThink('A <think>x</think>B <think>y</think>C')).toBe('A B C');
  });

  it('does not hold back text longer than a possible tag prefix', () => {
    const s = new ThinkStripper();
    expect(s.push('Use a <b>')).toBe('Use a <b>');
    expect(s.push('and <th')).toBe('and ');
    expect(s.push('ree>')).toBe('<three>');
  });

  it('treats a dangling partial tag at the end as text', () => {
    expect(streamAll(['1 < 2 and x <thi'])).toBe('1 < 2 and x <thi');
  });

  it('drops an unclosed think block when the stream ends', () => {
    expect(streamAll(['Answer. <think>still reasoning'])).toBe('Answer. ');
  });
});
