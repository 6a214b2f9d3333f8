/**
 * The end-of-interview evaluation. The model writes scores and comments as JSON; code
 * validates ranges, attaches each comment to the guideline question it belongs to (the
 * model never has to echo question text), and keeps only evidence that really is the
 * candidate's words (see evidence.ts). Nothing is invented in code: a question the model
 * did not assess is reported as missing rather than given a made-up score.
 */
import { z } from 'zod';
import type { CategoryScores, Feedback, GuidelineQuestion, QuestionFeedback } from './records';
import { verifyEvidence } from './evidence';
import { starReplySchema, verifyStar } from './coaching/star';
import { lazy } from './lazy';

const schemas = lazy(() => {
  /** Numbers sometimes arrive as strings ("7", "7/10"); read the leading number. */
  const score = (max: number) =>
    z
      .preprocess((v) => (typeof v === 'string' ? Number.parseFloat(v) : v), z.number().finite().min(0).max(max))
      .transform((n) => Math.round(n));

  const stringList = z.preprocess(
    (v) => (typeof v === 'string' ? [v] : (v ?? [])),
    z.array(z.string().trim()).transform((list) => list.filter((s) => s.length > 0)),
  );

  const question = z.object({
    /** 1-based number of the question in the list we sent. */
    question: z.preprocess((v) => (typeof v === 'string' ? Number.parseInt(v, 10) : v), z.number().int().min(1)),
    score: score(10),
    evidence: stringList,
    strengths: stringList,
    improvements: stringList,
    sampleAnswer: z.string().trim().default(''),
    /** Behavioral interviews: the proposed STAR parts (quotes verified in code, coaching/star.ts). */
    star: starReplySchema(),
  });

  const reply = z.object({
    overallScore: score(100),
    summary: z.string().trim().min(1),
    categories: z.object({ relevance: score(10), depth: score(10), structure: score(10), clarity: score(10), confidence: score(10) }),
    questions: z.array(question),
    strengths: stringList,
    improvements: stringList,
  });
  return { question, reply };
});

/** One question as the feedback prompt saw it: the guideline question and the candidate's answers to it. */
export interface AssessedQuestion {
  question: GuidelineQuestion;
  /** The candidate's answers to the question and its follow-ups, in order. */
  answers: string[];
}

export type FeedbackResult = { ok: true; feedback: Feedback; droppedEvidence: number } | { ok: false; problem: string };

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

export function parseFeedback(
  value: unknown,
  assessed: readonly AssessedQuestion[],
  meta: { engineId: string; createdAt: number },
): FeedbackResult {
  const parsed = schemas().reply.safeParse(value);
  if (!parsed.success) return { ok: false, problem: `The feedback JSON is not in the expected shape (${describeIssues(parsed.error)}).` };
  const reply = parsed.data;
  const questions: QuestionFeedback[] = [];
  let droppedEvidence = 0;
  for (const [i, item] of assessed.entries()) {
    const match = reply.questions.find((q) => q.question === i + 1);
    if (match === undefined) return { ok: false, problem: `Question ${i + 1} has no assessment; every question in the list needs one.` };
    const assessed = toQuestionFeedback(match, item);
    droppedEvidence += match.evidence.length - assessed.evidence.length;
    questions.push(assessed);
  }
  const categories: CategoryScores = { ...reply.categories };
  return {
    ok: true,
    droppedEvidence,
    feedback: {
      overallScore: reply.overallScore,
      summary: reply.summary,
      categories,
      questions,
      strengths: reply.strengths,
      improvements: reply.improvements,
      engineId: meta.engineId,
      createdAt: meta.createdAt,
    },
  };
}

/** One assessment, attached to its guideline question, with only the evidence the candidate really said. */
function toQuestionFeedback(match: z.infer<ReturnType<typeof schemas>['question']>, item: AssessedQuestion): QuestionFeedback {
  return {
    questionId: item.question.id,
    question: item.question.text,
    requirement: item.question.requirement,
    score: match.score,
    evidence: verifyEvidence(match.evidence, item.answers),
    strengths: match.strengths,
    improvements: match.improvements,
    sampleAnswer: match.sampleAnswer,
    ...(match.star ? { star: verifyStar(match.star, item.answers) } : {}),
  };
}

/**
 * The per-question assessments already complete in a feedback reply that is still being
 * written: each object of the "questions" array whose closing brace has arrived, valid, for a
 * question in the list, with its evidence verified as in the finished report. Shown while the
 * rest is written; the finished reply is still validated whole by `parseFeedback`.
 */
export function completedAssessments(partial: string, assessed: readonly AssessedQuestion[]): QuestionFeedback[] {
  const key = /"questions"\s*:\s*\[/.exec(partial);
  if (!key) return [];
  const out: QuestionFeedback[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = key.index + key[0].length; i < partial.length; i++) {
    const c = partial[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0 && start >= 0) {
      let value: unknown;
      try {
        value = JSON.parse(partial.slice(start, i + 1));
      } catch {
        continue;
      }
      const parsed = schemas().question.safeParse(value);
      const item = parsed.success ? assessed[parsed.data.question - 1] : undefined;
      if (parsed.success && item && !out.some((q) => q.questionId === item.question.id)) out.push(toQuestionFeedback(parsed.data, item));
    } else if (c === ']' && depth === 0) break;
  }
  return out;
}

/** The sentence every report carries, in the UI and in exports. */
export const COACHING_NOTE = 'This is coaching feedback from an AI model to help you practise, not a hiring verdict.';
