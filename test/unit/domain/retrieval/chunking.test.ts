import { describe, expect, it } from 'vitest';
import { chunkText } from '../../../../src/domain/retrieval/chunking';

/** Every word of the source must appear, in order, across the chunks (nothing dropped). */
function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== '');
}

function assertLossless(source: string, chunks: string[]): void {
  const all = chunks.join(' ');
  for (const word of new Set(wordsOf(source))) expect(all).toContain(word);
}

describe('chunkText', () => {
  it('returns nothing for empty or blank text', () => {
    expect(chunkText('')).toEqual([]);
    expect(chunkText('  \n\n \t ')).toEqual([]);
  });

  it('keeps a short text as one chunk', () => {
    expect(chunkText('We build payment APIs. You will own them.')).toEqual(['We build payment APIs. You will own them.']);
  });

  it('treats newline-separated JD bullets as separate units and keeps line breaks', () => {
    const jd = 'Requirements:\n- 5+ years of TypeScript\n- Experience with React\n• Kubernetes in production';
    const chunks = chunkText(jd, { maxChars: 60, overlapSentences: 0 });
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(60);
    // No bullet is glued to another bullet's sentence on the same line.
    expect(chunks.join('\n')).toContain('- 5+ years of TypeScript\n- Experience with React');
    assertLossless(jd, chunks);
  });

  it('splits at sentence boundaries and overlaps one sentence by default', () => {
    const text = 'Alpha one is here. Bravo two is here. Charlie three is here. Delta four is here.';
    const chunks = chunkText(text, { maxChars: 45 });
    expect(chunks).toEqual([
      'Alpha one is here. Bravo two is here.',
      'Bravo two is here. Charlie three is here.',
      'Charlie three is here. Delta four is here.',
    ]);
  });

  it('without overlap, chunks partition the sentences', () => {
    const text = 'Alpha one is here. Bravo two is here. Charlie three is here. Delta four is here.';
    const chunks = chunkText(text, { maxChars: 45, overlapSentences: 0 });
    expect(chunks).toEqual(['Alpha one is here. Bravo two is here.', 'Charlie three is here. Delta four is here.']);
  });

  it('splits an over-long sentence at word boundaries instead of truncating it', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`);
    const sentence = words.join(' ') + '.';
    const chunks = chunkText(sentence, { maxChars: 100, overlapSentences: 0 });
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(100);
    expect(
      chunks
        .join(' ')
        .split(/\s+/)
        .map((w) => w.replace(/\.$/, '')),
    ).toEqual(words);
  });

  it('splits a space-less token (a long URL) by characters, losing none', () => {
    const url = 'https://example.com/' + 'x'.repeat(250);
    const chunks = chunkText(url, { maxChars: 50, overlapSentences: 0 });
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(50);
    expect(chunks.join('').replace(/\s/g, '')).toBe(url);
  });

  it('handles CJK text without spaces', () => {
    const sentence = '我们正在寻找一位熟悉分布式系统和数据库的后端工程师。';
    const text = sentence.repeat(20);
    const chunks = chunkText(text, { maxChars: 60, overlapSentences: 0, locale: 'zh' });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(60);
    expect(chunks.join('').replace(/\s/g, '')).toBe(text);
    // Sentence boundaries are respected: each chunk ends with the full stop.
    for (const c of chunks) expect(c.endsWith('。')).toBe(true);
  });

  it('turns a 100 KB job description into many bounded chunks with nothing lost', () => {
    const lines: string[] = [];
    for (let i = 0; lines.join('\n').length < 100_000; i++) {
      lines.push(i % 5 === 0 ? `Section ${i}:` : `- Requirement ${i}: experience with system${i} and tool${i}. Nice to have: skill${i}`);
    }
    const jd = lines.join('\n');
    const chunks = chunkText(jd, { maxChars: 600 });
    expect(chunks.length).toBeGreaterThan(150);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(600);
    const all = chunks.join('\n');
    expect(all).toContain(`system${lines.length - 1} `);
    for (let i = 1; i < lines.length; i += 97) expect(all).toContain(lines[i] as string);
  });

  it('never lets the overlap prevent progress when a sentence is nearly maxChars long', () => {
    const long = 'b'.repeat(35) + '.';
    const text = `Short one. ${long} ${long} Tail.`;
    const chunks = chunkText(text, { maxChars: 40, overlapSentences: 2 });
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(40);
    assertLossless(text, chunks);
  });
});
