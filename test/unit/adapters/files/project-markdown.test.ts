import { describe, expect, it } from 'vitest';
import { projectFromMarkdown, readProjectMarkdown } from '../../../../src/adapters/files/project-markdown';

describe('projectFromMarkdown', () => {
  it('takes the title from the first heading and tags from a Tags: line', () => {
    const md =
      '# Rehearse\n\n**Tags:** Svelte, WebGPU, `rust`\nLink: https://github.com/ada/rehearse\n\nAn interview coach.\n\n## Details\nMore.';
    expect(projectFromMarkdown(md, 'README.md')).toEqual({
      title: 'Rehearse',
      description: 'An interview coach.\n\n## Details\nMore.',
      tags: ['Svelte', 'WebGPU', 'rust'],
      link: 'https://github.com/ada/rehearse',
    });
  });

  it('reads front matter: title, list tags and a link', () => {
    const md = '---\ntitle: "Engine"\ntags:\n  - math\n  - hardware\nrepo: https://example.org/engine\n---\nBody text.';
    expect(projectFromMarkdown(md)).toEqual({
      title: 'Engine',
      description: 'Body text.',
      tags: ['math', 'hardware'],
      link: 'https://example.org/engine',
    });
    expect(projectFromMarkdown('---\ntags: [a, "b"]\n---\nSetext Title\n===\nText').tags).toEqual(['a', 'b']);
    expect(projectFromMarkdown('---\ntags: [a, "b"]\n---\nSetext Title\n===\nText').title).toBe('Setext Title');
  });

  it('drops unsafe links and falls back to the file name for the title', () => {
    const draft = projectFromMarkdown('Link: javascript:alert(1)\nJust text.', 'my-cool_project.md');
    expect(draft.title).toBe('my cool project');
    expect(draft.link).toBeUndefined();
    expect(draft.description).toContain('Link: javascript:alert(1)');
  });

  it('ignores headings inside code fences', () => {
    expect(projectFromMarkdown('```\n# not a title\n```\n# Real', 'x.md').title).toBe('Real');
  });
});

describe('readProjectMarkdown', () => {
  it('reads a File and refuses an empty one', async () => {
    expect((await readProjectMarkdown(new File(['# Engine\nText'], 'engine.md'))).title).toBe('Engine');
    await expect(readProjectMarkdown(new File([' '], 'empty.md'))).rejects.toThrow(/empty/);
  });
});
