/**
 * The one small JSON request of coverage: which requirement ids are near-duplicates. The list
 * sent is cut to what fits a share of the engine's window (a long description's tail is left
 * unmerged rather than overflow the request); the reply may only name ids of that list.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { JobRequirement } from '../../domain/records';
import type { TokenCounter } from '../../domain/tokens';
import type { TokenUsage } from '../../domain/chat';
import { addUsage, emptyUsage } from '../../domain/usage';
import { renderPrompt } from '../../domain/prompt-template';
import { DUPLICATES_SHAPE, duplicatesJsonSchema, readDuplicateGroups, requirementLines } from '../../domain/coaching/merge';
import { requestJson } from '../chat/json-request';
import template from '../../../prompts/coverage-duplicates.md?raw';

/** The share of the context window the list may take; the rest is the instructions and the reply. */
const LIST_SHARE = 0.4;
const REPLY_TOKENS = 512;

/** A quote that closes the tag would read as instructions: defused, the rest verbatim. */
const defuse = (text: string) => text.replace(/<(\/?)\s*requirements\s*>/gi, '‹$1requirements›');

/** The requirements, from the first, whose lines fit `budget` tokens. */
export function requirementsWithin(requirements: readonly JobRequirement[], budget: number, count: TokenCounter): JobRequirement[] {
  const taken: JobRequirement[] = [];
  let used = 0;
  for (const r of requirements) {
    used += count(requirementLines([r])) + 1;
    if (used > budget) break;
    taken.push(r);
  }
  return taken;
}

export function renderDuplicatesPrompt(requirements: readonly JobRequirement[]): string {
  return renderPrompt(template.trim(), { requirements: defuse(requirementLines(requirements)), shape: DUPLICATES_SHAPE });
}

export async function askForDuplicates(request: {
  engine: ChatEngine;
  requirements: readonly JobRequirement[];
  count: TokenCounter;
  signal: AbortSignal;
}): Promise<{ groups: string[][]; usage: TokenUsage }> {
  const { engine, count, signal } = request;
  const listed = requirementsWithin(request.requirements, Math.floor(engine.contextWindow * LIST_SHARE), count);
  let usage = emptyUsage();
  if (listed.length < 2) return { groups: [], usage };
  const groups = await requestJson({
    engine,
    prompt: renderDuplicatesPrompt(listed),
    shape: DUPLICATES_SHAPE,
    schema: duplicatesJsonSchema,
    validate: (value) => {
      const read = readDuplicateGroups(value, listed);
      return read.ok ? { ok: true, value: read.groups } : read;
    },
    failure: 'The model could not say which requirements repeat each other.',
    signal,
    count,
    maxTokens: REPLY_TOKENS,
    // A side request of no interview: its tokens belong to no session's counter, so the
    // coverage screen says what it cost (a repair included).
    onUsage: async (used) => {
      usage = addUsage(usage, used);
    },
  });
  return { groups, usage };
}
