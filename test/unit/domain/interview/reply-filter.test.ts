import { describe, expect, it } from 'vitest';
import { cleanReply, ReplyFilter } from '../../../../src/domain/interview/reply-filter';

function streamed(pieces: string[]): { shown: string; filter: ReplyFilter } {
  const filter = new ReplyFilter();
  let shown = '';
  for (const piece of pieces) shown += filter.push(piece);
  shown += filter.flush();
  return { shown, filter };
}

describe('ReplyFilter', () => {
  it('reads and hides a follow-up marker split across pieces', () => {
    const { shown, filter } = streamed(['[FOL', 'LOW-', 'UP]', ' What was', ' the outcome?']);
    expect(shown).toBe('What was the outcome?');
    expect(filter.decision).toBe('follow-up');
  });

  it('reads [NEXT], bold markers and speaker labels', () => {
    expect(cleanReply('**[NEXT]**\nInterviewer: Thanks. How do you test?')).toEqual({
      text: 'Thanks. How do you test?',
      decision: 'next',
      cut: false,
    });
  });

  it('passes replies without a marker through unchanged', () => {
    const { shown, filter } = streamed(['As a', ' follow-up, ', 'why?']);
    expect(shown).toBe('As a follow-up, why?');
    expect(filter.decision).toBeUndefined();
    expect(cleanReply('[Note] text').text).toBe('[Note] text');
  });

  it('removes <think> blocks before reading the marker', () => {
    expect(cleanReply('<think>the answer was vague</think>\n[FOLLOW-UP] Could you give an example?')).toEqual({
      text: 'Could you give an example?',
      decision: 'follow-up',
      cut: false,
    });
  });

  it('cuts the reply where the model starts writing the candidate part, even across pieces', () => {
    const { shown, filter } = streamed(['Why Go?\n', 'Candi', 'date: Because it is fast.\nInterviewer: Great.']);
    expect(shown).toBe('Why Go?');
    expect(filter.cut).toBe(true);
    expect(filter.push('more')).toBe('');
  });

  it('never shows held-back text twice and shows everything at the end', () => {
    const pieces = 'Line one.\nOk\nLine three is a longer line?'.split('');
    expect(streamed(pieces).shown).toBe('Line one.\nOk\nLine three is a longer line?');
  });

  it('finds a candidate label on a late line however the text is split, as when given whole', () => {
    const body = Array.from({ length: 40 }, (_, i) => `Line ${i} of a long reply with some words.`).join('\n');
    for (const text of [`${body}\nCandidate: I would say`, `${body}\n\n  **Candidate**: I would say`, `${body}\nNo label here.`]) {
      const whole = cleanReply(text);
      for (const size of [1, 3, 7, 50]) {
        const pieces = text.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!;
        const filter = new ReplyFilter();
        for (const piece of pieces) filter.push(piece);
        filter.flush();
        expect({ text: filter.visibleText, cut: filter.cut }).toEqual({ text: whole.text, cut: whole.cut });
      }
      expect(whole.cut).toBe(text.includes('Candidate'));
    }
  });
});
