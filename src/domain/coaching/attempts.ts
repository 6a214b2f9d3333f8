/**
 * Attempts at one question (issue 16, "answer a question again"). A question asked again lives
 * in a new practice session (a retry or a drill) whose guideline question names its original in
 * `source`; this module gathers every asking of one original question into a chain, oldest
 * first, and works out the figures a report shows from the latest attempt of each question.
 *
 * Pure: it reads session records and nothing else. A chain is keyed by its root question (the
 * question of the interview that first asked it), so attempts of attempts join one chain, and a
 * chain outlives a deleted original (its attempts still carry the question's copy).
 */
import type { GuidelineQuestion, PracticeSetup, QuestionFeedback, SessionRecord } from '../records';
import type { SessionSummary } from '../session-summary';
import { verifyEvidence } from '../evidence';
import { isQuestionRef, type QuestionRef } from './question-ref';

export type { QuestionRef };

export type AttemptKind = 'interview' | 'retry' | 'drill';

/** What a chain needs of an assessment: the full one from a session, or the score from its summary. */
export interface Scored {
  score: number;
}

export interface Attempt<F extends Scored = QuestionFeedback> extends QuestionRef {
  kind: AttemptKind;
  /** When it was asked (the session's creation): orders a chain. */
  askedAt: number;
  /** When it was scored (the feedback's time), absent while unscored. */
  scoredAt?: number;
  /** The question's assessment, absent until the session is finished and the question answered. */
  feedback?: F;
}

/**
 * Every asking of one question. From whole sessions (`attemptChains`) it carries the question,
 * its setup and each full assessment; from session summaries (`summaryChains`, what Home reads
 * for the drill) the few fields of each that the schedule needs.
 */
export interface AttemptChain<Q = GuidelineQuestion, S = PracticeSetup, F extends Scored = QuestionFeedback> {
  root: QuestionRef;
  /** The question as first asked (or a copy, when the original session was deleted). */
  question: Q;
  /** The setup the question is asked with (type, style, language, seniority). */
  setup: S;
  /** Every asking, oldest first; the original first when it still exists. */
  attempts: Attempt<F>[];
}

/** One question of one session, as the chains are built from. */
export interface AskedQuestion<Q, S, F extends Scored> {
  attempt: Attempt<F>;
  /** The stored `source` (checked before it is followed: imported data is not trusted blindly). */
  source: unknown;
  question: Q;
  setup: S;
}

export const refKey = (ref: QuestionRef): string => `${ref.sessionId}\u0000${ref.questionId}`;

function attemptKindOf(originKind: string | undefined): AttemptKind {
  return originKind === 'retry' || originKind === 'drill' ? originKind : 'interview';
}

/**
 * The root of a question: follows `source` through the questions that exist (attempts are made
 * pointing at the root already; following the links keeps older or hand-made data in one chain).
 */
function rootOf(sources: Map<string, unknown>, ref: QuestionRef): QuestionRef {
  let current = ref;
  const seen = new Set<string>();
  for (;;) {
    seen.add(refKey(current));
    const source = sources.get(refKey(current));
    if (!isQuestionRef(source) || seen.has(refKey(source))) return current;
    // The source session may be gone: its reference is still the chain's root.
    current = { sessionId: source.sessionId, questionId: source.questionId };
  }
}

/** The asked questions gathered by root question, each chain's attempts oldest first. */
function chainsOf<Q, S, F extends Scored>(asked: readonly AskedQuestion<Q, S, F>[]): Map<string, AttemptChain<Q, S, F>> {
  const sources = new Map(asked.map((a) => [refKey(a.attempt), a.source]));
  const chains = new Map<string, AttemptChain<Q, S, F>>();
  for (const { attempt, question, setup } of asked) {
    const root = rootOf(sources, { sessionId: attempt.sessionId, questionId: attempt.questionId });
    const key = refKey(root);
    const chain = chains.get(key);
    const isRoot = root.sessionId === attempt.sessionId && root.questionId === attempt.questionId;
    if (!chain) chains.set(key, { root, question, setup, attempts: [attempt] });
    else {
      chain.attempts.push(attempt);
      // The original's own copy wins over an attempt's copy of it.
      if (isRoot) Object.assign(chain, { question, setup });
    }
  }
  for (const chain of chains.values())
    chain.attempts.sort(
      (a, b) => a.askedAt - b.askedAt || a.sessionId.localeCompare(b.sessionId) || a.questionId.localeCompare(b.questionId),
    );
  return chains;
}

/** Every practice question of `sessions`, gathered by root question. Sessions need a guideline and a setup. */
export function attemptChains(sessions: readonly SessionRecord[]): Map<string, AttemptChain> {
  const asked: AskedQuestion<GuidelineQuestion, PracticeSetup, QuestionFeedback>[] = [];
  for (const session of sessions) {
    if (session.mode !== 'practice' || !session.guideline || !session.setup) continue;
    for (const question of session.guideline.questions) {
      const feedback = session.feedback?.questions.find((q) => q.questionId === question.id);
      const attempt: Attempt = {
        sessionId: session.id,
        questionId: question.id,
        kind: attemptKindOf(session.origin?.kind),
        askedAt: session.createdAt,
        ...(feedback && session.feedback ? { feedback, scoredAt: session.feedback.createdAt } : {}),
      };
      asked.push({ attempt, source: question.source, question, setup: session.setup });
    }
  }
  return chainsOf(asked);
}

/** The setup fields a chain from summaries carries: the ones a drill session must share. */
export type ChainSetup = Pick<PracticeSetup, 'type' | 'style' | 'language' | 'seniority'>;

/** A chain built from session summaries: ids, scores and times, no question text or feedback. */
export type SummaryChain = AttemptChain<{ id: string }, ChainSetup, Scored>;

/**
 * The same chains from session summaries (Home's drill line reads these: a few hundred bytes a
 * session where a whole record is about 16 KB). Summaries written before schema v4 have no
 * questions; the v4 upgrade rebuilt every one.
 */
export function summaryChains(summaries: readonly SessionSummary[]): Map<string, SummaryChain> {
  const asked: AskedQuestion<{ id: string }, ChainSetup, Scored>[] = [];
  for (const summary of summaries) {
    if (summary.mode !== 'practice' || !summary.questions || !summary.type || !summary.style || !summary.language) continue;
    const setup: ChainSetup = { type: summary.type, style: summary.style, language: summary.language };
    if (summary.seniority !== undefined) setup.seniority = summary.seniority;
    for (const question of summary.questions) {
      const attempt: Attempt<Scored> = {
        sessionId: summary.id,
        questionId: question.id,
        kind: attemptKindOf(summary.originKind),
        askedAt: summary.createdAt,
        ...(question.score !== undefined && summary.scoredAt !== undefined
          ? { feedback: { score: question.score }, scoredAt: summary.scoredAt }
          : {}),
      };
      asked.push({ attempt, source: question.source, question: { id: question.id }, setup });
    }
  }
  return chainsOf(asked);
}

/** The chain a session's question belongs to. */
export function chainOf(chains: Map<string, AttemptChain>, ref: QuestionRef): AttemptChain | undefined {
  for (const chain of chains.values())
    if (chain.attempts.some((a) => a.sessionId === ref.sessionId && a.questionId === ref.questionId)) return chain;
  return undefined;
}

/** The scored attempts of a chain, oldest first. */
export function scoredAttempts<F extends Scored>(chain: { attempts: Attempt<F>[] }): Attempt<F>[] {
  return chain.attempts.filter((a) => a.feedback !== undefined);
}

/** The reference to ask a question again with: its root, so every attempt joins the original's chain. */
export function retrySource(session: SessionRecord, questionId: string): QuestionRef {
  const question = session.guideline?.questions.find((q) => q.id === questionId);
  return isQuestionRef(question?.source)
    ? { sessionId: question.source.sessionId, questionId: question.source.questionId }
    : { sessionId: session.id, questionId };
}

export interface LatestQuestion {
  questionId: string;
  /** This session's own score for the question (0–10). */
  own: number;
  /** The latest scored attempt after this one. */
  latest: Attempt & { feedback: QuestionFeedback };
}

export interface LatestOverall {
  /** The session's overall score (0–100) with each question's latest attempt in place of its own. */
  overallScore: number;
  /** The overall score the session's own feedback gave. */
  ownScore: number;
  /** The questions that have a later scored attempt. */
  questions: LatestQuestion[];
}

/**
 * The report's overall figures with the latest attempt of each question. The model's overall
 * score stays the base (it weighs more than the per-question scores), moved by the mean change
 * of the assessed questions: (latest − own) × 10 per question, summed, divided by the number of
 * assessed questions, rounded, kept within 0–100. Undefined when no question has a later
 * scored attempt (the report then shows its own figures unchanged).
 */
export function latestOverall(session: SessionRecord, chains: Map<string, AttemptChain>): LatestOverall | undefined {
  const feedback = session.feedback;
  if (!feedback || feedback.questions.length === 0) return undefined;
  const questions: LatestQuestion[] = [];
  for (const assessed of feedback.questions) {
    const chain = chainOf(chains, { sessionId: session.id, questionId: assessed.questionId });
    if (!chain) continue;
    const at = chain.attempts.findIndex((a) => a.sessionId === session.id && a.questionId === assessed.questionId);
    const later = chain.attempts.slice(at + 1).filter((a): a is LatestQuestion['latest'] => a.feedback !== undefined);
    const latest = later.at(-1);
    if (latest) questions.push({ questionId: assessed.questionId, own: assessed.score, latest });
  }
  if (questions.length === 0) return undefined;
  const shift = questions.reduce((sum, q) => sum + (q.latest.feedback.score - q.own) * 10, 0) / feedback.questions.length;
  const overallScore = Math.min(100, Math.max(0, Math.round(feedback.overallScore + shift)));
  return { overallScore, ownScore: feedback.overallScore, questions };
}

/** "Overall uses your latest attempt at 2 questions (this interview alone: 62)." */
export function latestOverallNote(latest: LatestOverall): string {
  const n = latest.questions.length;
  return `Overall uses your latest attempt at ${n} question${n === 1 ? '' : 's'} (this interview alone: ${latest.ownScore}).`;
}

/** "4 → 7 (+3)", "6 → 6 (no change)". Scores are 0–10. */
export function scoreChange(from: number, to: number): string {
  const delta = to - from;
  const sign = delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : 'no change';
  return `${from} → ${to} (${sign})`;
}

export interface AttemptComparison {
  from: number;
  to: number;
  /** "4 → 7 (+3)". */
  change: string;
  /** What the later feedback found good in the later answer. */
  improved: string[];
  /** The later answer's evidence quotes, each checked again to be verbatim in the later answers. */
  quotes: string[];
}

/**
 * Two scored attempts side by side: the score change, what the later feedback praised, and
 * quotes of the later answer (verified verbatim against `laterAnswers`: a quote the candidate
 * did not say is left out, as in the report).
 */
export function compareAttempts(earlier: QuestionFeedback, later: QuestionFeedback, laterAnswers: readonly string[]): AttemptComparison {
  return {
    from: earlier.score,
    to: later.score,
    change: scoreChange(earlier.score, later.score),
    improved: later.strengths,
    quotes: verifyEvidence(later.evidence, laterAnswers),
  };
}
