/**
 * A practice interview: setup → guideline → turns → feedback. This class holds the loaded
 * interview (its one owner, LoadedInterview) and runs one step at a time; each step's work
 * lives in its own file (preparation, interviewer-turn, feedback-step, answer-drafts).
 *
 * Every message is written the moment it exists (the answer before the request; the reply
 * when streaming starts, about once a second while it streams, and when it ends), so a reload
 * or crash loses nothing and `resume` continues. The control flow lives in the pure state
 * machine (domain/interview/state.ts); this class only does IO around it.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { Clock } from '../../ports/clock';
import { AppError } from '../../domain/errors';
import type { Repositories } from '../../ports/repositories';
import type { Retriever } from '../../ports/vector-store';
import type { ProgressEvent } from '../../ports/progress';
import type { MessageRecord, PracticeSetup, QuestionFeedback, SessionRecord } from '../../domain/records';
import type { TokenCounter } from '../../domain/tokens';
import { DeferredTokenCounter } from '../chat/deferred-token-counter';
import { validateSetup } from '../../domain/setup-form';
import { emptyUsage, withEngineUsage } from '../../domain/usage';
import { withEngine } from '../../domain/engine-log';
import { createInterviewState, markFinished, requestOpening } from '../../domain/interview/state';
import { LoadedInterview, type StoredPracticeState } from './loaded-interview.svelte';
import { prepareGuideline } from './preparation';
import { runInterviewerTurn, summarizeAhead, type TurnCallbacks } from './interviewer-turn';
import { completeGuideline, fitToGuideline } from './guideline-rest';
import { IdleWork } from './idle-work';
import { answeredQuestions, writeFeedback } from './feedback-step';
import { FeedbackAhead } from './feedback-ahead';
import { StepLock } from './step-lock';
import { loadForResume, loadForView, requirePracticeSession } from './interview-loader';
import { candidateAnswer } from './candidate-answer';
import { AnswerDrafts, withoutDraft, type AnswerExtras, type DraftInput } from './answer-drafts';
import { practiceTitle } from './practice-title';
import { jobKeyOf } from '../../domain/coaching/job-key';
import { isAttempt, runAttemptTurn } from './attempt-turn';

export type { TurnCallbacks } from './interviewer-turn';
export type { AnswerExtras, DraftInput } from './answer-drafts';

export interface PracticeServiceDeps {
  /** The engine to use now (the user may switch engines mid-interview). */
  engine: () => ChatEngine;
  repos: Repositories;
  retriever: Retriever;
  /** Splits a document into passages (domain/retrieval/chunking.ts `chunkText`). */
  chunk: (text: string) => string[];
  clock: Clock;
  ids: () => string;
  /** Defaults to gpt-tokenizer, fetched after the first reply (`DeferredTokenCounter`). */
  tokenCounter?: () => Promise<TokenCounter>;
  maxFollowUps?: number;
  /** Settings' per-session token budget for remote engines (0 or absent: none). */
  remoteTokenBudget?: () => number;
}

const invalidInput = (message: string) => new AppError('invalid-input', message);

export class PracticeService {
  private readonly deps: PracticeServiceDeps;
  private readonly counter: DeferredTokenCounter;
  private loaded: LoadedInterview | undefined;
  private readonly step = new StepLock();
  private readonly drafts: AnswerDrafts;
  /** Background work while the engine is idle (rest of the guideline, a summary ahead, the feedback). */
  private readonly idle = new IdleWork();
  /** The feedback being written after the closing reply, before Finish is pressed. */
  private ahead: FeedbackAhead | undefined;

  constructor(deps: PracticeServiceDeps) {
    this.deps = deps;
    this.counter = new DeferredTokenCounter(deps.tokenCounter);
    this.drafts = new AnswerDrafts(deps.repos, this.now, () => ({ interview: this.loaded, loading: this.step.busy }));
  }

  /** The loaded interview (after prepare or resume): the screen reads it, nothing copies it. */
  get interview(): LoadedInterview | undefined {
    return this.loaded;
  }

  get busy(): boolean {
    return this.step.busy;
  }

  /** A practice session's record, or undefined when there is none with this id. */
  async find(sessionId: string): Promise<SessionRecord | undefined> {
    const session = await this.deps.repos.sessions.get(sessionId);
    return session?.mode === 'practice' ? session : undefined;
  }

  async createSession(setup: PracticeSetup): Promise<SessionRecord> {
    const first = Object.values(validateSetup(setup))[0];
    if (first) throw invalidInput(first);
    const now = this.now();
    // The job description and resume are stored once, in the session's setup: preparation reads them there.
    const session: SessionRecord = {
      id: this.deps.ids(),
      mode: 'practice',
      title: practiceTitle(setup),
      status: 'preparing',
      createdAt: now,
      updatedAt: now,
      usage: emptyUsage(),
      engines: [],
      // Every interview of one description shares its requirement coverage (issue 16).
      jobKey: jobKeyOf(setup.jobDescription),
      setup: { ...setup, jobDescription: setup.jobDescription.trim(), resume: setup.resume.trim() },
    };
    await this.deps.repos.sessions.put(session);
    return session;
  }

  /** Indexes the documents, retrieves what matters, and has the model write the guideline. */
  async prepare(sessionId: string, onProgress?: (event: ProgressEvent) => void): Promise<SessionRecord> {
    return this.step.run(async (signal) => {
      this.loaded = undefined;
      this.ahead = undefined;
      this.idle.abort();
      let session = await requirePracticeSession(this.deps.repos, sessionId);
      const engine = this.deps.engine();
      // No interview is loaded yet: the guideline's engine and usage go straight to the session record.
      const record = async (change: Partial<SessionRecord>) => {
        session = { ...session, ...change };
        await this.deps.repos.sessions.put(session);
      };
      const engines = withEngine(session.engines, engine.info, this.now());
      if (engines) await record({ engines });
      const prepared = await prepareGuideline(this.deps, {
        sessionId,
        setup: session.setup as PracticeSetup,
        engine,
        count: await this.counter.current(),
        signal,
        onUsage: (usage) => record(withEngineUsage(session, engine.info.id, usage)),
        ...(onProgress ? { onProgress } : {}),
      });
      // The machine counts the planned questions: question 1 exists, the rest follows the opening.
      const planned = (session.setup as PracticeSetup).questionCount;
      const stored: StoredPracticeState = {
        machine: createInterviewState(planned, this.deps.maxFollowUps),
        excerpts: prepared.excerpts,
        exchanges: [prepared.exchange],
        ...(planned > prepared.guideline.questions.length ? { guidelineRest: prepared.rest } : {}),
      };
      const interview = new LoadedInterview(this.drafts.claim(session), [], stored, this.deps.repos, this.now);
      await interview.update({ guideline: prepared.guideline, status: 'active' });
      this.loaded = interview;
      return interview.session;
    });
  }

  /** Loads a session (after a reload) so the interview can continue where it stopped. */
  async resume(sessionId: string): Promise<LoadedInterview> {
    const interview = await loadForResume(this.deps.repos, sessionId, (session) => this.drafts.claim(session), this.now);
    this.ahead = undefined;
    this.idle.abort();
    this.loaded = interview;
    return interview;
  }

  /** Reads a session to show it read-only (another tab owns it); it never becomes the loaded interview. */
  view(sessionId: string): Promise<LoadedInterview> {
    return loadForView(this.deps.repos, sessionId, this.now);
  }

  /** Greets the candidate and asks the first question. */
  async start(callbacks: TurnCallbacks = {}): Promise<MessageRecord> {
    const interview = this.requireLoaded();
    if (interview.state.phase !== 'not-started') throw invalidInput('This interview has already started.');
    await interview.saveState(requestOpening(interview.state));
    return this.turn(callbacks);
  }

  /** Saves the candidate's answer, then streams the interviewer's next turn. */
  async answer(text: string, callbacks: TurnCallbacks = {}, extras: AnswerExtras = {}): Promise<MessageRecord> {
    const interview = this.requireLoaded();
    if (this.step.busy) throw invalidInput('Wait for the interviewer to finish, or press Stop first.');
    const { message, state } = await candidateAnswer(interview, text, extras, this.deps.ids, this.now);
    // The answer is saved before anything is sent, so it survives a failed request; it is no longer a draft.
    await interview.recordAnswer(message, state, withoutDraft);
    return this.turn(callbacks);
  }

  /** Stops whatever is running (a streaming reply keeps its partial text, marked incomplete). */
  stop(): void {
    this.step.stop();
  }

  /** Generates the pending interviewer turn again (after Stop or a failed reply). */
  async retry(callbacks: TurnCallbacks = {}): Promise<MessageRecord> {
    if (this.requireLoaded().state.phase !== 'awaiting-reply') throw invalidInput('There is no reply to retry.');
    return this.turn(callbacks);
  }

  /** Evaluates the answers so far and finishes the session. */
  async finish(
    onProgress?: (event: ProgressEvent) => void,
    onAssessments?: (questions: QuestionFeedback[]) => void,
  ): Promise<SessionRecord> {
    this.stop();
    const interview = this.requireLoaded();
    // Feedback started after the closing reply is joined; any other background work is for turns that will not come.
    const ahead = this.ahead;
    this.ahead = undefined;
    const joined = ahead?.join(onAssessments);
    if (!ahead) this.idle.abort();
    onProgress?.({ label: 'Evaluating your answers', phase: 'work', fraction: 0.1 });
    await this.idle.settled();
    await this.step.released();
    return this.step.run(async (signal) => {
      const engine = this.deps.engine();
      await interview.noteEngine(engine.info);
      const feedback =
        (await joined) ??
        (await writeFeedback({
          setup: interview.session.setup as PracticeSetup,
          threads: answeredQuestions(interview.session.guideline, interview.messages),
          engine,
          count: await this.counter.current(),
          now: this.now,
          signal,
          onUsage: (usage) => interview.addUsage(usage, engine.info.id),
          ...(onAssessments ? { onAssessments } : {}),
        }));
      await interview.replace((session) => ({ ...withoutDraft(session), feedback, status: 'finished' }));
      await interview.saveState(markFinished(interview.state));
      onProgress?.({ label: 'Feedback ready', phase: 'done', fraction: 1 });
      return interview.session;
    });
  }

  /** Keeps the answer in the box with its session (blank text removes it). */
  saveDraft(sessionId: string, input: DraftInput | undefined): Promise<void> {
    return this.drafts.save(sessionId, input);
  }

  /** Resolves when the background work (rest of the guideline, a summary ahead) is done. */
  settled(): Promise<void> {
    return this.idle.settled();
  }

  private async turn(callbacks: TurnCallbacks): Promise<MessageRecord> {
    const interview = this.requireLoaded();
    const count = await this.counter.current();
    const remoteTokenBudget = this.deps.remoteTokenBudget?.() ?? 0;
    if (this.idle.busy) callbacks.onWaiting?.('Getting the next question ready…');
    await this.idle.settled();
    const reply = await this.step.run(async (signal) => {
      // A retry or drill asks its given questions verbatim: code writes the turn, no model request.
      if (isAttempt(interview)) return runAttemptTurn({ interview, newId: this.deps.ids, now: this.now });
      const engine = this.deps.engine();
      // Written in the background after the opening; after a reload or a failure, here.
      if (interview.stored.guidelineRest && interview.state.pending?.kind !== 'opening') {
        callbacks.onWaiting?.('Getting the next question ready…');
        await completeGuideline(interview, engine, count, signal);
      }
      const written = interview.session.guideline?.questions.length ?? 0;
      if (!interview.stored.guidelineRest && written < interview.state.questionCount)
        await interview.saveState(fitToGuideline(interview.state, written));
      return runInterviewerTurn({ interview, engine, count, signal, newId: this.deps.ids, now: this.now, callbacks, remoteTokenBudget });
    });
    this.afterReply(interview, count, remoteTokenBudget);
    return reply;
  }

  /**
   * While the candidate reads and answers, the engine is idle: the work the next turn needs runs
   * now. After the closing reply that is the feedback, so Finish finds it written.
   */
  private afterReply(interview: LoadedInterview, count: TokenCounter, remoteTokenBudget: number): void {
    this.counter.load();
    if (interview.state.phase === 'closed') {
      this.ahead = new FeedbackAhead(this.idle, interview, this.deps.engine, count, this.now);
      return;
    }
    // An attempt's next turn is written by code: it needs no rest of a guideline and no summary.
    if (isAttempt(interview)) return;
    if (interview.stored.guidelineRest) this.idle.run((signal) => completeGuideline(interview, this.deps.engine(), count, signal));
    this.idle.run((signal) => summarizeAhead({ interview, engine: this.deps.engine(), count, signal, remoteTokenBudget }));
  }

  private readonly now = (): number => this.deps.clock.now();

  private requireLoaded(): LoadedInterview {
    if (!this.loaded) throw invalidInput('Open a practice session first.');
    return this.loaded;
  }
}
