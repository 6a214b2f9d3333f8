/**
 * A session's summary: only what History's list and trends read (issue 16). A finished
 * interview's record is about 16 KB (report, guideline, job description, state); its summary is
 * about 300 bytes, so History can list and chart a thousand interviews without deserializing
 * megabytes (docs/benchmarks.md, "History trends with 1,000 interviews").
 *
 * Derived data: the IndexedDB repositories write it in the same transaction as the session
 * (store `sessionSummaries`), the memory repositories derive it on read, and backups never
 * carry it. Pure: both produce it with `sessionSummaryOf`.
 */
import { jobKeyOf } from './coaching/job-key';
import { isQuestionRef, type QuestionRef } from './coaching/question-ref';
import type { CategoryScores, InterviewerStyle, InterviewType, Mode, SessionRecord, SessionStatus, Seniority } from './records';

export interface SessionSummary {
  id: string;
  mode: Mode;
  title: string;
  status: SessionStatus;
  createdAt: number;
  updatedAt: number;
  /** The session's revision when summarized (the delivery reader's cache key). */
  revision: number;
  /** Practice: the interview type. */
  type?: InterviewType;
  /** Practice: the job it was set up from (`sessionJobKey`: stored, or from the description). */
  jobKey?: string;
  /** Practice: the description's first line, as the job filter names it ('' without one). */
  jobTitle?: string;
  /** Practice: a retry or drill session (left out of the trends). */
  originKind?: 'retry' | 'drill';
  /** The report's scores, present when the session has a report. */
  feedback?: { overallScore: number; categories: CategoryScores };
  /** When the report was written: the time of every question score below. */
  scoredAt?: number;
  questionCount?: number;
  seniority?: Seniority;
  language?: string;
  /** Practice (schema v4): the interviewer style, which a drill session keeps to. */
  style?: InterviewerStyle;
  /**
   * Practice (schema v4): each guideline question, what Home's drill line needs of it (the
   * attempt chains, `summaryChains`): its id, the question it asks again, and its score.
   */
  questions?: SummaryQuestion[];
}

export interface SummaryQuestion {
  id: string;
  /** The original question this one asks again (a retry or drill). */
  source?: QuestionRef;
  /** The report's score for it, 0–10, once assessed. */
  score?: number;
}

/** The first line of a job description, as the session title shows it (at most 60 characters). */
export function jobTitleOf(jobDescription: string): string {
  const first = jobDescription
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!first) return '';
  return first.length > 60 ? `${first.slice(0, 57).trimEnd()}…` : first;
}

/** The summary of `session`, as stored beside it. Only defined fields are set (IndexedDB keeps `undefined` as a value). */
export function sessionSummaryOf(session: SessionRecord): SessionSummary {
  const summary: SessionSummary = {
    id: session.id,
    mode: session.mode,
    title: session.title,
    status: session.status,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    revision: session.revision ?? 0,
  };
  if (session.mode === 'practice') {
    const setup = session.setup;
    const description = setup?.jobDescription ?? '';
    const jobKey = session.jobKey ?? (description ? jobKeyOf(description) : undefined);
    if (jobKey !== undefined) summary.jobKey = jobKey;
    summary.jobTitle = jobTitleOf(description);
    if (setup) {
      summary.type = setup.type;
      summary.questionCount = setup.questionCount;
      summary.language = setup.language;
      summary.style = setup.style;
      if (setup.seniority !== undefined) summary.seniority = setup.seniority;
    }
    if (session.origin) summary.originKind = session.origin.kind;
    if (session.guideline) summary.questions = session.guideline.questions.map((q) => summaryQuestionOf(session, q.id, q.source));
  }
  if (session.feedback) {
    summary.feedback = { overallScore: session.feedback.overallScore, categories: { ...session.feedback.categories } };
    summary.scoredAt = session.feedback.createdAt;
  }
  return summary;
}

function summaryQuestionOf(session: SessionRecord, id: string, source: unknown): SummaryQuestion {
  const question: SummaryQuestion = { id };
  // Copied only when it is a reference: imported records are not trusted blindly.
  if (isQuestionRef(source)) question.source = { sessionId: source.sessionId, questionId: source.questionId };
  const score = session.feedback?.questions.find((q) => q.questionId === id)?.score;
  if (score !== undefined) question.score = score;
  return question;
}

/** Newest first (ties by id, descending): the order of `sessions.list()`. */
export function newestFirst(a: { updatedAt: number; id: string }, b: { updatedAt: number; id: string }): number {
  return b.updatedAt - a.updatedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
