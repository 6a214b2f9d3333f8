/**
 * One twin answer, from the question in the conversation to the saved reply: a saved answer
 * when one matches (no inference), otherwise the model.
 *
 * The request continues the previous one (docs/twin.md, "The prompt"): the system message
 * (instructions and resume) is the same for the whole conversation; what changes per question
 * (the closest saved answers as examples, the relevant projects) travels in the newest user
 * message and is stored on it as `sent`, so later requests send the same bytes; earlier
 * messages go exactly as the engine saw them, and the reply goes back exactly as generated.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import type { MessageRecord, Settings } from '../../domain/records';
import { fitContext, DEFAULT_SUMMARY_TOKENS, type Summarizer } from '../../domain/context-policy';
import type { TokenCounter } from '../../domain/tokens';
import { requestUsage } from '../../domain/usage';
import { budgetCheck } from '../../domain/budget';
import { buildQuestionNotes, buildTwinSystem, twinBudgets } from '../../domain/twin/system-message';
import { clampThreshold, pickSavedAnswer, type SavedAnswerMatch } from '../../domain/twin/saved-answers';
import { lastQuestion, twinTurns } from '../../domain/twin/history';
import type { TwinProfile } from '../../domain/twin/types';
import { streamReply } from '../chat/stream-reply';
import { chatSummarizer } from '../chat/summarizer';
import type { LoadedConversation } from './loaded-conversation.svelte';
import type { TwinRanker, TwinRanking } from '../../ports/twin-ranker';
import { bestSimilarity, inspectEntries, type TwinInspect } from './twin-inspect';
import { DEFAULT_TWIN_PROMPT, renderQuestionMessage } from './twin-prompts';

export const SAVED_ANSWER_LABEL = 'From your saved answers';
const SAVED_ANSWER_ENGINE_ID = 'saved-answer';

/** The twin's sizes. */
export const TWIN_LIMITS = {
  /** Share of the context window kept free for a reply, capped. */
  replyShare: 0.2,
  replyCap: 1024,
  /** When the window fills, summarize down to this share of the budget in one larger step (the cached prefix is rebuilt rarely). */
  summaryRefill: 0.55,
  streamWriteMs: 1000,
} as const;

export type AnswerPhase = 'ranking' | 'summarizing' | 'answering';

export interface AnswerCallbacks {
  onPhase?: (phase: AnswerPhase) => void;
  /** Indexing the profile's saved answers (first question after a change or a reload). */
  onIndexProgress?: (done: number, total: number) => void;
  /** Newly streamed reply text. */
  onDelta?: (text: string) => void;
}

export interface AnswerContext {
  conversation: LoadedConversation;
  profile: TwinProfile;
  ranker: TwinRanker;
  /** Asked only when the model answers (a saved answer needs no engine). */
  engine: () => Promise<ChatEngine>;
  count: () => Promise<TokenCounter>;
  settings: Pick<Settings, 'savedAnswerThreshold' | 'remoteTokenBudget'>;
  signal: AbortSignal;
  newId: () => string;
  now: () => number;
  /** Ask the model even when a saved answer matches ("Generate a fresh answer"). */
  fresh?: boolean;
  callbacks?: AnswerCallbacks;
}

export interface AnswerResult {
  message: MessageRecord;
  inspect: TwinInspect;
}

const STOPPED = 'Stopped before the answer began. Press “Answer the last question” to ask again.';

/** Answers the conversation's last question. */
export async function answerQuestion(context: AnswerContext): Promise<AnswerResult> {
  const { conversation, profile, callbacks = {} } = context;
  const question = lastQuestion(conversation.messages);
  if (!question) throw new AppError('invalid-input', 'Ask a question first.');
  const threshold = clampThreshold(context.settings.savedAnswerThreshold);

  callbacks.onPhase?.('ranking');
  const ranking = await context.ranker.rank(profile, question.text, callbacks.onIndexProgress);
  const saved = context.fresh ? undefined : pickSavedAnswer(question.text, ranking.similarity, threshold);
  if (saved) return serveSaved(context, question.text, saved, threshold, ranking.similarityMethod);
  return askModel(context, question, ranking, threshold);
}

async function serveSaved(
  context: AnswerContext,
  question: string,
  saved: SavedAnswerMatch,
  threshold: number,
  similarityMethod: TwinRanking['similarityMethod'],
): Promise<AnswerResult> {
  const message: MessageRecord = {
    id: context.newId(),
    sessionId: context.conversation.id,
    index: context.conversation.messages.length,
    role: 'assistant',
    text: saved.pair.answer,
    createdAt: context.now(),
    engineId: SAVED_ANSWER_ENGINE_ID,
    engineLabel: SAVED_ANSWER_LABEL,
    source: 'saved-answer',
  };
  await context.conversation.append(message);
  return {
    message,
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

async function askModel(context: AnswerContext, question: MessageRecord, ranking: TwinRanking, threshold: number): Promise<AnswerResult> {
  const { conversation, profile, signal, callbacks = {} } = context;
  const engine = await context.engine();
  const count = await context.count();
  const budgets = twinBudgets(engine.contextWindow);
  const system = buildTwinSystem({
    name: profile.name,
    instructions: profile.systemPrompt.trim() || DEFAULT_TWIN_PROMPT,
    resume: profile.resume,
    budgets,
    countTokens: count,
  });
  const replyReserve = Math.min(TWIN_LIMITS.replyCap, Math.floor(engine.contextWindow * TWIN_LIMITS.replyShare));
  const check = budgetCheck(
    () => context.settings.remoteTokenBudget,
    () => conversation.session.usage.totalTokens,
    engine.info.kind === 'remote',
  );
  // Refuse before any work when even the bare question cannot fit the budget.
  check(system.tokens, replyReserve);

  // This question's notes, built now and kept on it: the question has no answer from the model
  // yet, so no later request has sent these bytes. What the engine still sees is not repeated.
  const summary = conversation.session.summary;
  const earlier = twinTurns(conversation.messages)
    .slice(summary?.coversUpTo ?? 0, -1)
    .map((m) => m.content);
  const notes = buildQuestionNotes({
    name: profile.name,
    question: question.text,
    qa: ranking.qa,
    projects: ranking.projects,
    budgets,
    countTokens: count,
    earlier,
  });
  const questionMessage = renderQuestionMessage(profile.name, notes.text, question.text);
  if ((question.sent ?? question.text) !== questionMessage) {
    const { sent: _old, ...plain } = question;
    await conversation.putMessage(questionMessage === question.text ? plain : { ...plain, sent: questionMessage });
  }

  const plan = await fitContext(
    {
      system: { role: 'system', content: system.text },
      history: twinTurns(conversation.messages),
      contextWindow: engine.contextWindow,
      replyReserve,
      count,
      summaryTokens: DEFAULT_SUMMARY_TOKENS,
      refillTo: TWIN_LIMITS.summaryRefill,
      ...(summary ? { summary } : {}),
    },
    summarizer(context, engine, count, check),
    signal,
  );
  if (plan.summary && (plan.summary.text !== summary?.text || plan.summary.coversUpTo !== summary?.coversUpTo))
    await conversation.update({ summary: plan.summary });
  check(plan.promptTokens, replyReserve);
  await conversation.noteEngine(engine.info);

  callbacks.onPhase?.('answering');
  const base: MessageRecord = {
    id: context.newId(),
    sessionId: conversation.id,
    index: conversation.messages.length,
    role: 'assistant',
    text: '',
    createdAt: context.now(),
    engineId: engine.info.id,
    engineLabel: engine.info.label,
    source: 'model',
  };
  let raw = '';
  const reply = await streamReply(
    engine,
    { messages: plan.messages, temperature: 0.6, maxTokens: replyReserve },
    {
      signal,
      onText: (delta, soFar) => {
        raw = soFar;
        callbacks.onDelta?.(delta);
      },
      // On disk while it streams (marked incomplete), so a reload mid-answer keeps every word shown.
      save: {
        write: (incomplete) => conversation.putMessage({ ...base, text: raw, ...(incomplete ? { incomplete: true } : {}) }),
        now: context.now,
        intervalMs: TWIN_LIMITS.streamWriteMs,
      },
    },
  );
  await conversation.addUsage(requestUsage(reply.usage, plan.promptTokens, reply.raw, count), engine.info.id);

  if (reply.raw === '') {
    if (reply.end === 'stopped') throw new AppError('aborted', STOPPED);
    if (reply.end === 'failed') throw reply.error;
    throw new AppError('invalid-model-output', 'The model sent an empty reply. Try again, or rephrase the question.');
  }
  // The text shown is the text generated: it goes back to the engine as it is (no `sent` needed).
  const message: MessageRecord = { ...base, text: reply.raw, ...(reply.end === 'complete' ? {} : { incomplete: true }) };
  await conversation.putMessage(message);
  if (reply.end === 'failed') throw reply.error;

  return {
    message,
    inspect: {
      question: question.text,
      source: 'model',
      engineLabel: engine.info.label,
      systemMessage: system.text,
      systemTokens: system.tokens,
      questionMessage,
      promptTokens: plan.promptTokens,
      ...inspectEntries(notes, ranking, question.text),
      bestSimilarity: bestSimilarity(ranking),
      similarityMethod: ranking.similarityMethod,
      threshold,
      resumeTruncated: system.resumeTruncated,
      summaryUsed: plan.summary !== undefined,
      droppedTurns: plan.dropped,
      sent: plan.messages,
    },
  };
}

/**
 * The shared summarizer, with the twin's speakers and the budget check. It is given what was
 * said (the questions as shown, without their notes), so a summary is about the conversation.
 */
function summarizer(
  context: AnswerContext,
  engine: ChatEngine,
  count: TokenCounter,
  check: (prompt: number, reply: number) => void,
): Summarizer {
  const { conversation, profile, callbacks = {} } = context;
  const summarize = chatSummarizer(engine, {
    speakers: { user: 'Interviewer', assistant: profile.name },
    count,
    onUsage: (usage) => conversation.addUsage(usage, engine.info.id),
    beforeRequest: check,
  });
  return (turns, targetTokens, signal) => {
    callbacks.onPhase?.('summarizing');
    const shown = new Map(conversation.messages.filter((m) => m.sent !== undefined).map((m) => [m.sent as string, m.text]));
    const said: ChatMessage[] = turns.map((t) => ({ role: t.role, content: shown.get(t.content) ?? t.content }));
    return summarize(said, targetTokens, signal);
  };
}
