/**
 * The session record of an attempt (issue 16): a practice session whose guideline is given, not
 * written. Its questions are copies of the originals (same text, topic and requirement) naming
 * their root in `source`, and its setup is the original's (type, style, language, seniority),
 * so the feedback step scores each answer with the same question, requirement and rubric.
 */
import type { GuidelineQuestion, PracticeSetup, SessionOrigin, SessionRecord } from '../records';
import type { QuestionRef } from './attempts';

export interface AttemptQuestion {
  root: QuestionRef;
  question: GuidelineQuestion;
}

/** The question's copy for an attempt: everything it was asked and scored with, and where it came from. */
export function copyQuestion(from: AttemptQuestion, index: number): GuidelineQuestion {
  const { text, topic, requirement, requirementQuoted } = from.question;
  return {
    id: `q${index + 1}`,
    text,
    topic,
    requirement,
    ...(requirementQuoted !== undefined ? { requirementQuoted } : {}),
    source: { sessionId: from.root.sessionId, questionId: from.root.questionId },
  };
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export function attemptTitle(origin: SessionOrigin, questions: readonly AttemptQuestion[]): string {
  if (origin.kind === 'retry') return `Again: ${shorten(questions[0]?.question.text ?? '', 60)}`;
  return `Drill: ${questions.length} question${questions.length === 1 ? '' : 's'}`;
}

/**
 * A new attempt session, ready to open in the interview screen: `active`, with its guideline
 * and the stored interview state `interviewState` (the caller's, which knows its shape).
 */
export function attemptSession(request: {
  id: string;
  now: number;
  origin: SessionOrigin;
  questions: readonly AttemptQuestion[];
  /** The original's setup (the first question's, for a drill). */
  setup: PracticeSetup;
  jobKey?: string;
  interviewState: unknown;
}): SessionRecord {
  const { setup, questions } = request;
  // The focus of "practise the gaps" was for writing questions; these are given.
  const { focusRequirements: _focus, ...kept } = setup;
  return {
    id: request.id,
    mode: 'practice',
    title: attemptTitle(request.origin, questions),
    status: 'active',
    createdAt: request.now,
    updatedAt: request.now,
    usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
    engines: [],
    origin: request.origin,
    ...(request.jobKey ? { jobKey: request.jobKey } : {}),
    setup: { ...kept, questionCount: questions.length },
    guideline: { questions: questions.map(copyQuestion), groundedIn: [] },
    interviewState: request.interviewState,
  };
}
