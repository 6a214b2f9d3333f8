import { describe, expect, it } from 'vitest';
import { splitSentences, stripMarkdown } from '../../../../src/domain/voice/sentences';

describe('splitSentences', () => {
  it('splits plain text into sentences', () => {
    expect(splitSentences('Thanks for that. Tell me about a conflict! How did it end?')).toEqual([
      'Thanks for that.',
      'Tell me about a conflict!',
      'How did it end?',
    ]);
  });

  it('keeps abbreviations and initials inside their sentence', () => {
    expect(splitSentences('Name a tool, e.g. Docker or K8s. Then i.e. explain it. Dr. Smith and J. Doe agree.')).toEqual([
      'Name a tool, e.g. Docker or K8s.',
      'Then i.e. explain it.',
      'Dr. Smith and J. Doe agree.',
    ]);
  });

  it('does not read markdown symbols aloud', () => {
    const pieces = splitSentences(
      '## Question 2\n\n**Great answer.** Now, describe `kubectl` and see [the docs](https://x.y).\n\n- first point\n- second point',
    );
    const joined = pieces.join(' ');
    expect(joined).not.toMatch(/[*#`[\]()]/);
    expect(joined).toContain('Great answer.');
    expect(joined).toContain('kubectl');
    expect(joined).toContain('the docs');
    expect(joined).not.toContain('https');
    expect(joined).toContain('first point');
  });

  it('splits an overlong sentence at commas so Chrome does not cut it off', () => {
    const long = Array.from({ length: 12 }, (_, i) => `clause number ${i} with a few more words`).join(', ') + '.';
    const pieces = splitSentences(long, { maxChars: 100 });
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(100);
    expect(pieces.join(' ')).toBe(long);
  });

  it('returns nothing for empty or symbol-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('  ***  \n---\n')).toEqual([]);
  });

  it('works for other languages through Intl.Segmenter', () => {
    expect(splitSentences('Bonjour. Parlez-moi de vous ?', { locale: 'fr' })).toEqual(['Bonjour.', 'Parlez-moi de vous ?']);
  });
});

describe('stripMarkdown', () => {
  it('keeps the words of emphasis, links and headings', () => {
    expect(stripMarkdown('# Title\n*a* __b__ [c](http://d)').replace(/\s+/g, ' ').trim()).toBe('Title a b c');
  });
  it('drops code fences and images', () => {
    expect(stripMarkdown('x ```js\nalert(1)\n``` y ![img](a.png)').replace(/\s+/g, ' ').trim()).toBe('x y');
  });
});
