/**
 * Scores a profile's Q&A pairs and projects against a question, for the system message
 * (few-shot examples, projects) and for the saved-answer check.
 *
 * Ranking uses the injected Retriever (hybrid when an embedder is available, BM25 otherwise)
 * over Q&A *questions* and project texts. The saved-answer check then measures a bounded
 * cosine (0..1) for the few best candidates only: embeddings when there is an embedder, word
 * vectors otherwise (see domain/twin/saved-answers.ts). Exact repeats are found by a map, so a
 * 50,000-row CSV costs one index build per profile version, not one per question.
 */
import type { Project, QAPair } from '../../domain/records';
import { lexicalQuestionScores } from '../../domain/twin/saved-answers';
import { normalizeQuestion, vectorCosine } from '../../domain/twin/lexical';
import type { Scored, TwinProfile } from '../../domain/twin/types';
import type { Embedder } from '../../ports/ml';
import { isAbortError } from '../../domain/errors';
import type { IndexProgress, Retriever } from '../../ports/vector-store';
import type { TwinRanker, TwinRanking } from '../../ports/twin-ranker';

/** How many retrieved candidates get an exact similarity for the saved-answer check. */
const SIMILARITY_CANDIDATES = 5;
const QA_K = 6;
const MIN_QA = 3;
const MIN_PROJECTS = 2;
const PROJECT_K = 8;

interface IndexedProfile {
  key: string;
  qaNamespace: string;
  projectNamespace: string;
  qaById: Map<string, QAPair>;
  projectById: Map<string, Project>;
  byQuestion: Map<string, QAPair>;
}

const qaNamespace = (profileId: string) => `twin:${profileId}:qa`;
const projectNamespace = (profileId: string) => `twin:${profileId}:projects`;

/** Fills `scored` up to `min` with items in file order (score 0); returns the ids added. */
function padWith<T extends { id: string }>(scored: Scored<T>[], all: T[], min: number): string[] {
  const added: string[] = [];
  for (const item of all) {
    if (scored.length >= min) break;
    if (!scored.some((s) => s.item.id === item.id)) {
      scored.push({ item, score: 0 });
      added.push(item.id);
    }
  }
  return added;
}

/** True when the index already holds exactly this profile's pairs and projects (every indexed and shown field). */
function sameIndexedContent(index: IndexedProfile, profile: TwinProfile): boolean {
  if (!index.key.startsWith(`${profile.id}:`)) return false;
  if (index.qaById.size !== profile.qa.length || index.projectById.size !== profile.projects.length) return false;
  const samePair = (p: QAPair) => {
    const old = index.qaById.get(p.id);
    return old !== undefined && old.question === p.question && old.answer === p.answer;
  };
  const sameProject = (p: Project) => {
    const old = index.projectById.get(p.id);
    return (
      old !== undefined &&
      old.title === p.title &&
      old.description === p.description &&
      old.link === p.link &&
      old.tags.join('\n') === p.tags.join('\n')
    );
  };
  return profile.qa.every(samePair) && profile.projects.every(sameProject);
}

function projectText(p: Project): string {
  return [p.title, p.tags.join(', '), p.description].filter(Boolean).join('\n');
}

export class RetrieverTwinRanker implements TwinRanker {
  private indexed: IndexedProfile | undefined;
  private indexing: Promise<IndexedProfile> | undefined;

  constructor(
    private readonly retriever: Retriever,
    private readonly embedder?: Embedder,
  ) {}

  async rank(profile: TwinProfile, question: string, onProgress?: IndexProgress): Promise<TwinRanking> {
    const index = await this.ensureIndexed(profile, onProgress);
    const [qaHits, projectHits] = await Promise.all([
      index.qaById.size > 0 ? this.retriever.search([index.qaNamespace], { query: question, k: QA_K }) : [],
      index.projectById.size > 0 ? this.retriever.search([index.projectNamespace], { query: question, k: PROJECT_K }) : [],
    ]);
    const qa = qaHits.flatMap((h) => {
      const item = index.qaById.get(h.id);
      return item ? [{ item, score: h.score }] : [];
    });
    const projects = projectHits.flatMap((h) => {
      const item = index.projectById.get(h.id);
      return item ? [{ item, score: h.score }] : [];
    });
    // The source always shows the model 3 examples and 2 projects; when few share words with
    // the question, the rest are filled in file order at score 0 (they still teach the voice).
    const filled = [...padWith(qa, profile.qa, MIN_QA), ...padWith(projects, profile.projects, MIN_PROJECTS)];
    const exact = index.byQuestion.get(normalizeQuestion(question));
    const candidates = qa.slice(0, SIMILARITY_CANDIDATES).map((s) => s.item);
    if (exact && !candidates.includes(exact)) candidates.unshift(exact);
    return { qa, projects, filled, ...(await this.similarity(question, candidates)) };
  }

  private async similarity(question: string, candidates: QAPair[]): Promise<Pick<TwinRanking, 'similarity' | 'similarityMethod'>> {
    if (candidates.length === 0) return { similarity: [], similarityMethod: this.embedder ? 'embeddings' : 'words' };
    if (this.embedder) {
      try {
        const [q, ...vectors] = await this.embedder.embed([question, ...candidates.map((c) => c.question)]);
        return {
          similarity: candidates.map((item, i) => ({ item, score: q && vectors[i] ? vectorCosine(q, vectors[i]) : 0 })),
          similarityMethod: 'embeddings',
        };
      } catch (error) {
        // Offline before the embedding model was ever downloaded, or the worker failed:
        // answering still works, with the word-based similarity (same 0..1 scale).
        if (isAbortError(error)) throw error;
      }
    }
    return { similarity: lexicalQuestionScores(question, candidates), similarityMethod: 'words' };
  }

  /** Drops a deleted profile's indexes. */
  async forget(profileId: string): Promise<void> {
    if (this.indexed?.key.startsWith(`${profileId}:`)) this.indexed = undefined;
    await Promise.all([this.retriever.drop(qaNamespace(profileId)), this.retriever.drop(projectNamespace(profileId))]);
  }

  /**
   * (Re)builds the index when the profile changed, one build at a time. Namespaces are stable
   * per profile; after a page load a persistent index that already holds the profile's pairs
   * and projects is kept (see `replace`).
   */
  private async ensureIndexed(profile: TwinProfile, onProgress?: IndexProgress): Promise<IndexedProfile> {
    const key = `${profile.id}:${profile.updatedAt}`;
    if (this.indexed?.key === key) return this.indexed;
    // An edit of the name, instructions or resume saves the profile (new updatedAt) but leaves
    // what is indexed as it was: keep the index rather than rebuilding or re-reading it.
    if (this.indexed && !this.indexing && sameIndexedContent(this.indexed, profile)) {
      this.indexed = { ...this.indexed, key };
      return this.indexed;
    }
    if (this.indexing) {
      const pending = await this.indexing.catch(() => undefined);
      if (pending?.key === key) return pending;
    }
    this.indexing = this.build(profile, key, onProgress);
    try {
      this.indexed = await this.indexing;
      return this.indexed;
    } finally {
      this.indexing = undefined;
    }
  }

  private async build(profile: TwinProfile, key: string, onProgress?: IndexProgress): Promise<IndexedProfile> {
    const qaNs = qaNamespace(profile.id);
    const projectNs = projectNamespace(profile.id);
    const qaById = new Map(profile.qa.map((p) => [p.id, p]));
    const projectById = new Map(profile.projects.map((p) => [p.id, p]));
    const byQuestion = new Map<string, QAPair>();
    for (const p of profile.qa) if (!byQuestion.has(normalizeQuestion(p.question))) byQuestion.set(normalizeQuestion(p.question), p);
    await Promise.all([
      this.replace(
        qaNs,
        profile.qa.map((p) => ({ id: p.id, documentId: `${profile.id}:qa`, text: p.question })),
        onProgress,
      ),
      this.replace(
        projectNs,
        profile.projects.map((p) => ({ id: p.id, documentId: `${profile.id}:projects`, text: projectText(p), tags: p.tags })),
      ),
    ]);
    return { key, qaNamespace: qaNs, projectNamespace: projectNs, qaById, projectById, byQuestion };
  }

  /**
   * Makes a namespace hold exactly these chunks: kept as it is when a persistent index already
   * does (the first question after a reload embeds nothing again), else rebuilt from scratch
   * (drop, then index), so removed pairs never linger.
   */
  private async replace(
    namespace: string,
    chunks: { id: string; documentId: string; text: string; tags?: string[] }[],
    onProgress?: IndexProgress,
  ): Promise<void> {
    if (await this.retriever.holds?.(namespace, chunks)) return;
    await this.retriever.drop(namespace);
    if (chunks.length > 0) await this.retriever.index(namespace, chunks, onProgress);
  }
}
