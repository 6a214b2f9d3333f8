import { describe, expect, it } from 'vitest';
import { Marked } from 'marked';
import { streamingBlocks } from '../../../../src/lib/ui/streaming-blocks';

// The parser the app renders with (sanitizing needs a DOM; it does not change the structure here).
const marked = new Marked({ gfm: true, breaks: true, async: false });
const html = (text: string) => (marked.parse(text) as string).replace(/>\s+</g, '><').trim();

describe('streamingBlocks', () => {
  it('splits paragraphs at blank lines and keeps every character of the text', () => {
    const text = 'First paragraph.\nSame paragraph.\n\n\nSecond **bold**.\n\nThird, still stream';
    const blocks = streamingBlocks(text);
    expect(blocks).toEqual(['First paragraph.\nSame paragraph.', 'Second **bold**.', 'Third, still stream']);
    // Rendered one by one, the blocks give the same HTML as the whole text.
    expect(blocks.map(html).join('')).toBe(html(text));
  });

  it('keeps finished blocks unchanged while the last one grows', () => {
    const full = 'Intro line.\n\nA list follows:\n\n- one\n\n- two\n\nClosing words here.';
    let previous: string[] = [];
    for (let end = 1; end <= full.length; end++) {
      const blocks = streamingBlocks(full.slice(0, end));
      // Every block but the last of the previous frame is still there, unchanged.
      expect(blocks.slice(0, Math.max(0, previous.length - 1))).toEqual(previous.slice(0, -1));
      previous = blocks;
    }
    expect(previous).toEqual(['Intro line.', 'A list follows:\n\n- one\n\n- two', 'Closing words here.']);
  });

  it('never splits a list, an indented continuation or a fenced code block with blank lines', () => {
    const list = '1. first\n\n2. second\n\n   more of the second';
    expect(streamingBlocks(list)).toEqual([list]);
    const code = 'Before.\n\n```js\nconst a = 1;\n\n\nconst b = 2;\n```\n\nAfter.';
    expect(streamingBlocks(code)).toEqual(['Before.', '```js\nconst a = 1;\n\n\nconst b = 2;\n```', 'After.']);
    expect(streamingBlocks(code).map(html).join('')).toBe(html(code));
    expect(html(list)).toContain('more of the second');
    expect(streamingBlocks('Text.\n\n~~~\nopen fence\n\nstill code')).toEqual(['Text.', '~~~\nopen fence\n\nstill code']);
  });

  it('waits for the next line before closing a block, and ignores leading blank lines', () => {
    expect(streamingBlocks('Done.\n\n')).toEqual(['Done.\n\n']);
    expect(streamingBlocks('Done.\n\n1')).toEqual(['Done.\n\n1']);
    expect(streamingBlocks('\n\nHello')).toEqual(['\n\nHello']);
    expect(streamingBlocks('')).toEqual(['']);
  });
});
