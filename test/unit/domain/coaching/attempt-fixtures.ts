/** Finished practice sessions and their attempts, built by hand for the attempts and drill tests. */
import type { GuidelineQuestion, PracticeSetup, SessionOrigin, SessionRecord } from '../../../../src/domain/records';

export const DAY = 86_400_000;

export const SETUP: PracticeSetup = {
  jobDescription: 'Backend engineer',
  resume: '',
  type: 'professional',
  questionCount: 2,
  style: 'neutral',
  language: 'en',
};

export interface Asked {
  /** The question's id in its session. */
  id: string;
  text?: string;
  /** 0–10; absent: not assessed. */
  score?: number;
  source?: { sessionId: string; questionId: string };
  evidence?: string[];
  strengths?: string[];
}

/** A finished practice session created at `at`, scored at `at` + 1 minute. */
export function session(
  id: string,
  at: number,
  questions: Asked[],
  options: { origin?: SessionOrigin; overall?: number; finished?: boolean; setup?: Partial<PracticeSetup> } = {},
): SessionRecord {
  const guidelineQuestions: GuidelineQuestion[] = questions.map((q) => ({
    id: q.id,
    text: q.text ?? `Question ${q.id}?`,
    topic: 'Topic',
    requirement: 'Requirement',
    ...(q.source ? { source: q.source } : {}),
  }));
  const finished = options.finished ?? true;
  return {
    id,
    mode: 'practice',
    title: id,
    status: finished ? 'finished' : 'active',
    createdAt: at,
    updatedAt: at,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    engines: [],
    setup: { ...SETUP, ...options.setup, questionCount: questions.length },
    guideline: { questions: guidelineQuestions, groundedIn: [] },
    ...(options.origin ? { origin: options.origin } : {}),
    ...(finished
      ? {
          feedback: {
            overallScore: options.overall ?? 50,
            summary: '',
            categories: { relevance: 5, depth: 5, structure: 5, clarity: 5, confidence: 5 },
            questions: questions
              .filter((q) => q.score !== undefined)
              .map((q) => ({
                questionId: q.id,
                question: q.text ?? `Question ${q.id}?`,
                requirement: 'Requirement',
                score: q.score as number,
                evidence: q.evidence ?? [],
                strengths: q.strengths ?? [],
                improvements: [],
                sampleAnswer: '',
              })),
            strengths: [],
            improvements: [],
            engineId: 'test',
            createdAt: at + 60_000,
          },
        }
      : {}),
  };
}

/** A retry of `root` created at `at` with the given score. */
export function retry(id: string, at: number, root: { sessionId: string; questionId: string }, score?: number): SessionRecord {
  return session(id, at, [{ id: 'q1', source: root, ...(score !== undefined ? { score } : {}) }], {
    origin: { kind: 'retry', ...root },
    finished: score !== undefined,
  });
}
