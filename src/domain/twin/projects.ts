/** Project entries of a profile: validation and the rules for links and tags. */
import type { Project } from '../records';
import { AppError } from '../errors';
import { isLoopbackHost } from '../remote-presets';

export interface ProjectDraft {
  title: string;
  description: string;
  tags: string[] | string;
  link?: string;
}

export const MAX_PROJECT_DESCRIPTION_CHARS = 20_000;

/** What a project link may be, in words for a refused file ("… is damaged: links must be …"). */
export const LINK_RULE = 'links must be https:, mailto: or http://localhost';

/**
 * Only https:, mailto: and http: on this computer are kept: links end up in model prompts
 * and are rendered as links, and any other scheme (javascript:, data:, http: to another
 * machine) is a risk or a privacy leak. Every door checks with this: the project form, a
 * Markdown project file, a twin pack, a backup, and the screen that renders the link.
 */
export function safeLink(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'mailto:') return url.href;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname) && url.username === '' && url.password === '') return url.href;
  } catch {
    // not a URL at all
  }
  return undefined;
}

/** Splits "a, b; c" or a list into trimmed, de-duplicated (case-insensitive) tags. */
export function normalizeTags(tags: string[] | string): string[] {
  const list = typeof tags === 'string' ? tags.split(/[,;\n]/) : tags;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const tag = raw.trim().replace(/^#/, '').replace(/\s+/g, ' ');
    const key = tag.toLowerCase();
    if (tag === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out;
}

/** Validates a draft into a Project, throwing `invalid-input` with what to fix. */
export function toProject(draft: ProjectDraft, id: string): Project {
  const title = draft.title.trim();
  if (title === '') throw new AppError('invalid-input', 'Give the project a title.');
  const description = draft.description.trim();
  if (description.length > MAX_PROJECT_DESCRIPTION_CHARS) {
    throw new AppError(
      'invalid-input',
      `The description is too long (over ${MAX_PROJECT_DESCRIPTION_CHARS} characters). Keep the parts an interviewer would ask about.`,
    );
  }
  const rawLink = draft.link?.trim();
  const link = safeLink(rawLink);
  if (rawLink && !link)
    throw new AppError(
      'invalid-input',
      'Links must start with https:// (or mailto: for an email address, or http://localhost for this computer).',
    );
  const project: Project = { id, title, description, tags: normalizeTags(draft.tags) };
  if (link) project.link = link;
  return project;
}
