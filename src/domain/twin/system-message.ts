/**
 * What the twin is sent, in two parts, so the engine can continue its cache from one question
 * to the next (see docs/twin.md, "The prompt"):
 *
 * - the system message, the same bytes for the whole conversation: the user's instructions and
 *   their resume (`buildTwinSystem`);
 * - per question, notes that travel in the newest user message: the 3 saved answers most
 *   similar to the question (few-shot examples) and the 2 most relevant projects
 *   (`buildQuestionNotes`). An example or project the engine still sees in an earlier question's
 *   notes is not repeated.
 *
 * Each part has its own token budget so a long resume can never crowd out the examples. Pure:
 * similarity comes in as scored items.
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
  budgets: Pick<TwinPartBudgets, 'instructions' | 'resume'>;
  countTokens: CountTokens;
}

export interface TwinSystem {
  text: string;
  tokens: number;
  resumeTruncated: boolean;
  /** The resume as it went in (shortened to its budget), for other prompts that quote it. */
  resume: string;
}

export interface QuestionNotesInput {
  name: string;
  question: string;
  /** Q&A pairs scored against the question, any order. */
  qa: Scored<QAPair>[];
  /** Projects scored against the question, any order (tag boost is applied here). */
  projects: Scored<Project>[];
  budgets: Pick<TwinPartBudgets, 'examples' | 'projects'>;
  countTokens: CountTokens;
  /** What the engine still sees of the conversation (earlier messages as sent): blocks already there are not repeated. */
  earlier?: readonly string[];
}

/** One example or project chosen for the question; `earlier` when it is already in the conversation and was not repeated. */
export type Chosen<T> = Scored<T> & { earlier?: boolean };

export interface QuestionNotes {
  /** The notes (empty when there is nothing to add). */
  text: string;
  tokens: number;
  /** Best first, as chosen (repeats from earlier questions included, marked). */
  examples: Chosen<QAPair>[];
  projects: Chosen<Project>[];
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
 * An item whose whole block is already in `earlier` costs nothing and is marked instead.
 */
function fitItems<T>(
  items: Scored<T>[],
  budget: number,
  format: (item: T) => string,
  countTokens: CountTokens,
  earlier: readonly string[],
): { blocks: string[]; used: Chosen<T>[]; tokens: number } {
  const blocks: string[] = [];
  const used: Chosen<T>[] = [];
  let tokens = 0;
  for (const scored of items) {
    const block = format(scored.item);
    if (earlier.some((text) => text.includes(block))) {
      used.push({ ...scored, earlier: true });
      continue;
    }
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

function displayName(name: string): string {
  return name.trim() || 'the candidate';
}

/** The system message of a conversation: instructions, then the resume. Deterministic, so every request of a conversation sends the same bytes. */
export function buildTwinSystem(input: TwinSystemInput): TwinSystem {
  const { countTokens, budgets } = input;
  const name = displayName(input.name);
  const instructions = truncateToTokens(input.instructions.replaceAll('{{name}}', name), budgets.instructions, countTokens);
  const resume = truncateToTokens(input.resume, budgets.resume, countTokens);
  const sections = [instructions.text];
  if (resume.text) sections.push(`## ${name}'s resume\n${resume.text}`);
  const text = sections.filter((s) => s.trim() !== '').join('\n\n');
  return { text, tokens: countTokens(text), resumeTruncated: resume.truncated, resume: resume.text };
}

/** The examples and projects for one question, to send with it. */
export function buildQuestionNotes(input: QuestionNotesInput): QuestionNotes {
  const { countTokens, budgets } = input;
  const name = displayName(input.name);
  const earlier = input.earlier ?? [];
  const qa = [...input.qa]
    .filter((s) => s.item.question.trim() !== '' && s.item.answer.trim() !== '')
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP_EXAMPLES);
  const projects = boostProjectsByTags(input.projects, input.question).slice(0, TOP_PROJECTS);
  const examples = fitItems(qa, budgets.examples, (pair) => formatExample(name, pair), countTokens, earlier);
  const projectBlocks = fitItems(projects, budgets.projects, formatProject, countTokens, earlier);

  const sections: string[] = [];
  if (examples.blocks.length > 0) {
    sections.push(`## How ${name} has answered similar questions (match this voice and these facts)\n${examples.blocks.join('\n\n')}`);
  }
  if (projectBlocks.blocks.length > 0) sections.push(`## Projects that may be relevant\n${projectBlocks.blocks.join('\n\n')}`);
  const text = sections.join('\n\n');
  return { text, tokens: text === '' ? 0 : countTokens(text), examples: examples.used, projects: projectBlocks.used };
}
