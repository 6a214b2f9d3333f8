/**
 * Exported Markdown is opened in other tools, which render links as they are: no unsafe
 * target may survive as a link or an image (issue 15, hole 2). Checked by rendering the
 * export with a CommonMark/GFM renderer (marked) and looking at what became a link.
 */
import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { neutralizeMarkdownLinks } from '../../../src/domain/markdown-policy';
import { reportToMarkdown } from '../../../src/domain/report-export';
import { XSS_PAYLOADS } from '../../fixtures/xss-payloads';
import { message, session } from './backup/sample-data';

/**
 * A target that can run script, read local data or resolve against wherever the file is
 * opened. (A bare http:// address is linked by every GFM renderer whatever we do; it is a
 * plain web link, not an injection.)
 */
const dangerous = (target: string) => !/^(https?:|mailto:)/i.test(target);

/** Every href and src a renderer would produce from this Markdown. */
function targets(markdown: string): string[] {
  const html = marked.parse(markdown, { async: false, gfm: true });
  return [...html.matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

const HOSTILE = [
  '[click me](javascript:alert(1))',
  '[click me](JaVaScRiPt:alert(1))',
  '[a [nested] label](javascript:alert(1))',
  '[spaced]( javascript:alert(1) "title")',
  '[data](data:text/html;base64,PHNjcmlwdD4=)',
  '[vb](vbscript:msgbox(1))',
  '[plain http](http://evil.example/)',
  '[relative](x)',
  '[ref link][evil]\n\n[evil]: javascript:alert(1)',
  '[ref next line][evil2]\n\n[evil2]:\n  javascript:alert(1)',
  '- [evil3]: javascript:alert(1)\n\n[list ref][evil3]',
  '![pixel](https://evil.example/pixel.png)',
  '<javascript:alert(1)>',
  '\\\\[escaped backslash](javascript:alert(1))',
];

describe('neutralizeMarkdownLinks', () => {
  it('leaves no unsafe link target and no image in what a renderer makes of it', () => {
    // Markdown syntax only: raw HTML is the export's escaping's job (tested below with the whole corpus).
    for (const text of [...HOSTILE, ...XSS_PAYLOADS.map((p) => p.text).filter((t) => !t.includes('<'))]) {
      const safe = neutralizeMarkdownLinks(text);
      expect(targets(safe).filter(dangerous), text).toEqual([]);
      expect(marked.parse(safe, { async: false }), text).not.toMatch(/<img/);
    }
  });

  it('the check can fail: the same texts, untreated, do render unsafe links', () => {
    const unsafe = HOSTILE.flatMap((text) => targets(text).filter(dangerous));
    expect(unsafe).toEqual(expect.arrayContaining(['javascript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'x']));
  });

  it('keeps safe links exactly as they are, parentheses included', () => {
    for (const text of [
      'See [the docs](https://example.org/docs) and <https://example.org>.',
      'Mail [me](mailto:ada@example.org).',
      '[wiki](https://en.wikipedia.org/wiki/STAR_(interview))',
      '[ref][ok]\n\n[ok]: https://example.org',
    ]) {
      expect(neutralizeMarkdownLinks(text)).toBe(text);
    }
  });
});

describe('the Markdown report export', () => {
  it('keeps no unsafe link from the model’s feedback, the questions or the answers', () => {
    const texts = [...HOSTILE, ...XSS_PAYLOADS.map((p) => p.text)];
    const evil = session('evil', {
      title: texts[0]!,
      guideline: { questions: texts.map((t, i) => ({ id: `q${i}`, text: t, topic: 't', requirement: t })), groundedIn: [] },
      feedback: {
        overallScore: 50,
        summary: texts.join('\n'),
        categories: { relevance: 5, depth: 5, structure: 5, clarity: 5, confidence: 5 },
        questions: texts.map((t, i) => ({
          questionId: `q${i}`,
          question: t,
          requirement: t,
          score: 5,
          evidence: [t],
          strengths: [t],
          improvements: [t],
          sampleAnswer: t,
        })),
        strengths: texts,
        improvements: texts,
        engineId: 'x',
        createdAt: 1,
      },
    });
    const messages = texts.flatMap((t, i) => [
      message('evil', 2 * i, { role: 'assistant', text: t, questionIndex: i, kind: 'question' }),
      message('evil', 2 * i + 1, { role: 'user', text: t, questionIndex: i, kind: 'answer' }),
    ]);
    const markdown = reportToMarkdown(evil, messages);
    expect(targets(markdown).filter(dangerous)).toEqual([]);
    // A Markdown link to plain http is not kept as a link either (only a bare address is, by GFM itself).
    expect(markdown).not.toContain('[plain http](http://');
    expect(marked.parse(markdown, { async: false })).not.toMatch(/<img|<script|<iframe/);
    // The text itself is still there to read.
    expect(markdown).toContain('click me');
  });
});
