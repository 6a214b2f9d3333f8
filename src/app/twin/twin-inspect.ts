/**
 * What the Inspect panel shows for one answer: where it came from, the saved answers and
 * projects chosen for the question (each with why it is there), and every message exactly as
 * it was sent.
 */
import type { Project, QAPair } from '../../domain/records';
import type { SavedAnswerMatch } from '../../domain/twin/saved-answers';
import { tagsNamedIn, type Chosen, type QuestionNotes } from '../../domain/twin/system-message';
import type { ChatMessage } from '../../domain/chat';
import type { TwinRanking } from '../../ports/twin-ranker';

/**
 * One saved answer or project chosen for the question. `score` is the retriever's (a fused rank
 * score or BM25: it orders, but means nothing on its own), so the panel shows why the item is
 * there instead.
 */
export type InspectEntry<T> = Chosen<T> & {
  /** The search found it for this question (false: added in file order to reach the minimum). */
  found: boolean;
  /** Saved answers: cosine 0..1 of the two questions, the measure the saved-answer check uses (when measured). */
  similarity?: number;
  /** Projects: the tags the question names (each lifts the project). */
  tags?: string[];
};

export interface TwinInspect {
  question: string;
  source: 'model' | 'saved-answer';
  engineLabel: string;
  /** The system message sent (model answers only): the same for the whole conversation. */
  systemMessage?: string;
  systemTokens?: number;
  /** The question as the engine got it: its notes (examples, projects), then the question. */
  questionMessage?: string;
  promptTokens?: number;
  /** Best first, as chosen (`earlier`: already in the conversation, not repeated). */
  examples: InspectEntry<QAPair>[];
  /** Best first (tag matches included), as chosen. */
  projects: InspectEntry<Project>[];
  savedMatch?: SavedAnswerMatch;
  /** Best saved-answer similarity seen, and the threshold it was compared with. */
  bestSimilarity?: number;
  similarityMethod?: 'embeddings' | 'words';
  threshold: number;
  resumeTruncated: boolean;
  summaryUsed: boolean;
  droppedTurns: number;
  /** Every message sent, system first, byte for byte. */
  sent?: ChatMessage[];
}

export function bestSimilarity(ranking: TwinRanking): number {
  return ranking.similarity.reduce((best, s) => Math.max(best, s.score), 0);
}

/** The Inspect entries for the notes sent with a question. */
export function inspectEntries(notes: QuestionNotes, ranking: TwinRanking, question: string): Pick<TwinInspect, 'examples' | 'projects'> {
  return {
    examples: notes.examples.map((e) => {
      const similarity = ranking.similarity.find((s) => s.item.id === e.item.id)?.score;
      return { ...e, found: !ranking.filled.includes(e.item.id), ...(similarity !== undefined ? { similarity } : {}) };
    }),
    projects: notes.projects.map((p) => ({ ...p, found: !ranking.filled.includes(p.item.id), tags: tagsNamedIn(p.item.tags, question) })),
  };
}
