/**
 * Answering questions again (issue 16): a retry of one question from a report or the
 * conversation, and the drill of weak questions. Both make a new practice session whose
 * guideline is given (copies of the original questions, `domain/coaching/attempt-session.ts`);
 * the interview screen then runs it like any interview, its turns written by code
 * (`practice/attempt-turn.ts`), and the feedback step scores it.
 *
 * Everything here is derived from the stored sessions each time (attempt chains, the drill
 * queue), so there is nothing extra to store, back up or erase.
 */
import type { Clock } from '../../ports/clock';
import type { Repositories } from '../../ports/repositories';
import { AppError } from '../../domain/errors';
import type { PracticeSetup, QuestionFeedback, SessionRecord } from '../../domain/records';
import {
  attemptChains,
  chainOf,
  compareAttempts,
  latestOverall,
  refKey,
  retrySource,
  scoredAttempts,
  type AttemptChain,
  type AttemptComparison,
  type AttemptKind,
  type LatestOverall,
} from '../../domain/coaching/attempts';
import { attemptSession, type AttemptQuestion } from '../../domain/coaching/attempt-session';
import { drillQueue, drillThreshold, dueNow, nextDrill, type DrillItem } from '../../domain/coaching/drill-schedule';
import { createInterviewState } from '../../domain/interview/state';
import { questionThreads } from '../../domain/interview/transcript';
import type { StoredPracticeState } from '../practice/loaded-interview.svelte';

export interface AttemptView {
  sessionId: string;
  questionId: string;
  kind: AttemptKind;
  askedAt: number;
  feedback?: QuestionFeedback;
  /** The candidate's answers to the question in that session. */
  answers: string[];
  /** The attempt shown by this report. */
  current: boolean;
}

export interface QuestionAttempts {
  /** Every asking of the question, oldest first (two or more). */
  attempts: AttemptView[];
  /** The first scored attempt against the latest scored one, when there are two. */
  comparison?: { first: AttemptView; latest: AttemptView; result: AttemptComparison };
}

export interface ReportAttempts {
  /** The overall figures with the latest attempt of each question, when a later one was scored. */
  latest?: LatestOverall;
  /** By question id of the report's session: only questions asked more than once. */
  byQuestion: Record<string, QuestionAttempts>;
}

export interface DrillStatus {
  /** Questions due now, soonest first. */
  due: DrillItem[];
  /** Every question in the queue (due or not). */
  queued: DrillItem[];
  /** An unfinished drill session to continue, if any. */
  unfinished?: SessionRecord;
}

export class PracticeAttempts {
  constructor(
    private readonly deps: {
      repos: Pick<Repositories, 'sessions' | 'messages'>;
      clock: Clock;
      ids: () => string;
    },
  ) {}

  /**
   * A session that asks one question of `sessionId` again. An unfinished retry of the same
   * question is continued rather than doubled.
   */
  async retry(sessionId: string, questionId: string): Promise<SessionRecord> {
    const sessions = await this.deps.repos.sessions.list();
    const session = sessions.find((s) => s.id === sessionId && s.mode === 'practice');
    if (!session?.guideline?.questions.some((q) => q.id === questionId))
      throw new AppError('not-found', 'This question no longer exists on this device. It may have been deleted.');
    const root = retrySource(session, questionId);
    const open = sessions.find(
      (s) =>
        s.status !== 'finished' &&
        s.origin?.kind === 'retry' &&
        s.origin.sessionId === root.sessionId &&
        s.origin.questionId === root.questionId,
    );
    if (open) return open;
    const chain = attemptChains(sessions).get(refKey(root)) as AttemptChain;
    const jobKey = sessions.find((s) => s.id === root.sessionId)?.jobKey ?? session.jobKey;
    return this.create({ kind: 'retry', ...root }, [{ root, question: chain.question }], chain.setup, jobKey);
  }

  /** The drill queue at the clock's time, with the threshold from Settings. */
  async drill(threshold: number | undefined): Promise<DrillStatus> {
    const sessions = await this.deps.repos.sessions.list();
    const queued = drillQueue(attemptChains(sessions).values(), drillThreshold(threshold));
    const unfinished = sessions.find((s) => s.mode === 'practice' && s.origin?.kind === 'drill' && s.status !== 'finished');
    return { due: dueNow(queued, this.deps.clock.now()), queued, ...(unfinished ? { unfinished } : {}) };
  }

  /**
   * The drill session to open: an unfinished one, or a new one asking the due questions that
   * share the most overdue one's setup (at most five). Undefined when nothing is due.
   */
  async startDrill(threshold: number | undefined): Promise<SessionRecord | undefined> {
    const status = await this.drill(threshold);
    if (status.unfinished) return status.unfinished;
    const items = nextDrill(status.due);
    const first = items[0];
    if (!first) return undefined;
    const sessions = await this.deps.repos.sessions.list();
    const jobKeys = new Set(items.map((item) => sessions.find((s) => s.id === item.root.sessionId)?.jobKey));
    const jobKey = jobKeys.size === 1 ? [...jobKeys][0] : undefined;
    return this.create(
      { kind: 'drill' },
      items.map((item) => ({ root: item.root, question: item.question })),
      first.setup,
      jobKey,
    );
  }

  /** What a report shows about the other attempts at its questions. */
  async forReport(sessionId: string): Promise<ReportAttempts> {
    const sessions = await this.deps.repos.sessions.list();
    const session = sessions.find((s) => s.id === sessionId);
    if (!session?.guideline) return { byQuestion: {} };
    const chains = attemptChains(sessions);
    const bySession = new Map(sessions.map((s) => [s.id, s]));
    const answers = new Map<string, Map<string, string[]>>();
    const answersOf = async (id: string): Promise<Map<string, string[]>> => {
      let found = answers.get(id);
      if (!found) {
        const record = bySession.get(id);
        const messages = record?.guideline ? await this.deps.repos.messages.listBySession(id) : [];
        found = new Map(record?.guideline ? questionThreads(record.guideline, messages).map((t) => [t.question.id, t.answers]) : []);
        answers.set(id, found);
      }
      return found;
    };
    const byQuestion: Record<string, QuestionAttempts> = {};
    for (const question of session.guideline.questions) {
      const chain = chainOf(chains, { sessionId, questionId: question.id });
      if (!chain || chain.attempts.length < 2) continue;
      const views: AttemptView[] = [];
      for (const attempt of chain.attempts)
        views.push({
          ...attempt,
          answers: (await answersOf(attempt.sessionId)).get(attempt.questionId) ?? [],
          current: attempt.sessionId === sessionId && attempt.questionId === question.id,
        });
      const scored = scoredAttempts(chain);
      const first = views.find((v) => v.sessionId === scored[0]?.sessionId && v.questionId === scored[0]?.questionId);
      const latest = views.find((v) => v.sessionId === scored.at(-1)?.sessionId && v.questionId === scored.at(-1)?.questionId);
      const comparison =
        scored.length >= 2 && first?.feedback && latest?.feedback
          ? { first, latest, result: compareAttempts(first.feedback, latest.feedback, latest.answers) }
          : undefined;
      byQuestion[question.id] = { attempts: views, ...(comparison ? { comparison } : {}) };
    }
    const latest = latestOverall(session, chains);
    return { byQuestion, ...(latest ? { latest } : {}) };
  }

  private async create(
    origin: SessionRecord['origin'] & object,
    questions: AttemptQuestion[],
    setup: PracticeSetup,
    jobKey: string | undefined,
  ): Promise<SessionRecord> {
    // No follow-ups: each question is asked as it was, answered once, and scored alone.
    const interviewState: StoredPracticeState = {
      machine: createInterviewState(questions.length, 0),
      excerpts: { job: [], resume: [] },
    };
    const session = attemptSession({
      id: this.deps.ids(),
      now: this.deps.clock.now(),
      origin,
      questions,
      setup,
      ...(jobKey ? { jobKey } : {}),
      interviewState,
    });
    await this.deps.repos.sessions.put(session);
    return session;
  }
}
