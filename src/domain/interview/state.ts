/**
 * The practice interview as a pure, serializable state machine.
 *
 *   not-started ─opening→ awaiting-reply ─reply→ awaiting-answer ─answer→ awaiting-reply ─…
 *                                                   └─ after the last question's reply: closing → closed
 *   any phase ─finish→ finished
 *
 * Control stays in code, not in the model: after each answer the machine decides which turns
 * are allowed (a follow-up on the current question — at most `maxFollowUps` — or the next
 * guideline question, or the closing), the service tells the model exactly that, and the
 * model only chooses between follow-up and next when both are allowed. The state is plain
 * JSON so it can be stored in `SessionRecord.interviewState` and resumed after a reload.
 */
import { isSameQuestion, questionSentences } from './similarity';

export type InterviewPhase = 'not-started' | 'awaiting-reply' | 'awaiting-answer' | 'closed' | 'finished';

/** What the next interviewer turn may be. */
export type TurnPlan =
  | { kind: 'opening' }
  | { kind: 'question'; questionIndex: number }
  | { kind: 'follow-up-or-next'; questionIndex: number; followUpsLeft: number; next: number | 'closing' }
  | { kind: 'closing' };

export type ReplyKind = 'greeting' | 'question' | 'follow-up' | 'closing';

export interface ResolvedReply {
  kind: ReplyKind;
  questionIndex: number;
}

export interface AskedTurn extends ResolvedReply {
  text: string;
}

export interface InterviewState {
  version: 1;
  phase: InterviewPhase;
  questionCount: number;
  maxFollowUps: number;
  /** Guideline question under discussion; -1 before the opening. */
  questionIndex: number;
  followUpsUsed: number;
  answerCount: number;
  /** The turn being generated (kept so a retry or a resume regenerates the same turn). */
  pending: TurnPlan | null;
  /** Regenerations spent on the pending turn because it repeated an earlier question. */
  regenerations: number;
  asked: AskedTurn[];
}

export const DEFAULT_MAX_FOLLOW_UPS = 2;
/** A reply that repeats an earlier question is regenerated at most this often. */
export const MAX_REGENERATIONS = 1;

export class InterviewStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterviewStateError';
  }
}

function expectPhase(state: InterviewState, phase: InterviewPhase, action: string): void {
  if (state.phase !== phase) throw new InterviewStateError(`Cannot ${action} while the interview is ${state.phase}.`);
}

export function createInterviewState(questionCount: number, maxFollowUps = DEFAULT_MAX_FOLLOW_UPS): InterviewState {
  if (!Number.isInteger(questionCount) || questionCount < 1) throw new InterviewStateError('An interview needs at least one question.');
  return {
    version: 1,
    phase: 'not-started',
    questionCount,
    maxFollowUps: Math.max(0, Math.floor(maxFollowUps)),
    questionIndex: -1,
    followUpsUsed: 0,
    answerCount: 0,
    pending: null,
    regenerations: 0,
    asked: [],
  };
}

export function requestOpening(state: InterviewState): InterviewState {
  expectPhase(state, 'not-started', 'start');
  return { ...state, phase: 'awaiting-reply', pending: { kind: 'opening' } };
}

/** The turn allowed after an answer to the current question. */
export function planAfterAnswer(state: InterviewState): TurnPlan {
  const next: number | 'closing' = state.questionIndex + 1 < state.questionCount ? state.questionIndex + 1 : 'closing';
  const followUpsLeft = state.maxFollowUps - state.followUpsUsed;
  if (followUpsLeft > 0) return { kind: 'follow-up-or-next', questionIndex: state.questionIndex, followUpsLeft, next };
  return next === 'closing' ? { kind: 'closing' } : { kind: 'question', questionIndex: next };
}

export function recordAnswer(state: InterviewState): InterviewState {
  expectPhase(state, 'awaiting-answer', 'take an answer');
  return { ...state, phase: 'awaiting-reply', answerCount: state.answerCount + 1, pending: planAfterAnswer(state), regenerations: 0 };
}

/**
 * What a reply to `plan` counts as. `decision` is the model's choice, read from its marker;
 * it only matters when the plan allows both, and a missing decision means "move on" (the
 * safer default: the interview keeps progressing).
 */
export function resolveReply(plan: TurnPlan, questionCount: number, decision?: 'follow-up' | 'next'): ResolvedReply {
  switch (plan.kind) {
    case 'opening':
      return { kind: 'greeting', questionIndex: 0 };
    case 'question':
      return { kind: 'question', questionIndex: plan.questionIndex };
    case 'closing':
      return { kind: 'closing', questionIndex: questionCount - 1 };
    case 'follow-up-or-next':
      if (decision === 'follow-up') return { kind: 'follow-up', questionIndex: plan.questionIndex };
      return plan.next === 'closing'
        ? { kind: 'closing', questionIndex: questionCount - 1 }
        : { kind: 'question', questionIndex: plan.next };
  }
}

function allowedBy(plan: TurnPlan, reply: ResolvedReply, questionCount: number): boolean {
  if (plan.kind !== 'follow-up-or-next') {
    const only = resolveReply(plan, questionCount);
    return only.kind === reply.kind && only.questionIndex === reply.questionIndex;
  }
  const next = resolveReply(plan, questionCount, 'next');
  if (reply.kind === 'follow-up') return reply.questionIndex === plan.questionIndex && plan.followUpsLeft > 0;
  return reply.kind === next.kind && reply.questionIndex === next.questionIndex;
}

export function recordReply(state: InterviewState, reply: ResolvedReply, text: string): InterviewState {
  expectPhase(state, 'awaiting-reply', 'record a reply');
  const plan = state.pending;
  if (plan === null || !allowedBy(plan, reply, state.questionCount))
    throw new InterviewStateError(`A ${reply.kind} reply is not allowed here.`);
  if (reply.kind === 'follow-up' && state.followUpsUsed >= state.maxFollowUps)
    throw new InterviewStateError('No follow-ups left for this question.');
  const asked = [...state.asked, { ...reply, text }];
  const base = { ...state, pending: null, regenerations: 0, asked };
  switch (reply.kind) {
    case 'follow-up':
      return { ...base, phase: 'awaiting-answer', followUpsUsed: state.followUpsUsed + 1 };
    case 'closing':
      return { ...base, phase: 'closed' };
    default:
      return { ...base, phase: 'awaiting-answer', questionIndex: reply.questionIndex, followUpsUsed: 0 };
  }
}

/**
 * True when `text` asks a question the interviewer already asked (normalised similarity of
 * its question sentences). The service then regenerates once.
 */
export function repeatsEarlierQuestion(state: InterviewState, text: string): boolean {
  const earlier = state.asked.flatMap((turn) => questionSentences(turn.text));
  if (earlier.length === 0) return false;
  return questionSentences(text).some((sentence) => earlier.some((prev) => isSameQuestion(sentence, prev)));
}

export function canRegenerate(state: InterviewState): boolean {
  return state.phase === 'awaiting-reply' && state.regenerations < MAX_REGENERATIONS;
}

export function noteRegeneration(state: InterviewState): InterviewState {
  expectPhase(state, 'awaiting-reply', 'regenerate');
  return { ...state, regenerations: state.regenerations + 1 };
}

/** Feedback needs at least one answer to assess. */
export function canFinish(state: InterviewState): boolean {
  return state.answerCount > 0 && state.phase !== 'finished';
}

export function markFinished(state: InterviewState): InterviewState {
  return { ...state, phase: 'finished', pending: null };
}

/** 1-based number of the question under discussion, for "Question 3 of 6". */
export function questionNumber(state: InterviewState): number {
  return Math.min(state.questionCount, Math.max(1, state.questionIndex + 1));
}
