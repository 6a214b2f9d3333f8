/**
 * The twin pack: one versioned JSON file holding a profile, so the twin can be shown on
 * another device. It never holds settings or keys. Import validates everything and refuses
 * a malformed, foreign or newer file with its reason, before anything is changed.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { LINK_RULE, safeLink } from './projects';
import type { TwinProfile } from './types';

export const TWIN_PACK_FORMAT = 'rehearse-twin-pack';
export const TWIN_PACK_VERSION = 1;

const text = (max: number) => z.string().max(max);

const qaSchema = z.object({ id: text(200), question: text(2_000), answer: text(20_000) });
const projectSchema = z.object({
  id: text(200),
  title: text(500),
  description: text(20_000),
  tags: z.array(text(100)).max(50),
  link: text(2_000)
    .optional()
    .refine((v) => v === undefined || safeLink(v) !== undefined, LINK_RULE),
});
const suggestionsSchema = z.object({ questions: z.array(text(500)).max(20), engineId: text(300), createdAt: z.number() });

const profileSchema = z.object({
  id: text(200),
  name: text(200),
  systemPrompt: text(20_000),
  resume: text(200_000),
  qa: z.array(qaSchema).max(100_000),
  projects: z.array(projectSchema).max(500),
  createdAt: z.number(),
  updatedAt: z.number(),
  suggestedQuestions: suggestionsSchema.optional(),
});

export interface TwinPack {
  format: typeof TWIN_PACK_FORMAT;
  version: typeof TWIN_PACK_VERSION;
  exportedAt: number;
  profile: TwinProfile;
}

/** Builds the pack from a stored profile, copying only the known fields (nothing else can leak in). */
export function toTwinPack(profile: TwinProfile, exportedAt: number): TwinPack {
  const clean: TwinProfile = {
    id: profile.id,
    name: profile.name,
    systemPrompt: profile.systemPrompt,
    resume: profile.resume,
    qa: profile.qa.map(({ id, question, answer }) => ({ id, question, answer })),
    projects: profile.projects.map(({ id, title, description, tags, link }) => ({
      id,
      title,
      description,
      tags: [...tags],
      ...(link ? { link } : {}),
    })),
    createdAt: profile.createdAt,
    updatedAt: profile.updatedAt,
  };
  if (profile.suggestedQuestions)
    clean.suggestedQuestions = { ...profile.suggestedQuestions, questions: [...profile.suggestedQuestions.questions] };
  return { format: TWIN_PACK_FORMAT, version: TWIN_PACK_VERSION, exportedAt, profile: clean };
}

export function twinPackFileName(profile: TwinProfile): string {
  const slug =
    profile.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'twin';
  return `${slug}.rehearse-twin.json`;
}

function refuse(reason: string, cause?: unknown): AppError {
  return new AppError(
    'invalid-import',
    `This file can’t be imported: ${reason} Nothing was changed.`,
    cause === undefined ? {} : { cause },
  );
}

/** Parses and validates a pack's text. Throws `invalid-import` with the reason. */
export function parseTwinPack(json: string): TwinPack {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (cause) {
    throw refuse('it is not valid JSON (it may be damaged or not a twin pack).', cause);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw refuse('it is not a Rehearse twin pack.');
  const head = data as { format?: unknown; version?: unknown };
  if (head.format !== TWIN_PACK_FORMAT) throw refuse('it is not a Rehearse twin pack (export one from Twin → Export profile).');
  if (typeof head.version !== 'number' || !Number.isInteger(head.version) || head.version < 1)
    throw refuse('its version is missing or invalid.');
  if (head.version > TWIN_PACK_VERSION) {
    throw refuse(
      `it was made by a newer version of Rehearse (pack version ${head.version}; this one reads version ${TWIN_PACK_VERSION}). Update Rehearse (reload the page) and try again.`,
    );
  }
  const parsed = z.object({ exportedAt: z.number().optional(), profile: profileSchema }).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw refuse(`its profile is incomplete or damaged${where ? ` (at “${where}”: ${issue?.message ?? 'invalid'})` : ''}.`, parsed.error);
  }
  const profile = parsed.data.profile as TwinProfile;
  if (!profile.suggestedQuestions) delete profile.suggestedQuestions;
  for (const p of profile.projects) if (p.link === undefined) delete p.link;
  return { format: TWIN_PACK_FORMAT, version: TWIN_PACK_VERSION, exportedAt: parsed.data.exportedAt ?? 0, profile };
}
