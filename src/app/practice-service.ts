/**
 * Runs a practice interview over the ports: setup → guideline → turns → feedback.
 *
 * Plain TypeScript with its ports injected, so it is tested end to end with a scripted
 * engine and in-memory repositories. Every message is written the moment it exists (the
 * answer before the request; the reply when streaming starts, about once a second while
 * it streams, and when it ends), so a reload or crash loses nothing and `resume` continues.
 *
 * The interview's control flow lives in the pure state machine (domain/interview/state.ts);
 * this class only does IO around it.
 */
import type { ChatEngine, ChatMessage, ChatRequest, TokenUsage } from '../ports/chat-engine';
import type { Clock } from '../ports/clock';
import { AppError, isAbortError, toAppError } from '../ports/errors';
import type { Repositories } from '../ports/repositories';
import type { IndexProgress, RetrievedChunk, Retriever } from '../ports/vector-store';
import type { ProgressEvent } from '../workers/protocol';
import type {
  AnswerDraft,
  DeliveryMetrics,
  DocumentRecord,
  Feedback,
  MessageRecord,
  PracticeSetup,
  SessionRecord,
  TimedWordRecord,
} from '../domain/records';
import { fitContext, type ContextSummary, type Summarizer } from '../domain/context-policy';
import { extractJson } from '../domain/json-reply';
import { parseGuideline } from '../domain/guideline';
import { parseFeedback } from '../domain/feedback';
import { loadTokenCounter, type TokenCounter } from '../domain/tokens';
import {
  canRegenerate,
  createInterviewState,
  markFinished,
  noteRegeneration,
  recordAnswer,
  recordReply,
  repeatsEarlierQuestion,
  requestOpening,
  resolveReply,
  type InterviewState,
} from '../domain/interview/state';
import { readInterviewState } from '../domain/interview/state-schema';
import { ReplyFilter } from '../domain/interview/reply-filter';
import { answeredThreads, feedbackTranscript, questionThreads } from '../domain/interview/transcript';
import {
  FEEDBACK_SHAPE,
  GUIDELINE_SHAPE,
  jsonSystemPrompt,
  languageName,
  renderFeedbackPrompt,
  renderGuidelinePrompt,
  renderInterviewerSystem,
  renderRepairPrompt,
  renderSummarizePrompt,
} from './prompts';
import { StreamingWriter } from './streaming-writer';
import { languageMismatch, type LanguageMismatch } from '../domain/language-check';

export interface PracticeServiceDeps {
  /** The engine to use now (the user may switch engines mid-interview). */
  engine: () => ChatEngine;
  repos: Repositories;
  retriever: Retriever;
  /** Splits a document into passages (domain/retrieval/chunking.ts `chunkText`). */
  chunk: (text: string) => string[];
  clock: Clock;
  ids: () => string;
  /** Defaults to the lazily loaded gpt-tokenizer counter. */
  tokenCounter?: () => Promise<TokenCounter>;
  maxFollowUps?: number;
}

/** What the UI hears while a reply streams. */
export interface TurnCallbacks {
  /** A message was written (the candidate's answer, a reply starting, a reply completed). */
  onMessage?: (message: MessageRecord) => void;
  /** Newly visible reply text. */
  onDelta?: (text: string) => void;
  /** The streamed text so far is being replaced (a repeated question is regenerated). */
  onReset?: () => void;
}

export interface AnswerExtras {
  spoken?: boolean;
  metrics?: DeliveryMetrics;
  words?: TimedWordRecord[];
}

/** The answer box as the screen keeps it: its text, and the recording's extras while the text came from one. */
export interface DraftInput extends AnswerExtras {
  text: string;
}

export interface PracticeSnapshot {
  session: SessionRecord;
  messages: MessageRecord[];
  state: InterviewState;
}

/** What this service keeps in `SessionRecord.interviewState`. */
interface StoredPracticeState {
  machine: InterviewState;
  /** Retrieved passages the interviewer sees (the retriever's index does not survive a reload). */
  excerpts: { job: string[]; resume: string[] };
  summary?: ContextSummary;
}

export const LIMITS = {
  minQuestions: 1,
  maxQuestions: 15,
  /** Tokens kept free for an interviewer reply. */
  replyReserve: 512,
  /** Tokens kept free for the guideline and the feedback JSON. */
  jsonReserve: 1500,
  /** Share of the context window the retrieved JD / resume passages may take in a turn. */
  jobShare: 0.15,
  resumeShare: 0.1,
  /** Share of the window for the guideline material. */
  materialShare: 0.45,
  retrieveK: 8,
  /** Minimum time between writes of a streaming reply. */
  streamWriteMs: 1000,
} as const;

const TYPE_QUERIES = {
  professional: 'required skills experience technologies tools responsibilities qualifications design build',
  behavioral: 'teamwork collaboration communication leadership conflict ownership stakeholders mentoring initiative adaptability',
  resume: 'experience projects role achievements results responsibilities skills',
} as const;

const EMPTY_USAGE: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

function invalidInput(message: string): AppError {
  return new AppError('invalid-input', message);
}

function titleFor(setup: PracticeSetup): string {
  const firstLine =
    setup.jobDescription
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'Practice';
  const short = firstLine.length > 60 ? `${firstLine.slice(0, 57).trimEnd()}…` : firstLine;
  const type = setup.type[0]?.toUpperCase() + setup.type.slice(1);
  return `${type} · ${short}`;
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
}

/** Takes passages in order until the token budget is used. */
function takeWithin(passages: readonly string[], maxTokens: number, count: TokenCounter): string {
  const out: string[] = [];
  let used = 0;
  for (const passage of passages) {
    const cost = count(passage) + 2;
    if (used + cost > maxTokens) break;
    out.push(passage);
    used += cost;
  }
  return out.join('\n…\n');
}

export class PracticeService {
  private readonly deps: PracticeServiceDeps;
  private counter: TokenCounter | undefined;
  private current: (PracticeSnapshot & { stored: StoredPracticeState }) | undefined;
  private controller: AbortController | undefined;
  /** A draft saved while its session was not the loaded one (still preparing, or being opened). */
  private pendingDraft: { sessionId: string; draft: AnswerDraft | undefined } | undefined;

  constructor(deps: PracticeServiceDeps) {
    this.deps = deps;
  }

  /** The loaded session, its messages and interview state (after prepare or resume). */
  snapshot(): PracticeSnapshot | undefined {
    if (!this.current) return undefined;
    return {
      session: structuredClone(this.current.session),
      messages: structuredClone(this.current.messages),
      state: structuredClone(this.current.state),
    };
  }

  get busy(): boolean {
    return this.controller !== undefined;
  }

  // ── setup ────────────────────────────────────────────────────────────────────────────

  async createSession(setup: PracticeSetup): Promise<SessionRecord> {
    const jd = setup.jobDescription.trim();
    if (jd.length === 0) throw invalidInput('Paste a job description, or type a few keywords such as “PostgreSQL, Python”, to start.');
    if (setup.type === 'resume' && setup.resume.trim().length === 0)
      throw invalidInput('A resume interview asks about your resume: paste or import your resume first, or pick another interview type.');
    if (!Number.isInteger(setup.questionCount) || setup.questionCount < LIMITS.minQuestions || setup.questionCount > LIMITS.maxQuestions) {
      throw invalidInput(`Choose between ${LIMITS.minQuestions} and ${LIMITS.maxQuestions} questions.`);
    }
    const now = this.deps.clock.now();
    const session: SessionRecord = {
      id: this.deps.ids(),
      mode: 'practice',
      title: titleFor(setup),
      status: 'preparing',
      createdAt: now,
      updatedAt: now,
      usage: { ...EMPTY_USAGE },
      engines: [],
      setup: { ...setup, jobDescription: jd, resume: setup.resume.trim() },
    };
    await this.deps.repos.sessions.put(session);
    // The documents keep the full text (a 100 KB JD is chunked for retrieval, never truncated).
    await this.deps.repos.documents.put({
      id: this.deps.ids(),
      kind: 'jd',
      title: 'Job description',
      text: jd,
      sessionId: session.id,
      createdAt: now,
    });
    if (session.setup?.resume) {
      await this.deps.repos.documents.put({
        id: this.deps.ids(),
        kind: 'resume',
        title: 'Resume',
        text: session.setup.resume,
        sessionId: session.id,
        createdAt: now,
      });
    }
    return session;
  }

  /** Indexes the documents, retrieves what matters, and has the model write the guideline. */
  async prepare(sessionId: string, onProgress?: (event: ProgressEvent) => void): Promise<SessionRecord> {
    return this.exclusive(async (signal) => {
      // Usage and engine notes of the guideline request go to this session, not a previous one.
      this.current = undefined;
      const session = await this.requireSession(sessionId);
      const setup = session.setup as PracticeSetup;
      const count = await this.tokens();
      const engine = this.deps.engine();
      const report = (label: string, fraction: number) => onProgress?.({ label, phase: fraction >= 1 ? 'done' : 'work', fraction });

      report('Reading your documents', 0);
      const docs = await this.deps.repos.documents.listBySession(sessionId);
      const jd = docs.find((d) => d.kind === 'jd');
      const resume = docs.find((d) => d.kind === 'resume');
      if (!jd) throw new AppError('not-found', 'The job description of this session is missing. Start a new practice session.');
      // While the search model downloads (first use only), say so rather than show "0 of 12" standing still.
      const indexing =
        (what: string, from: number, span: number): IndexProgress =>
        (done, total, download) =>
          report(download ? searchModelDownloadLabel(download) : `Indexing your ${what} (${done}/${total})`, from + span * (done / total));
      const jdChunks = await this.indexDocument(jd, indexing('job description', 0.1, 0.2));
      const resumeChunks = resume ? await this.indexDocument(resume, indexing('resume', 0.3, 0.1)) : [];
      signal.throwIfAborted();

      report('Finding what the job asks for', 0.4);
      const jdHits = await this.retrieve(jd, jdChunks, setup.type === 'resume' ? TYPE_QUERIES.professional : TYPE_QUERIES[setup.type]);
      const resumeHits = resume
        ? await this.retrieve(resume, resumeChunks, `${TYPE_QUERIES.resume} ${jdHits.map((h) => h.text).join(' ')}`.slice(0, 2000))
        : [];
      const primary = setup.type === 'resume' ? resumeHits : jdHits;
      const secondary = setup.type === 'resume' ? jdHits : [];
      const materialBudget = Math.max(300, Math.floor(engine.contextWindow * LIMITS.materialShare));
      const material = takeWithin(
        [...primary, ...secondary].map((h) => h.text),
        materialBudget,
        count,
      );

      report('Writing your interview questions', 0.5);
      const source = setup.type === 'resume' ? `${resume?.text ?? ''}\n${jd.text}` : jd.text;
      const prompt = renderGuidelinePrompt({ type: setup.type, count: setup.questionCount, language: setup.language, material });
      const guideline = await this.requestJson(
        session,
        engine,
        prompt,
        GUIDELINE_SHAPE,
        signal,
        (value) => {
          const result = parseGuideline(value, {
            count: setup.questionCount,
            source,
            groundedIn: [...primary, ...secondary].map((h) => h.id),
          });
          if (!result.ok) return result;
          // Questions in another language are unusable for this interview: the repair request says so.
          const wrong = languageMismatch(result.guideline.questions.map((q) => q.text).join('\n'), setup.language);
          return wrong ? { ok: false, problem: wrongLanguageProblem(wrong, 'Every question') } : { ok: true, value: result.guideline };
        },
        'The model could not write a usable list of questions, even after a second try. Try again, or choose a larger model or a remote engine in Settings.',
      );

      const machine = createInterviewState(guideline.questions.length, this.deps.maxFollowUps);
      const stored: StoredPracticeState = { machine, excerpts: { job: jdHits.map((h) => h.text), resume: resumeHits.map((h) => h.text) } };
      const ready: SessionRecord = this.withPendingDraft({
        ...session,
        guideline,
        status: 'active',
        interviewState: stored,
        updatedAt: this.deps.clock.now(),
      });
      await this.deps.repos.sessions.put(ready);
      this.current = { session: ready, messages: [], state: machine, stored };
      report('Ready', 1);
      return structuredClone(ready);
    });
  }

  /** Loads a session (after a reload) so the interview can continue where it stopped. */
  async resume(sessionId: string): Promise<PracticeSnapshot> {
    const session = await this.requireSession(sessionId);
    const stored = session.interviewState as Partial<StoredPracticeState> | undefined;
    const machine = readInterviewState(stored?.machine);
    if (!session.guideline || !machine || !stored?.excerpts)
      throw new AppError(
        'not-found',
        'This session was never started, or its saved state is damaged. Start a new practice session with the same job description.',
      );
    const messages = await this.deps.repos.messages.listBySession(sessionId);
    const last = messages.at(-1);
    // A reply that was streaming when the page went away is partial: say so, so it can be retried.
    if (machine.phase === 'awaiting-reply' && last?.role === 'assistant' && !last.incomplete) {
      last.incomplete = true;
      await this.deps.repos.messages.put(last);
    }
    this.current = {
      session: this.withPendingDraft(session),
      messages,
      state: machine,
      stored: { machine, excerpts: stored.excerpts, ...(stored.summary ? { summary: stored.summary } : {}) },
    };
    return this.snapshot() as PracticeSnapshot;
  }

  // ── the conversation ─────────────────────────────────────────────────────────────────

  /** Greets the candidate and asks the first question. */
  async start(callbacks: TurnCallbacks = {}): Promise<MessageRecord> {
    const current = this.requireCurrent();
    if (current.state.phase !== 'not-started') throw invalidInput('This interview has already started.');
    await this.saveState(requestOpening(current.state));
    return this.exclusive((signal) => this.runTurn(callbacks, signal));
  }

  /** Saves the candidate's answer, then streams the interviewer's next turn. */
  async answer(text: string, callbacks: TurnCallbacks = {}, extras: AnswerExtras = {}): Promise<MessageRecord> {
    const current = this.requireCurrent();
    if (this.controller) throw invalidInput('Wait for the interviewer to finish, or press Stop first.');
    const answer = text.trim();
    if (answer.length === 0) throw invalidInput('Type or record an answer first.');
    let state = current.state;
    if (state.phase === 'closed' || state.phase === 'finished')
      throw invalidInput('The interview is over. Ask for feedback to see how you did.');
    if (state.phase === 'not-started') throw invalidInput('Start the interview first.');
    if (state.phase === 'awaiting-reply') {
      // The candidate answers a reply that was stopped part-way: keep it as the turn it was.
      const last = current.messages.at(-1);
      if (last?.role !== 'assistant' || !state.pending)
        throw invalidInput('The interviewer has not asked anything yet. Press Retry to get the question.');
      const filter = new ReplyFilter();
      filter.push(last.text);
      filter.flush();
      const resolved = resolveReply(state.pending, state.questionCount, filter.decision);
      state = recordReply(state, resolved, last.text);
      await this.putMessage({ ...last, kind: resolved.kind, questionIndex: resolved.questionIndex }, callbacks);
    }
    const message: MessageRecord = {
      id: this.deps.ids(),
      sessionId: current.session.id,
      index: current.messages.length,
      role: 'user',
      text: answer,
      createdAt: this.deps.clock.now(),
      kind: 'answer',
      questionIndex: state.questionIndex,
      ...(extras.spoken ? { spoken: true } : {}),
      ...(extras.metrics ? { metrics: extras.metrics } : {}),
      ...(extras.words ? { words: extras.words } : {}),
    };
    // The answer is saved before anything is sent, so it survives a failed request; it is no longer a draft.
    await this.putMessage(message, callbacks);
    current.session = withoutDraft(current.session);
    await this.saveState(recordAnswer(state));
    return this.exclusive((signal) => this.runTurn(callbacks, signal));
  }

  /** Stops whatever is running (a streaming reply keeps its partial text, marked incomplete). */
  stop(): void {
    this.controller?.abort(new AppError('aborted', 'Stopped.'));
  }

  /** Generates the pending interviewer turn again (after Stop or a failed reply). */
  async retry(callbacks: TurnCallbacks = {}): Promise<MessageRecord> {
    const current = this.requireCurrent();
    if (current.state.phase !== 'awaiting-reply') throw invalidInput('There is no reply to retry.');
    return this.exclusive((signal) => this.runTurn(callbacks, signal));
  }

  /** Evaluates the answers so far and finishes the session. */
  async finish(onProgress?: (event: ProgressEvent) => void): Promise<SessionRecord> {
    this.stop();
    const current = this.requireCurrent();
    const setup = current.session.setup as PracticeSetup;
    const guideline = current.session.guideline;
    if (!guideline) throw invalidInput('This session has no questions yet.');
    const threads = answeredThreads(questionThreads(guideline, current.messages));
    if (threads.length === 0) throw invalidInput('Answer at least one question before asking for feedback.');
    // Let a stopped stream settle before the evaluation request takes over.
    while (this.controller) await new Promise((resolve) => setTimeout(resolve, 0));
    return this.exclusive(async (signal) => {
      const count = await this.tokens();
      const engine = this.deps.engine();
      onProgress?.({ label: 'Evaluating your answers', phase: 'work', fraction: 0.1 });
      const transcriptBudget = Math.max(500, engine.contextWindow - LIMITS.jsonReserve - 900);
      const transcript = feedbackTranscript(threads, count, transcriptBudget);
      const prompt = renderFeedbackPrompt({ type: setup.type, language: setup.language, transcript, questionCount: threads.length });
      const feedback = await this.requestJson(
        current.session,
        engine,
        prompt,
        FEEDBACK_SHAPE,
        signal,
        (value) => {
          const result = parseFeedback(value, threads, { engineId: engine.info.id, createdAt: this.deps.clock.now() });
          return result.ok ? { ok: true, value: result.feedback } : result;
        },
        'The model could not produce a valid evaluation, even after a second try. Your answers are saved: try again, or choose a larger model or a remote engine in Settings.',
        // Feedback in another language is still feedback: asked for once more, but never refused.
        (feedback) => {
          const wrong = languageMismatch(feedbackProse(feedback), setup.language);
          return wrong && wrongLanguageProblem(wrong, 'The feedback');
        },
      );
      const state = markFinished(current.state);
      current.stored = { ...current.stored, machine: state };
      current.state = state;
      current.session = {
        ...withoutDraft(current.session),
        feedback,
        status: 'finished',
        interviewState: current.stored,
        updatedAt: this.deps.clock.now(),
      };
      await this.deps.repos.sessions.put(current.session);
      onProgress?.({ label: 'Feedback ready', phase: 'done', fraction: 1 });
      return structuredClone(current.session);
    });
  }

  // ── the unsent answer ────────────────────────────────────────────────────────────────

  /**
   * Keeps the answer in the box with its session, so a reload, a crash or a visit to Settings
   * loses none of it; blank text removes it. Sending the answer or finishing the session drops it.
   * Written through the loaded session (every other write of it starts from that copy, so
   * none can put back an older one); a session still preparing or being opened gets it
   * when it is loaded.
   */
  async saveDraft(sessionId: string, input: DraftInput | undefined): Promise<void> {
    const draft = input && input.text.trim() !== '' ? toDraft(input, this.deps.clock.now()) : undefined;
    if (this.current?.session.id === sessionId) {
      await this.putDraft(draft);
      return;
    }
    this.pendingDraft = { sessionId, draft };
    // A prepare or resume under way puts the pending draft into the session it writes.
    if (this.controller) return;
    const stored = await this.deps.repos.sessions.get(sessionId);
    if (this.current?.session.id === sessionId) {
      await this.putDraft(this.pendingDraft?.sessionId === sessionId ? this.pendingDraft.draft : draft);
      return;
    }
    if (!stored || stored.mode !== 'practice' || stored.status === 'finished') return;
    await this.deps.repos.sessions.put(draft ? { ...stored, draft } : withoutDraft(stored));
  }

  private async putDraft(draft: AnswerDraft | undefined): Promise<void> {
    const current = this.requireCurrent();
    if (this.pendingDraft?.sessionId === current.session.id) this.pendingDraft = undefined;
    if (current.session.status === 'finished' || (!draft && !current.session.draft)) return;
    current.session = draft ? { ...current.session, draft } : withoutDraft(current.session);
    await this.deps.repos.sessions.put(current.session);
  }

  private withPendingDraft(session: SessionRecord): SessionRecord {
    const pending = this.pendingDraft;
    if (pending?.sessionId !== session.id) return session;
    this.pendingDraft = undefined;
    return pending.draft ? { ...session, draft: pending.draft } : withoutDraft(session);
  }

  // ── internals ────────────────────────────────────────────────────────────────────────

  private async runTurn(callbacks: TurnCallbacks, signal: AbortSignal): Promise<MessageRecord> {
    const current = this.requireCurrent();
    const plan = current.state.pending;
    const guideline = current.session.guideline;
    const setup = current.session.setup as PracticeSetup;
    if (!plan || !guideline) throw invalidInput('There is no interviewer turn to generate.');
    const engine = this.deps.engine();
    const count = await this.tokens();
    await this.noteEngine(engine);

    // A stopped or failed reply to this turn is regenerated in place (indices stay dense).
    const last = current.messages.at(-1);
    let reuse = last?.role === 'assistant' && last.incomplete ? last : undefined;
    const history: ChatMessage[] = current.messages.filter((m) => m !== reuse).map((m) => ({ role: m.role, content: m.text }));
    if (history.at(-1)?.role !== 'user') history.push({ role: 'user', content: '(The candidate is ready. Give your next turn.)' });

    let regenerateNote = '';
    let languageRetried = false;
    for (;;) {
      const system = renderInterviewerSystem({
        setup,
        guideline,
        plan,
        jobExcerpt: takeWithin(current.stored.excerpts.job, Math.floor(engine.contextWindow * LIMITS.jobShare), count),
        resumeExcerpt: takeWithin(current.stored.excerpts.resume, Math.floor(engine.contextWindow * LIMITS.resumeShare), count),
      });
      const context = await fitContext(
        {
          system: { role: 'system', content: system + regenerateNote },
          history,
          contextWindow: engine.contextWindow,
          replyReserve: LIMITS.replyReserve,
          count,
          ...(current.stored.summary ? { summary: current.stored.summary } : {}),
        },
        this.summarizer(engine),
        signal,
      );
      if (context.summary && context.summary.coversUpTo !== current.stored.summary?.coversUpTo)
        current.stored = { ...current.stored, summary: context.summary };

      const filter = new ReplyFilter();
      const base: MessageRecord = reuse
        ? { ...reuse, engineId: engine.info.id, engineLabel: engine.info.label, incomplete: true, text: '' }
        : {
            id: this.deps.ids(),
            sessionId: current.session.id,
            index: current.messages.length,
            role: 'assistant',
            text: '',
            createdAt: this.deps.clock.now(),
            engineId: engine.info.id,
            engineLabel: engine.info.label,
            incomplete: true,
          };
      let message: MessageRecord | undefined;
      // On disk while it streams, so a reload or crash at any moment keeps what the candidate saw.
      const writer = new StreamingWriter(
        async (incomplete) => {
          message = { ...base, text: filter.visibleText, incomplete };
          if (!incomplete) delete message.incomplete;
          await this.putMessage(message, callbacks);
        },
        () => this.deps.clock.now(),
        LIMITS.streamWriteMs,
      );
      const own = new AbortController();
      const onAbort = () => own.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let usage: TokenUsage | undefined;
      let stopped = false;
      try {
        for await (const delta of engine.stream({
          messages: context.messages,
          temperature: 0.7,
          maxTokens: LIMITS.replyReserve,
          signal: own.signal,
        })) {
          if (delta.usage) usage = delta.usage;
          if (delta.finishReason === 'abort') stopped = signal.aborted;
          if (delta.text === undefined) continue;
          const visible = filter.push(delta.text);
          if (filter.cut) own.abort(new AppError('aborted', 'Cut: the model began writing the candidate part.'));
          if (visible.length === 0) continue;
          callbacks.onDelta?.(visible);
          await writer.update();
        }
      } catch (error) {
        if (isAbortError(error) && !signal.aborted && filter.cut) {
          // We cut the stream ourselves; what came before the cut is the reply.
        } else {
          const tail = filter.flush();
          if (tail) callbacks.onDelta?.(tail);
          if (message !== undefined || filter.visibleText) await writer.write(true);
          await this.addUsage(usage ?? this.countUsage(context.promptTokens, filter.visibleText, count));
          throw isAbortError(error)
            ? new AppError('aborted', 'Stopped. Press Retry to get the full reply, or answer what was asked.', { cause: error })
            : toAppError(error);
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      await writer.settle();
      const tail = filter.flush();
      if (tail) callbacks.onDelta?.(tail);
      await this.addUsage(usage ?? this.countUsage(context.promptTokens, filter.visibleText, count));
      if (stopped) {
        await writer.write(true);
        throw new AppError('aborted', 'Stopped. Press Retry to get the full reply, or answer what was asked.');
      }
      const text = filter.visibleText;
      if (text.trim().length === 0) {
        throw new AppError(
          'invalid-model-output',
          'The model sent an empty reply. Press Retry; if it keeps happening, choose another model in Settings.',
        );
      }
      const wrongLanguage = languageMismatch(text, setup.language);
      if (wrongLanguage && !languageRetried) {
        // Small models drift into English (or the JD's language): ask once more, replacing the draft.
        languageRetried = true;
        regenerateNote = `\n\nYour previous draft was not in ${languageName(setup.language)}. Write your whole reply in ${languageName(setup.language)} only.`;
        callbacks.onReset?.();
        if (message !== undefined) reuse = message;
        continue;
      }
      if (repeatsEarlierQuestion(current.state, text) && canRegenerate(current.state)) {
        // Small models loop; ask once more with an explicit note, replacing what was shown.
        await this.saveState(noteRegeneration(current.state));
        regenerateNote = `\n\nYour previous draft repeated a question that was already asked ("${text.slice(0, 200)}"). Ask something different.`;
        callbacks.onReset?.();
        // The draft is overwritten by the regenerated reply, so it never stays in the history.
        if (message !== undefined) reuse = message;
        continue;
      }
      const resolved = resolveReply(plan, current.state.questionCount, filter.decision);
      const completed: MessageRecord = {
        ...base,
        ...(message ? { id: (message as MessageRecord).id } : {}),
        text,
        kind: resolved.kind,
        questionIndex: resolved.questionIndex,
        // Still not in the interview language after one more try: kept as it came, and labelled.
        ...(wrongLanguage ? { languageMismatch: wrongLanguage } : {}),
      };
      delete completed.incomplete;
      await this.putMessage(completed, callbacks);
      await this.saveState(recordReply(current.state, resolved, text));
      return structuredClone(completed);
    }
  }

  private summarizer(engine: ChatEngine): Summarizer {
    return async (messages, targetTokens, signal) => {
      const conversation = messages.map((m) => `${m.role === 'user' ? 'Candidate' : 'Interviewer'}: ${m.content}`).join('\n\n');
      const request: ChatRequest = {
        messages: [{ role: 'user', content: renderSummarizePrompt({ targetTokens, conversation }) }],
        temperature: 0.2,
        maxTokens: targetTokens * 2,
      };
      if (signal) request.signal = signal;
      const { text, usage } = await this.collect(engine, request);
      if (usage) await this.addUsage(usage);
      return text;
    };
  }

  /**
   * One JSON request with one repair attempt; then a clear AppError. Nothing is invented.
   * `prefer` names a flaw that does not make a valid reply unusable (feedback in the wrong
   * language): the repair asks for it to be fixed, and the first reply stays if the repair is
   * no better.
   */
  private async requestJson<T>(
    session: SessionRecord,
    engine: ChatEngine,
    prompt: string,
    shape: string,
    signal: AbortSignal,
    validate: (value: unknown) => { ok: true; value: T } | { ok: false; problem: string },
    failure: string,
    prefer?: (value: T) => string | undefined,
  ): Promise<T> {
    await this.noteEngine(engine, session);
    const count = await this.tokens();
    const system: ChatMessage = { role: 'system', content: jsonSystemPrompt() };
    const ask = async (content: string) => {
      const messages: ChatMessage[] = [system, { role: 'user', content }];
      const maxTokens = Math.min(LIMITS.jsonReserve, Math.max(256, engine.contextWindow - count(system.content) - count(content) - 16));
      const { text, usage } = await this.collect(engine, { messages, temperature: 0.4, maxTokens, json: true, signal });
      await this.addUsage(usage ?? this.countUsage(count(system.content) + count(content), text, count), session);
      return text;
    };
    const check = (reply: string) => {
      const json = extractJson(reply);
      return json.ok ? validate(json.value) : { ok: false as const, problem: json.reason };
    };
    const first = await ask(prompt);
    const firstResult = check(first);
    if (firstResult.ok) {
      const flaw = prefer?.(firstResult.value);
      if (!flaw) return firstResult.value;
      // Usable as it is: one request to fix the flaw; the first reply stays unless the second is better
      // (or the second request fails: what we have is not thrown away for a nicety).
      try {
        const better = check(await ask(renderRepairPrompt({ problem: flaw, shape, reply: first.slice(0, 6000) })));
        return better.ok && !prefer?.(better.value) ? better.value : firstResult.value;
      } catch (error) {
        if (signal.aborted) throw error;
        return firstResult.value;
      }
    }
    const second = await ask(renderRepairPrompt({ problem: firstResult.problem, shape, reply: first.slice(0, 6000) }));
    const secondResult = check(second);
    if (secondResult.ok) return secondResult.value;
    throw new AppError('invalid-model-output', failure, { details: { problem: secondResult.problem } });
  }

  private async collect(engine: ChatEngine, request: ChatRequest): Promise<{ text: string; usage?: TokenUsage }> {
    let text = '';
    let usage: TokenUsage | undefined;
    for await (const delta of engine.stream(request)) {
      if (delta.text) text += delta.text;
      if (delta.usage) usage = delta.usage;
      if (delta.finishReason === 'abort') throw new AppError('aborted', 'Stopped.');
    }
    return usage ? { text, usage } : { text };
  }

  private async indexDocument(doc: DocumentRecord, onProgress: IndexProgress): Promise<string[]> {
    const chunks = this.deps.chunk(doc.text).filter((c) => c.trim().length > 0);
    const namespace = `session:${doc.sessionId}:${doc.kind}`;
    await this.deps.retriever.drop(namespace);
    await this.deps.retriever.index(
      namespace,
      chunks.map((text, i) => ({ id: `${doc.id}:${i}`, documentId: doc.id, text })),
      onProgress,
    );
    return chunks;
  }

  /** Short documents are used whole (in order); long ones contribute their top passages. */
  private async retrieve(doc: DocumentRecord, chunks: string[], query: string): Promise<RetrievedChunk[]> {
    // Same ids as indexDocument gives the chunks, so `groundedIn` always names real chunks.
    if (chunks.length <= LIMITS.retrieveK) return chunks.map((text, i) => ({ id: `${doc.id}:${i}`, documentId: doc.id, text, score: 1 }));
    return this.deps.retriever.search([`session:${doc.sessionId}:${doc.kind}`], { query, k: LIMITS.retrieveK });
  }

  private countUsage(promptTokens: number, completion: string, count: TokenCounter): TokenUsage {
    const completionTokens = count(completion);
    return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  }

  private async addUsage(usage: TokenUsage, session?: SessionRecord): Promise<void> {
    if (this.current && (!session || session.id === this.current.session.id)) {
      this.current.session = {
        ...this.current.session,
        usage: addUsage(this.current.session.usage, usage),
        updatedAt: this.deps.clock.now(),
      };
      await this.deps.repos.sessions.put(this.current.session);
    } else if (session) {
      session.usage = addUsage(session.usage, usage);
      await this.deps.repos.sessions.put(session);
    }
  }

  /** Records which engine answered, and every switch, in `session.engines`. */
  private async noteEngine(engine: ChatEngine, session?: SessionRecord): Promise<void> {
    const target = session && (!this.current || this.current.session.id !== session.id) ? session : this.current?.session;
    if (!target || target.engines.at(-1)?.engineId === engine.info.id) return;
    target.engines = [...target.engines, { at: this.deps.clock.now(), engineId: engine.info.id, label: engine.info.label }];
    await this.deps.repos.sessions.put(target);
  }

  private async putMessage(message: MessageRecord, callbacks: TurnCallbacks): Promise<void> {
    const current = this.requireCurrent();
    await this.deps.repos.messages.put(message);
    const at = current.messages.findIndex((m) => m.id === message.id);
    if (at >= 0) current.messages[at] = message;
    else current.messages.push(message);
    callbacks.onMessage?.(structuredClone(message));
  }

  private async saveState(state: InterviewState): Promise<void> {
    const current = this.requireCurrent();
    current.state = state;
    current.stored = { ...current.stored, machine: state };
    current.session = { ...current.session, interviewState: current.stored, updatedAt: this.deps.clock.now() };
    await this.deps.repos.sessions.put(current.session);
  }

  private async exclusive<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.controller) throw invalidInput('Wait for the current step to finish, or press Stop first.');
    const controller = new AbortController();
    this.controller = controller;
    try {
      return await work(controller.signal);
    } catch (error) {
      throw toAppError(error);
    } finally {
      this.controller = undefined;
    }
  }

  private async requireSession(id: string): Promise<SessionRecord> {
    const session = await this.deps.repos.sessions.get(id);
    if (!session || session.mode !== 'practice' || !session.setup)
      throw new AppError('not-found', 'This practice session no longer exists. It may have been deleted; start a new one.');
    return session;
  }

  private requireCurrent(): PracticeSnapshot & { stored: StoredPracticeState } {
    if (!this.current) throw invalidInput('Open a practice session first.');
    return this.current;
  }

  private async tokens(): Promise<TokenCounter> {
    this.counter ??= await (this.deps.tokenCounter ?? loadTokenCounter)();
    return this.counter;
  }
}

/** A plain copy (structured-clone safe) of the answer box; extras only from a recording. */
function toDraft(input: DraftInput, savedAt: number): AnswerDraft {
  return {
    text: input.text,
    savedAt,
    ...(input.spoken ? { spoken: true } : {}),
    // Spread, not structuredClone: the screen's reactive copies are proxies, which cannot be cloned.
    ...(input.spoken && input.metrics ? { metrics: { ...input.metrics, fillers: { ...input.metrics.fillers } } } : {}),
    ...(input.spoken && input.words ? { words: input.words.map((w) => ({ text: w.text, start: w.start, end: w.end })) } : {}),
  };
}

function withoutDraft(session: SessionRecord): SessionRecord {
  if (!('draft' in session)) return session;
  const { draft: _draft, ...rest } = session;
  return rest;
}

/** What the repair request tells the model about text in the wrong language. */
function wrongLanguageProblem(wrong: LanguageMismatch, what: string): string {
  const found = wrong.detected ? `, not in ${languageName(wrong.detected)}` : '';
  return `${what} must be written in ${languageName(wrong.expected)}${found}.`;
}

/** The feedback's own prose: not the evidence (the candidate's words) nor the questions and requirements (ours). */
function feedbackProse(feedback: Feedback): string {
  const perQuestion = feedback.questions.flatMap((q) => [...q.strengths, ...q.improvements, q.sampleAnswer]);
  return [feedback.summary, ...feedback.strengths, ...feedback.improvements, ...perQuestion].join('\n');
}

/** "Downloading the search model (first time only): 40%" for the setup progress. */
export function searchModelDownloadLabel(download: ProgressEvent): string {
  const percent = download.fraction !== undefined ? `: ${Math.round(download.fraction * 100)}%` : '…';
  return `Downloading the search model (first time only)${percent}`;
}
