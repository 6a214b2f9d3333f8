/**
 * The twin's system message, rebuilt for every user message: the user's instructions, their
 * resume, the 3 saved answers most similar to the question (as few-shot examples) and the
 * 2 most relevant projects. Each part has its own token budget so a long resume can never
 * crowd out the examples. Pure: similarity comes in as scored items.
 */
import type { Project, QAPair } from '../records';
import { truncateToTokens } from './truncate';
import { words } from './lexical';
import type { CountTokens, Scored } from './types';

export interface TwinPartBudgets {
  instructions: number;
  resume: number;
  examples: number;
  projects: number;
}

export const TOP_EXAMPLES = 3;
export const TOP_PROJECTS = 2;
/**
 * Added per tag named in the question, as a share of the best raw score: relative, so it means
 * the same for BM25 scores (unbounded) and fused/cosine scores (small), and a named tag lifts
 * its project over an untagged one that merely shares words.
 */
export const TAG_BOOST = 1;

/**
 * Budgets as shares of the context window, capped: the source system keeps the system
 * message small on purpose, so history and the reply get the rest.
 */
export function twinBudgets(contextWindow: number): TwinPartBudgets {
  const share = (fraction: number, min: number, max: number) => Math.max(min, Math.min(max, Math.floor(contextWindow * fraction)));
  return {
    instructions: share(0.08, 150, 800),
    resume: share(0.22, 200, 2500),
    examples: share(0.14, 150, 1500),
    projects: share(0.1, 100, 1000),
  };
}

/** True when every word of the tag appears in the question ("machine learning" needs both). */
function tagInQuestion(tag: string, questionWords: Set<string>): boolean {
  const tagWords = words(tag);
  return tagWords.length > 0 && tagWords.every((w) => questionWords.has(w));
}

/** The tags the question names (each worth TAG_BOOST); shown in the Inspect panel too. */
export function tagsNamedIn(tags: readonly string[], question: string): string[] {
  const questionWords = new Set(words(question));
  return tags.filter((tag) => tagInQuestion(tag, questionWords));
}

/** Boosts projects whose tags the question names, then orders best first. */
export function boostProjectsByTags(projects: Scored<Project>[], question: string, boost = TAG_BOOST): Scored<Project>[] {
  const unit = Math.max(0, ...projects.map((p) => p.score)) || 1;
  return projects
    .map(({ item, score }) => {
      const matched = tagsNamedIn(item.tags, question).length;
      return { item, score: score + matched * boost * unit };
    })
    .sort((a, b) => b.score - a.score);
}

export interface TwinSystemInput {
  name: string;
  /** The profile's editable prompt; `{{name}}` in it becomes the profile name. */
  instructions: string;
  resume: string;
  question: string;
  /** Q&A pairs scored against the question, any order. */
  qa: Scored<QAPair>[];
  /** Projects scored against the question, any order (tag boost is applied here). */
  projects: Scored<Project>[];
  budgets: TwinPartBudgets;
  countTokens: CountTokens;
}

export interface TwinSystemMessage {
  text: string;
  tokens: number;
  /** What made it in, with scores (for the Inspect panel). */
  examples: Scored<QAPair>[];
  projects: Scored<Project>[];
  resumeTruncated: boolean;
  partTokens: TwinPartBudgets;
}

function formatExample(name: string, pair: QAPair): string {
  return `Interviewer: ${pair.question}\n${name}: ${pair.answer}`;
}

function formatProject(project: Project): string {
  const lines = [`### ${project.title}`];
  if (project.tags.length > 0) lines.push(`Tags: ${project.tags.join(', ')}`);
  if (project.link) lines.push(`Link: ${project.link}`);
  if (project.description) lines.push(project.description);
  return lines.join('\n');
}

/**
 * Takes items best-first while they fit; the first item that does not fit whole is shortened
 * (at a sentence end) when at least a useful part of it fits, and nothing after it is added.
 */
function fitItems<T>(
  items: Scored<T>[],
  budget: number,
  format: (item: T) => string,
  countTokens: CountTokens,
): { blocks: string[]; used: Scored<T>[]; tokens: number } {
  const blocks: string[] = [];
  const used: Scored<T>[] = [];
  let tokens = 0;
  for (const scored of items) {
    const block = format(scored.item);
    const cost = countTokens(block) + 1;
    if (tokens + cost <= budget) {
      blocks.push(block);
      used.push(scored);
      tokens += cost;
      continue;
    }
    const left = budget - tokens - 1;
    // Less than ~40 tokens of an example teaches the model nothing; leave it out.
    if (left >= 40) {
      const cut = truncateToTokens(block, left, countTokens);
      if (cut.text !== '') {
        blocks.push(cut.text);
        used.push(scored);
        tokens += countTokens(cut.text) + 1;
      }
    }
    break;
  }
  return { blocks, used, tokens };
}

export function buildTwinSystemMessage(input: TwinSystemInput): TwinSystemMessage {
  const { countTokens, budgets } = input;
  const name = input.name.trim() || 'the candidate';
  const instructions = truncateToTokens(input.instructions.replaceAll('{{name}}', name), budgets.instructions, countTokens);
  const resume = truncateToTokens(input.resume, budgets.resume, countTokens);

  const qa = [...input.qa]
    .filter((s) => s.item.question.trim() !== '' && s.item.answer.trim() !== '')
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP_EXAMPLES);
  const projects = boostProjectsByTags(input.projects, input.question).slice(0, TOP_PROJECTS);

  const examples = fitItems(qa, budgets.examples, (pair) => formatExample(name, pair), countTokens);
  const projectBlocks = fitItems(projects, budgets.projects, formatProject, countTokens);

  const sections = [instructions.text];
  if (resume.text) sections.push(`## ${name}'s resume\n${resume.text}`);
  if (examples.blocks.length > 0) {
    sections.push(`## How ${name} has answered similar questions (match this voice and these facts)\n${examples.blocks.join('\n\n')}`);
  }
  if (projectBlocks.blocks.length > 0) sections.push(`## Projects that may be relevant\n${projectBlocks.blocks.join('\n\n')}`);
  const text = sections.filter((s) => s.trim() !== '').join('\n\n');

  return {
    text,
    tokens: countTokens(text),
    examples: examples.used,
    projects: projectBlocks.used,
    resumeTruncated: resume.truncated,
    partTokens: {
      instructions: countTokens(instructions.text),
      resume: countTokens(resume.text),
      examples: examples.tokens,
      projects: projectBlocks.tokens,
    },
  };
}
