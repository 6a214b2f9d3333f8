/**
 * A project from a Markdown/README file, one project per file: the title is the first
 * heading (else the file name), tags come from front matter (`tags: [a, b]` or a YAML list)
 * or a "Tags:" line, a link from front matter (`link`, `url`, `repo`, `homepage`) or a
 * "Link:" line. The rest of the text is the description, kept as Markdown.
 */
import type { ProjectDraft } from '../../domain/twin/projects';
import { normalizeTags, safeLink } from '../../domain/twin/projects';
import { AppError } from '../../domain/errors';
import { readFileText } from './read-text';

const LINK_KEYS = ['link', 'url', 'repo', 'repository', 'homepage', 'website'];

interface FrontMatter {
  values: Map<string, string | string[]>;
  body: string;
}

function unquote(value: string): string {
  return value.trim().replace(/^["'](.*)["']$/, '$1');
}

/** Reads the small YAML subset people put in README front matter: `key: value`, `key: [a, b]`, `key:` + `- item` lines. */
function readFrontMatter(text: string): FrontMatter {
  const values = new Map<string, string | string[]>();
  const match = text.match(/^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/);
  if (!match) return { values, body: text };
  let listKey: string | undefined;
  for (const raw of (match[1] ?? '').split(/\r?\n/)) {
    const item = raw.match(/^\s*-\s+(.*)$/);
    if (item && listKey) {
      const list = values.get(listKey);
      if (Array.isArray(list)) list.push(unquote(item[1] ?? ''));
      continue;
    }
    const pair = raw.match(/^([A-Za-z_][\w-]*)\s*:\s*(.*)$/);
    if (!pair) continue;
    const key = (pair[1] ?? '').toLowerCase();
    const value = (pair[2] ?? '').trim();
    if (value === '') {
      values.set(key, []);
      listKey = key;
    } else if (value.startsWith('[') && value.endsWith(']')) {
      values.set(key, value.slice(1, -1).split(',').map(unquote));
      listKey = undefined;
    } else {
      values.set(key, unquote(value));
      listKey = undefined;
    }
  }
  return { values, body: text.slice(match[0].length) };
}

function titleFromFileName(fileName: string): string {
  const base = fileName.replace(/\.(md|markdown|txt)$/i, '');
  return /^readme$/i.test(base) ? '' : base.replace(/[-_]+/g, ' ').trim();
}

export function projectFromMarkdown(markdown: string, fileName = ''): ProjectDraft {
  const { values, body } = readFrontMatter(markdown.replace(/^\uFEFF/, ''));
  const lines = body.split(/\r?\n/);
  let title = typeof values.get('title') === 'string' ? (values.get('title') as string) : '';
  let tags: string[] = [];
  let link: string | undefined;

  const fmTags = values.get('tags') ?? values.get('keywords') ?? values.get('topics');
  if (fmTags !== undefined) tags = normalizeTags(fmTags);
  for (const key of LINK_KEYS) {
    const value = values.get(key);
    if (typeof value === 'string' && safeLink(value)) {
      link = safeLink(value);
      break;
    }
  }

  const kept: string[] = [];
  let inFence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence) {
      const atx = line.match(/^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/);
      const next = lines[i + 1] ?? '';
      if (title === '' && atx) {
        title = atx[1] ?? '';
        continue;
      }
      if (title === '' && line.trim() !== '' && /^\s{0,3}(=+|-+)\s*$/.test(next)) {
        title = line.trim();
        i++;
        continue;
      }
      const tagLine = line.match(/^\s*(?:[*_]{1,2})?tags(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s*(.*)$/i);
      if (tagLine && tags.length === 0) {
        tags = normalizeTags((tagLine[1] ?? '').replace(/`/g, ''));
        continue;
      }
      const linkLine = line.match(/^\s*(?:[*_]{1,2})?(?:link|url|repo|demo)(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s*<?(\S+?)>?\s*$/i);
      if (linkLine && link === undefined && safeLink(linkLine[1])) {
        link = safeLink(linkLine[1]);
        continue;
      }
    }
    kept.push(line);
  }
  const draft: ProjectDraft = {
    title: title.replace(/[*_`]/g, '').trim() || titleFromFileName(fileName) || 'Untitled project',
    description: kept
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    tags,
  };
  if (link) draft.link = link;
  return draft;
}

export async function readProjectMarkdown(file: File): Promise<ProjectDraft> {
  let text: string;
  try {
    text = (await readFileText(file)).text;
  } catch (cause) {
    throw new AppError('file-unreadable', `Could not read “${file.name}”. Check the file is not open in another program, then try again.`, {
      cause,
    });
  }
  if (text.trim() === '') throw new AppError('file-unreadable', `“${file.name}” is empty.`);
  return projectFromMarkdown(text, file.name);
}
