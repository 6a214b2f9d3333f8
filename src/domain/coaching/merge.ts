/**
 * Near-duplicate requirements ("Experience with Python" and "Strong Python skills") merged with
 * the model's help. The model only names ids; code merges existing verbatim items and never
 * takes text from the reply, so a merge can shorten the list but cannot put words into it.
 */
import { z } from 'zod';
import type { JobRequirement } from '../records';

/** What the model writes: groups of ids that say the same thing. */
export const duplicatesReplySchema = z.object({ duplicates: z.array(z.array(z.string())) });

/** The same shape as JSON Schema, for engines that constrain decoding. */
export const duplicatesJsonSchema: Record<string, unknown> = {
  type: 'object',
  properties: { duplicates: { type: 'array', items: { type: 'array', items: { type: 'string' } } } },
  required: ['duplicates'],
  additionalProperties: false,
};

export const DUPLICATES_SHAPE = '{"duplicates": [["r2", "r7"]]}';

/** The list as the prompt shows it: one "id: text" line each. */
export function requirementLines(requirements: readonly JobRequirement[]): string {
  return requirements.map((r) => `${r.id}: ${r.text.replace(/\s+/g, ' ')}`).join('\n');
}

export type DuplicateGroups = { ok: true; groups: string[][] } | { ok: false; problem: string };

/** Checks a reply: groups of two or more known ids, each id in one group at most (unknown ids are dropped). */
export function readDuplicateGroups(value: unknown, requirements: readonly JobRequirement[]): DuplicateGroups {
  const parsed = duplicatesReplySchema.safeParse(value);
  if (!parsed.success) return { ok: false, problem: 'The reply must be {"duplicates": [[ids…], …]}.' };
  const known = new Set(requirements.map((r) => r.id));
  const taken = new Set<string>();
  const groups: string[][] = [];
  for (const group of parsed.data.duplicates) {
    const ids = [...new Set(group)].filter((id) => known.has(id) && !taken.has(id));
    if (ids.length < 2) continue;
    for (const id of ids) taken.add(id);
    groups.push(ids);
  }
  return { ok: true, groups };
}

/**
 * Merges each group into its first requirement in the list's order: the others' texts go to
 * its `merged` (still verbatim quotes), and they leave the list. Order and ids are kept.
 */
export function mergeRequirements(requirements: readonly JobRequirement[], groups: readonly string[][]): JobRequirement[] {
  const order = new Map(requirements.map((r, i) => [r.id, i]));
  const into = new Map<string, string>();
  for (const group of groups) {
    const sorted = [...group].filter((id) => order.has(id)).sort((a, b) => order.get(a)! - order.get(b)!);
    const [keep, ...rest] = sorted;
    if (keep === undefined) continue;
    for (const id of rest) if (!into.has(id) && !into.has(keep)) into.set(id, keep);
  }
  const absorbed = new Map<string, string[]>();
  for (const r of requirements) {
    const keep = into.get(r.id);
    if (keep !== undefined) absorbed.set(keep, [...(absorbed.get(keep) ?? []), r.text, ...(r.merged ?? [])]);
  }
  const result: JobRequirement[] = [];
  for (const r of requirements) {
    if (into.has(r.id)) continue;
    const more = absorbed.get(r.id);
    result.push(more ? { ...r, merged: [...(r.merged ?? []), ...more] } : { ...r });
  }
  return result;
}
