/**
 * Twin mode without UI: profiles (CRUD, imports, twin packs), conversations saved as
 * sessions, and answering one question: a saved answer at once when one matches, otherwise
 * the model with a system message rebuilt for this very question and a history fitted by
 * the shared context policy. Every message is written the moment it exists.
 */
import type { MessageRecord, Project, QAPair, SessionRecord, Settings } from '../domain/records';
import { fitContext, DEFAULT_SUMMARY_TOKENS, type Summarizer } from '../domain/context-policy';
import { loadTokenCounter, type TokenCounter } from '../domain/tokens';
import { renderPrompt } from '../domain/prompt-template';
import { buildTwinSystemMessage, tagsNamedIn, twinBudgets } from '../domain/twin/system-message';
import { clampThreshold, pickSavedAnswer, type SavedAnswerMatch } from '../domain/twin/saved-answers';
import { addUsage, assertWithinBudget, requestUsage } from '../domain/twin/budget';
import { lastQuestion, sessionTitle, toChatHistory } from '../domain/twin/history';
import { parseSuggestedQuestions, MODEL_SUGGESTIONS } from '../domain/twin/suggestions';
import { parseTwinPack, toTwinPack, twinPackFileName } from '../domain/twin/twin-pack';
import { toProject, type ProjectDraft } from '../domain/twin/projects';
import type { QaImport } from '../domain/twin/qa-csv';
import type { Scored, TwinProfile } from '../domain/twin/types';
import type { ChatEngine, ChatMessage, TokenUsage } from '../ports/chat-engine';
import type { Clock } from '../ports/clock';
import { AppError, isAbortError, toAppError } from '../ports/errors';
import type { Repositories } from '../ports/repositories';
import type { TwinRanker } from './twin-ranker';
import { StreamingWriter } from './chat/streaming-writer';
import defaultSystemPrompt from '../../prompts/twin-system.md?raw';
import suggestPrompt from '../../prompts/twin-suggest.md?raw';

export const DEFAULT_TWIN_PROMPT = defaultSystemPrompt.trim();
export const SAVED_ANSWER_LABEL = 'From your saved answers';
const SAVED_ANSWER_ENGINE_ID = 'saved-answer';

/** File readers the container provides (adapters live behind it). */
export interface TwinFileReaders {
  readQaCsv(file: File, makeId: (index: number) => string): Promise<QaImport>;
  readProjectMarkdown(file: File): Promise<ProjectDraft>;
  /** Resume import: pdf, docx, txt, md. */
  readText(file: File): Promise<{ text: string; title: string }>;
}

export interface TwinServiceDeps {
  /** The engine chosen in Settings; throws an AppError (e.g. remote-not-configured) when none is usable. */
  engine: () => ChatEngine | Promise<ChatEngine>;
  repos: Pick<Repositories, 'sessions' | 'messages' | 'profiles' | 'settings'>;
  ranker: TwinRanker;
  files: TwinFileReaders;
  clock: Clock;
  newId: () => string;
  /** Defaults to gpt-tokenizer, loaded lazily. */
  countTokens?: TokenCounter;
}

/**
 * One saved answer or project that went into the system message, as the Inspect panel shows it.
 * `score` is the retriever's (a fused rank score or BM25: it orders, but means nothing on its
 * own), so the panel shows why the item is there instead.
 */
export interface InspectEntry<T> extends Scored<T> {
  /** The search found it for this question (false: added in file order to reach the minimum). */
  found: boolean;
  /** Saved answers: cosine 0..1 of the two questions, the measure the saved-answer check uses (when measured). */
  similarity?: number;
  /** Projects: the tags the question names (each lifts the project). */
  tags?: string[];
}

/** What the Inspect panel shows for one answer. */
export interface TwinInspect {
  question: string;
  source: 'model' | 'saved-answer';
  engineLabel: string;
  /** The exact system message sent (model answers only). */
  systemMessage?: string;
  systemTokens?: number;
  promptTokens?: number;
  /** Best first, as sent. */
  examples: InspectEntry<QAPair>[];
  /** Best first (tag matches included), as sent. */
  projects: InspectEntry<Project>[];
  savedMatch?: SavedAnswerMatch;
  /** Best saved-answer similarity seen, and the threshold it was compared with. */
  bestSimilarity?: number;
  similarityMethod?: 'embeddings' | 'words';
  threshold: number;
  resumeTruncated: boolean;
  summaryUsed: boolean;
  droppedTurns: number;
  /** All messages sent, for the curious (system first). */
  sent?: ChatMessage[];
}

export interface AnswerCallbacks {
  onText?: (text: string) => void;
  /** The engine is being prepared, history summarized, or the profile indexed. */
  onPhase?: (phase: 'ranking' | 'summarizing' | 'answering') => void;
  /** Indexing the profile's saved answers (first question after a change or a reload). */
  onIndexProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface AnswerResult {
  message: MessageRecord;
  inspect: TwinInspect;
  session: SessionRecord;
}

function emptyUsage(): TokenUsage {
  return { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
}

export class TwinService {
  private counter: TokenCounter | undefined;

  constructor(private readonly deps: TwinServiceDeps) {
    this.counter = deps.countTokens;
  }

  private async count(): Promise<TokenCounter> {
    this.counter ??= await loadTokenCounter();
    return this.counter;
  }

  /** Sessions may arrive as reactive proxies from the UI; IndexedDB needs plain data. */
  private async putSession(session: SessionRecord): Promise<void> {
    await this.deps.repos.sessions.put(plainData(session));
  }

  // ─── Profiles ────────────────────────────────────────────────────────────

  async listProfiles(): Promise<TwinProfile[]> {
    return (await this.deps.repos.profiles.list()) as TwinProfile[];
  }

  async createProfile(name = 'My twin'): Promise<TwinProfile> {
    const now = this.deps.clock.now();
    const profile: TwinProfile = {
      id: this.deps.newId(),
      name,
      systemPrompt: DEFAULT_TWIN_PROMPT,
      resume: '',
      qa: [],
      projects: [],
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.repos.profiles.put(profile);
    return profile;
  }

  /** Saves a changed profile; `updatedAt` moves so the ranker re-indexes. */
  async saveProfile(profile: TwinProfile): Promise<TwinProfile> {
    const name = profile.name.trim();
    if (name === '') throw new AppError('invalid-input', 'Give the profile a name (it is how the twin introduces itself).');
    const saved: TwinProfile = { ...profile, name, updatedAt: Math.max(this.deps.clock.now(), profile.updatedAt + 1) };
    await this.deps.repos.profiles.put(plainData(saved));
    return saved;
  }

  async deleteProfile(id: string): Promise<void> {
    await this.deps.repos.profiles.delete(id);
    await this.deps.ranker.forget?.(id);
  }

  /** Replaces the profile's Q&A with the CSV's pairs; returns the report (kept, skipped lines). */
  async importQaCsv(profile: TwinProfile, file: File): Promise<{ profile: TwinProfile; report: QaImport }> {
    const report = await this.deps.files.readQaCsv(file, () => this.deps.newId());
    if (report.pairs.length === 0) {
      throw new AppError(
        'invalid-import',
        `No usable question and answer rows were found in “${file.name}”. Check that each row has both a question and an answer.`,
        {
          details: { skipped: report.skipped },
        },
      );
    }
    return { profile: await this.saveProfile({ ...profile, qa: report.pairs, suggestedQuestions: undefined }), report };
  }

  async importResume(profile: TwinProfile, file: File): Promise<TwinProfile> {
    const { text } = await this.deps.files.readText(file);
    if (text.trim() === '')
      throw new AppError('file-unreadable', `“${file.name}” has no text Rehearse can read. Paste your resume into the box instead.`);
    return this.saveProfile({ ...profile, resume: text.trim() });
  }

  /** Adds (no id) or replaces (same id) a project after validation. */
  async upsertProject(profile: TwinProfile, draft: ProjectDraft, id?: string): Promise<TwinProfile> {
    const project = toProject(draft, id ?? this.deps.newId());
    const exists = profile.projects.some((p) => p.id === project.id);
    const projects = exists ? profile.projects.map((p) => (p.id === project.id ? project : p)) : [...profile.projects, project];
    return this.saveProfile({ ...profile, projects });
  }

  async deleteProject(profile: TwinProfile, id: string): Promise<TwinProfile> {
    return this.saveProfile({ ...profile, projects: profile.projects.filter((p) => p.id !== id) });
  }

  /** One project per Markdown file; files that fail are reported, the others added. */
  async importProjects(profile: TwinProfile, files: File[]): Promise<{ profile: TwinProfile; failed: { file: string; reason: string }[] }> {
    const added: Project[] = [];
    const failed: { file: string; reason: string }[] = [];
    for (const file of files) {
      try {
        added.push(toProject(await this.deps.files.readProjectMarkdown(file), this.deps.newId()));
      } catch (error) {
        failed.push({ file: file.name, reason: toAppError(error).message });
      }
    }
    const next = added.length > 0 ? await this.saveProfile({ ...profile, projects: [...profile.projects, ...added] }) : profile;
    return { profile: next, failed };
  }

  exportPack(profile: TwinProfile): { fileName: string; json: string } {
    return { fileName: twinPackFileName(profile), json: JSON.stringify(toTwinPack(profile, this.deps.clock.now()), null, 2) };
  }

  /** Validates first; only a valid pack is stored, as a new profile (never overwriting one here). */
  async importPack(json: string): Promise<TwinProfile> {
    const pack = parseTwinPack(json);
    const existing = await this.deps.repos.profiles.get(pack.profile.id);
    const profile: TwinProfile = existing
      ? { ...pack.profile, id: this.deps.newId(), name: `${pack.profile.name} (imported)` }
      : pack.profile;
    profile.updatedAt = Math.max(profile.updatedAt, this.deps.clock.now());
    await this.deps.repos.profiles.put(profile);
    return profile;
  }

  // ─── Suggestions ─────────────────────────────────────────────────────────

  /** Asks the model once per profile for questions from the resume; cached on the profile. */
  async proposeQuestions(profile: TwinProfile, signal?: AbortSignal): Promise<TwinProfile> {
    if (profile.suggestedQuestions) return profile;
    if (profile.resume.trim() === '') throw new AppError('invalid-input', 'Add your resume first: the questions are proposed from it.');
    const engine = await this.deps.engine();
    const count = await this.count();
    const resume = buildTwinSystemMessage({
      name: profile.name,
      instructions: '',
      resume: profile.resume,
      question: '',
      qa: [],
      projects: [],
      budgets: { ...twinBudgets(engine.contextWindow), instructions: 0 },
      countTokens: count,
    }).text;
    const prompt = renderPrompt(suggestPrompt, { resume, count: MODEL_SUGGESTIONS + 2 });
    let reply = '';
    for await (const delta of engine.stream({
      messages: [{ role: 'user', content: prompt }],
      temperature: 0.7,
      maxTokens: 300,
      ...(signal ? { signal } : {}),
    })) {
      reply += delta.text ?? '';
    }
    const questions = parseSuggestedQuestions(reply);
    if (questions.length === 0) {
      throw new AppError('invalid-model-output', 'The model did not propose any questions this time. Try again, or ask your own question.');
    }
    // Merge into the latest stored version: the user may have edited the profile meanwhile.
    const latest = ((await this.deps.repos.profiles.get(profile.id)) as TwinProfile | undefined) ?? profile;
    const next: TwinProfile = { ...latest, suggestedQuestions: { questions, engineId: engine.info.id, createdAt: this.deps.clock.now() } };
    await this.deps.repos.profiles.put(plainData(next));
    return next;
  }

  // ─── Conversations ───────────────────────────────────────────────────────

  async startSession(profile: TwinProfile): Promise<SessionRecord> {
    const now = this.deps.clock.now();
    const session: SessionRecord = {
      id: this.deps.newId(),
      mode: 'twin',
      title: sessionTitle(profile.name, ''),
      status: 'active',
      createdAt: now,
      updatedAt: now,
      usage: emptyUsage(),
      engines: [],
      profileId: profile.id,
    };
    await this.putSession(session);
    return session;
  }

  async listSessions(profileId?: string): Promise<SessionRecord[]> {
    const all = await this.deps.repos.sessions.list();
    return all.filter((s) => s.mode === 'twin' && (profileId === undefined || s.profileId === profileId));
  }

  async loadSession(id: string): Promise<{ session: SessionRecord; messages: MessageRecord[] }> {
    const session = await this.deps.repos.sessions.get(id);
    if (!session || session.mode !== 'twin') throw new AppError('not-found', 'That twin conversation no longer exists. Start a new one.');
    return { session, messages: await this.deps.repos.messages.listBySession(id) };
  }

  /** Stores the user's question at once (before any answer), and names the session after the first one. */
  async addQuestion(
    session: SessionRecord,
    messages: readonly MessageRecord[],
    text: string,
    profile: TwinProfile,
  ): Promise<{ message: MessageRecord; session: SessionRecord }> {
    const question = text.trim();
    if (question === '') throw new AppError('invalid-input', 'Type a question first.');
    const message: MessageRecord = {
      id: this.deps.newId(),
      sessionId: session.id,
      index: messages.length,
      role: 'user',
      text: question,
      createdAt: this.deps.clock.now(),
    };
    await this.deps.repos.messages.put(message);
    const first = !messages.some((m) => m.role === 'user');
    const next: SessionRecord = {
      ...session,
      updatedAt: message.createdAt,
      ...(first ? { title: sessionTitle(profile.name, question) } : {}),
    };
    await this.putSession(next);
    return { message, session: next };
  }

  /**
   * Answers the last user message. A saved answer is served without inference unless
   * `fresh` is set; otherwise the model streams a reply through `onText`.
   */
  async answer(
    profile: TwinProfile,
    session: SessionRecord,
    messages: readonly MessageRecord[],
    options: AnswerCallbacks & { fresh?: boolean } = {},
  ): Promise<AnswerResult> {
    const question = lastQuestion(messages);
    if (!question) throw new AppError('invalid-input', 'Ask a question first.');
    const settings: Settings = await this.deps.repos.settings.get();
    const threshold = clampThreshold(settings.savedAnswerThreshold);

    options.onPhase?.('ranking');
    const ranking = await this.deps.ranker.rank(profile, question.text, options.onIndexProgress);
    const bestSimilarity = ranking.similarity.reduce((best, s) => Math.max(best, s.score), 0);
    const saved = options.fresh ? undefined : pickSavedAnswer(question.text, ranking.similarity, threshold);
    if (saved) return this.serveSaved(session, messages, question.text, saved, threshold, ranking.similarityMethod);

    const engine = await this.deps.engine();
    const count = await this.count();
    const system = buildTwinSystemMessage({
      name: profile.name,
      instructions: profile.systemPrompt.trim() || DEFAULT_TWIN_PROMPT,
      resume: profile.resume,
      question: question.text,
      qa: ranking.qa,
      projects: ranking.projects,
      budgets: twinBudgets(engine.contextWindow),
      countTokens: count,
    });
    const replyReserve = Math.min(1024, Math.floor(engine.contextWindow * 0.2));
    const isRemote = engine.info.kind === 'remote';
    let usage = session.usage;
    const budget = () => ({ limit: settings.remoteTokenBudget, used: usage.totalTokens });
    // Refuse before any work when even the bare question cannot fit the budget.
    assertWithinBudget(budget(), isRemote, system.tokens, replyReserve);

    const summarize: Summarizer = async (toSummarize, targetTokens, signal) => {
      options.onPhase?.('summarizing');
      const transcript = toSummarize.map((m) => `${m.role === 'user' ? 'Interviewer' : profile.name}: ${m.content}`).join('\n\n');
      const request: ChatMessage[] = [
        {
          role: 'system',
          content: `You condense interview transcripts. Write at most ${targetTokens} tokens of plain prose, keeping names, facts, numbers and what was already asked.`,
        },
        { role: 'user', content: `Summarize this part of an interview with ${profile.name}:\n\n${transcript}` },
      ];
      const promptTokens = request.reduce((sum, m) => sum + count(m.content) + 4, 3);
      assertWithinBudget(budget(), isRemote, promptTokens, targetTokens);
      let text = '';
      let reported: TokenUsage | undefined;
      for await (const delta of engine.stream({
        messages: request,
        temperature: 0.2,
        maxTokens: Math.ceil(targetTokens * 1.5),
        ...(signal ? { signal } : {}),
      })) {
        text += delta.text ?? '';
        if (delta.usage) reported = delta.usage;
      }
      usage = addUsage(usage, requestUsage(reported, promptTokens, count(text)));
      return text;
    };

    const history = toChatHistory(messages);
    const plan = await fitContext(
      {
        system: { role: 'system', content: system.text },
        history,
        contextWindow: engine.contextWindow,
        replyReserve,
        count,
        summaryTokens: DEFAULT_SUMMARY_TOKENS,
        ...(session.summary ? { summary: session.summary } : {}),
      },
      summarize,
      options.signal,
    );
    assertWithinBudget(budget(), isRemote, plan.promptTokens, replyReserve);

    let next: SessionRecord = { ...session, usage };
    if (plan.summary && (plan.summary.text !== session.summary?.text || plan.summary.coversUpTo !== session.summary?.coversUpTo)) {
      next.summary = plan.summary;
    }
    const lastEngine = next.engines[next.engines.length - 1];
    if (lastEngine?.engineId !== engine.info.id) {
      next.engines = [...next.engines, { at: this.deps.clock.now(), engineId: engine.info.id, label: engine.info.label }];
    }
    await this.putSession(next);

    options.onPhase?.('answering');
    let text = '';
    let reported: TokenUsage | undefined;
    let incomplete = false;
    let failure: unknown;
    const reply: MessageRecord = {
      id: this.deps.newId(),
      sessionId: session.id,
      index: messages.length,
      role: 'assistant',
      text: '',
      createdAt: this.deps.clock.now(),
      engineId: engine.info.id,
      engineLabel: engine.info.label,
      source: 'model',
    };
    // The reply is on disk while it streams (marked incomplete), so a reload mid-answer keeps it.
    const writer = new StreamingWriter(
      (partial) => this.deps.repos.messages.put({ ...reply, text, ...(partial ? { incomplete: true } : {}) }),
      () => this.deps.clock.now(),
    );
    try {
      for await (const delta of engine.stream({
        messages: plan.messages,
        temperature: 0.6,
        maxTokens: replyReserve,
        ...(options.signal ? { signal: options.signal } : {}),
      })) {
        if (delta.text) {
          text += delta.text;
          options.onText?.(text);
          await writer.update();
        }
        if (delta.usage) reported = delta.usage;
        // 'length': the reply hit its token limit mid-thought; it is marked Incomplete.
        if (delta.finishReason === 'abort' || delta.finishReason === 'length') incomplete = true;
      }
    } catch (error) {
      // An error after some text keeps what arrived (marked incomplete); before any text it is the user's error to see.
      if (text === '') throw toAppError(error);
      incomplete = true;
      if (!isAbortError(error)) failure = error;
    } finally {
      await writer.settle();
    }
    if (text === '' && !incomplete)
      throw new AppError('invalid-model-output', 'The model sent an empty reply. Try again, or rephrase the question.');

    usage = addUsage(usage, requestUsage(reported, plan.promptTokens, count(text)));
    const message: MessageRecord = { ...reply, text, ...(incomplete ? { incomplete: true } : {}) };
    await this.deps.repos.messages.put(message);
    next = { ...next, usage, updatedAt: message.createdAt };
    await this.putSession(next);
    if (failure !== undefined) throw toAppError(failure);

    return {
      message,
      session: next,
      inspect: {
        question: question.text,
        source: 'model',
        engineLabel: engine.info.label,
        systemMessage: system.text,
        systemTokens: system.tokens,
        promptTokens: plan.promptTokens,
        examples: system.examples.map((e) => {
          const similarity = ranking.similarity.find((s) => s.item.id === e.item.id)?.score;
          return { ...e, found: !ranking.filled.includes(e.item.id), ...(similarity !== undefined ? { similarity } : {}) };
        }),
        projects: system.projects.map((p) => ({
          ...p,
          found: !ranking.filled.includes(p.item.id),
          tags: tagsNamedIn(p.item.tags, question.text),
        })),
        bestSimilarity,
        similarityMethod: ranking.similarityMethod,
        threshold,
        resumeTruncated: system.resumeTruncated,
        summaryUsed: plan.summary !== undefined,
        droppedTurns: plan.dropped,
        sent: plan.messages,
      },
    };
  }

  private async serveSaved(
    session: SessionRecord,
    messages: readonly MessageRecord[],
    question: string,
    saved: SavedAnswerMatch,
    threshold: number,
    similarityMethod: 'embeddings' | 'words',
  ): Promise<AnswerResult> {
    const message: MessageRecord = {
      id: this.deps.newId(),
      sessionId: session.id,
      index: messages.length,
      role: 'assistant',
      text: saved.pair.answer,
      createdAt: this.deps.clock.now(),
      engineId: SAVED_ANSWER_ENGINE_ID,
      engineLabel: SAVED_ANSWER_LABEL,
      source: 'saved-answer',
    };
    await this.deps.repos.messages.put(message);
    const next: SessionRecord = { ...session, updatedAt: message.createdAt };
    await this.putSession(next);
    return {
      message,
      session: next,
      inspect: {
        question,
        source: 'saved-answer',
        engineLabel: SAVED_ANSWER_LABEL,
        examples: [],
        projects: [],
        savedMatch: saved,
        bestSimilarity: saved.similarity,
        similarityMethod,
        threshold,
        resumeTruncated: false,
        summaryUsed: false,
        droppedTurns: 0,
      },
    };
  }
}

/** Plain data for IndexedDB: a profile held in $state is a proxy that structured clone rejects. */
function plainData<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
