/**
 * One interviewer turn, from the pending plan to the saved reply.
 *
 * The request is a continuation of the previous one: the system message is the same for the
 * whole interview, earlier messages are sent as the engine saw them (`sent`), and what changes
 * per turn (the turn instruction, a regeneration hint) travels in the newest user message. The
 * reply is saved while it streams and filtered for display, while its raw text is kept to be
 * sent back as generated.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage } from '../../domain/chat';
import { AppError } from '../../domain/errors';
import type { MessageRecord, PracticeSetup } from '../../domain/records';
import { fitContext, withStoredSummary } from '../../domain/context-policy';
import type { TokenCounter } from '../../domain/tokens';
import { requestUsage } from '../../domain/usage';
import { budgetCheck } from '../../domain/budget';
import { engineTurns, withNoteOnLast } from '../../domain/engine-turns';
import { canRegenerate, noteRegeneration, recordReply, repeatsEarlierQuestion, resolveReply } from '../../domain/interview/state';
import { ReplyFilter } from '../../domain/interview/reply-filter';
import { loadLanguageCheck } from './language-check-loader';
import { disciplineIssues, disciplineRetryNote } from '../../domain/interview/discipline';
import { languageName, OPENING_MESSAGE, renderTurnNote } from '../prompts';
import { interviewerSystemMessage } from './interviewer-system';
import { streamReply } from '../chat/stream-reply';
import { chatSummarizer } from '../chat/summarizer';
import type { LoadedInterview } from './loaded-interview.svelte';
import { LIMITS } from './limits';

/** What the screen hears while a reply streams. */
export interface TurnCallbacks {
  /** Newly visible reply text. */
  onDelta?: (text: string) => void;
  /** The streamed text so far is being replaced (a reply is regenerated). */
  onReset?: () => void;
  /** The turn waits for background work first (the rest of the guideline): a status to show. */
  onWaiting?: (status: string) => void;
}

export interface TurnContext {
  interview: LoadedInterview;
  engine: ChatEngine;
  count: TokenCounter;
  signal: AbortSignal;
  newId: () => string;
  now: () => number;
  callbacks: TurnCallbacks;
  /** Settings' token budget for remote engines (0: none); checked before every request of the turn. */
  remoteTokenBudget: number;
}

const STOPPED = 'Stopped. Press Retry to get the full reply, or answer what was asked.';

/** The system message: the same bytes for every request of the interview. */
export function interviewerSystem(interview: LoadedInterview, engine: ChatEngine): ChatMessage {
  const { setup, guideline } = interview.session;
  if (!setup || !guideline) throw new AppError('invalid-input', 'There is no interviewer turn to generate.');
  return interviewerSystemMessage(setup as PracticeSetup, interview.stored.excerpts, engine);
}

/** What the engine is sent before this turn's message: every turn so far and the requests asked among them. */
export function conversationSoFar(interview: LoadedInterview, messages: readonly MessageRecord[] = interview.messages): ChatMessage[] {
  return engineTurns(messages, interview.stored.opening, interview.stored.exchanges ?? []);
}

/**
 * Puts this turn's note on the newest user message, once: the note becomes part of what the
 * engine saw, so later requests send the same bytes (stored as `sent`, the shown text stays).
 */
async function attachTurnNote(interview: LoadedInterview): Promise<void> {
  const plan = interview.state.pending;
  const guideline = interview.session.guideline;
  if (!plan || !guideline) return;
  const lastUser = [...interview.messages].reverse().find((m) => m.role === 'user');
  const lastIndex = interview.messages.findLastIndex((m) => m.role === 'assistant' && !m.incomplete);
  if (lastUser && lastUser.index > lastIndex) {
    if (lastUser.sent === undefined)
      await interview.putMessage({
        ...lastUser,
        sent: `${lastUser.text}\n\n${renderTurnNote(plan, guideline, interview.state.questionCount)}`,
      });
  } else if (interview.stored.opening === undefined && plan.kind === 'opening') {
    await interview.update({}, { opening: `${OPENING_MESSAGE}\n\n${renderTurnNote(plan, guideline, interview.state.questionCount)}` });
  }
}

export async function runInterviewerTurn(turn: TurnContext): Promise<MessageRecord> {
  const { interview, engine, count, signal, callbacks } = turn;
  const plan = interview.state.pending;
  const setup = interview.session.setup as PracticeSetup;
  if (!plan || !interview.session.guideline) throw new AppError('invalid-input', 'There is no interviewer turn to generate.');
  await interview.noteEngine(engine.info);
  await attachTurnNote(interview);
  const { languageMismatch } = await loadLanguageCheck();
  const system = interviewerSystem(interview, engine);
  const withinBudget = budgetCheck(
    () => turn.remoteTokenBudget,
    () => interview.session.usage.totalTokens,
    engine.info.kind === 'remote',
    'interview',
  );

  // A stopped or failed reply to this turn is regenerated in place (indices stay dense).
  const last = interview.messages.at(-1);
  let reuse = last?.role === 'assistant' && last.incomplete ? last : undefined;
  let regenerateNote = '';
  let languageRetried = false;
  let disciplineRetried = false;
  for (;;) {
    const history = conversationSoFar(
      interview,
      interview.messages.filter((m) => m.id !== reuse?.id),
    );
    const context = await fitInterviewContext(interview, engine, count, { system, history, withinBudget, signal });
    withinBudget(context.promptTokens, LIMITS.replyReserve);

    const filter = new ReplyFilter();
    const id = reuse?.id ?? turn.newId();
    const base: MessageRecord = {
      id,
      sessionId: interview.id,
      index: reuse?.index ?? interview.messages.length,
      role: 'assistant',
      text: '',
      createdAt: reuse?.createdAt ?? turn.now(),
      engineId: engine.info.id,
      engineLabel: engine.info.label,
    };
    let written = false;
    const saveVisible = async (incomplete: boolean) => {
      written = true;
      await interview.putMessage({ ...base, text: filter.visibleText, ...(incomplete ? { incomplete: true } : {}) });
    };
    const reply = await streamReply(
      engine,
      { messages: withNoteOnLast(context.messages, regenerateNote), temperature: 0.7, maxTokens: LIMITS.replyReserve },
      {
        signal,
        onText: (delta) => {
          const visible = filter.push(delta);
          if (visible) callbacks.onDelta?.(visible);
          return filter.cut ? 'cut' : undefined;
        },
        save: { write: saveVisible, now: turn.now, intervalMs: LIMITS.streamWriteMs },
      },
    );
    const tail = filter.flush();
    if (tail) callbacks.onDelta?.(tail);
    await interview.addUsage(requestUsage(reply.usage, context.promptTokens, reply.raw, count), engine.info.id);

    if (reply.end === 'stopped' || reply.end === 'failed') {
      // What the candidate saw stays, marked incomplete, so Retry or an answer can follow.
      if (written || filter.visibleText) await saveVisible(true);
      throw reply.end === 'stopped' ? new AppError('aborted', STOPPED) : reply.error;
    }
    const text = filter.visibleText;
    if (text.trim().length === 0)
      throw new AppError(
        'invalid-model-output',
        'The model sent an empty reply. Press Retry; if it keeps happening, choose another model in Settings.',
      );

    const wrongLanguage = languageMismatch(text, setup.language);
    if (wrongLanguage && !languageRetried) {
      // Small models drift into English (or the JD's language): ask once more, replacing the draft.
      languageRetried = true;
      regenerateNote = `(Your previous draft was not in ${languageName(setup.language)}. Write your whole reply in ${languageName(setup.language)} only.)`;
      callbacks.onReset?.();
      if (written) reuse = { ...base, text };
      continue;
    }
    if (repeatsEarlierQuestion(interview.state, text) && canRegenerate(interview.state)) {
      // Small models loop; ask once more with an explicit note, replacing what was shown.
      await interview.saveState(noteRegeneration(interview.state));
      regenerateNote = `(Your previous draft repeated a question that was already asked ("${text.slice(0, 200)}"). Ask something different.)`;
      callbacks.onReset?.();
      if (written) reuse = { ...base, text };
      continue;
    }
    const broken = disciplineIssues(text, setup.language);
    if (broken.length > 0 && !disciplineRetried) {
      // Several questions, a hint, its own answer or feedback: asked once more, saying what to fix.
      disciplineRetried = true;
      regenerateNote = disciplineRetryNote(broken);
      callbacks.onReset?.();
      if (written) reuse = { ...base, text };
      continue;
    }
    const resolved = resolveReply(plan, interview.state.questionCount, filter.decision);
    // Sent back exactly as generated, unless it was cut: a cut reply resets the engine's cache
    // anyway, and what follows the cut (the candidate's invented lines) must never be re-read.
    const sent = reply.end !== 'cut' && reply.raw !== text ? { sent: reply.raw } : {};
    const completed: MessageRecord = {
      ...base,
      text,
      ...sent,
      kind: resolved.kind,
      questionIndex: resolved.questionIndex,
      // Still not in the interview language after one more try: kept as it came, and labelled.
      ...(wrongLanguage ? { languageMismatch: wrongLanguage } : {}),
      ...(broken.length > 0 ? { discipline: broken } : {}),
    };
    await interview.putMessage(completed);
    await interview.saveState(recordReply(interview.state, resolved, text));
    return completed;
  }
}

/**
 * The summary is asked inside the conversation when it ends with the interviewer's reply (the
 * pending answer, or the stand-in for the next one, is left out): the engine's cache holds all
 * of it, so only the request is read.
 */
function interviewSummarizer(
  interview: LoadedInterview,
  engine: ChatEngine,
  count: TokenCounter,
  request: { system: ChatMessage; history: ChatMessage[]; withinBudget: ReturnType<typeof budgetCheck> },
) {
  const sent = withStoredSummary(request.system, request.history, interview.stored.summary);
  const sentBefore = sent.at(-1)?.role === 'user' ? sent.slice(0, -1) : sent;
  return chatSummarizer(engine, {
    speakers: { user: 'Candidate', assistant: 'Interviewer' },
    count,
    onUsage: (u) => interview.addUsage(u, engine.info.id),
    beforeRequest: request.withinBudget,
    continuing: () => ({ messages: sentBefore, contextWindow: engine.contextWindow }),
  });
}

/**
 * Summarizes now, while the engine is idle after a reply, when the next turn would need it: the
 * conversation plus an answer of `LIMITS.answerAllowance` tokens and its note would not fit. The
 * summary is stored, so the next turn finds it and sends its request at once; the prefix changes
 * once here, and the refill leaves room for several turns before the next summary.
 */
export async function summarizeAhead(turn: Omit<TurnContext, 'callbacks' | 'newId' | 'now'>): Promise<void> {
  const { interview, engine, count, signal } = turn;
  if (interview.state.phase !== 'awaiting-answer' || !interview.session.guideline) return;
  const withinBudget = budgetCheck(
    () => turn.remoteTokenBudget,
    () => interview.session.usage.totalTokens,
    engine.info.kind === 'remote',
    'interview',
  );
  // Stands in for the candidate's next answer and its turn note: about one token a word.
  const nextAnswer: ChatMessage = { role: 'user', content: 'word '.repeat(LIMITS.answerAllowance) };
  const history = [...conversationSoFar(interview), nextAnswer];
  await fitInterviewContext(interview, engine, count, {
    system: interviewerSystem(interview, engine),
    history,
    withinBudget,
    signal,
  });
}

/**
 * Fits the conversation to the window with the shared context policy (summarizing in one larger
 * step when it fills) and keeps a new summary with the interview, for a turn and for the
 * summary written ahead alike.
 */
async function fitInterviewContext(
  interview: LoadedInterview,
  engine: ChatEngine,
  count: TokenCounter,
  request: {
    system: ChatMessage;
    history: ChatMessage[];
    withinBudget: (promptTokens: number, reserve: number) => void;
    signal: AbortSignal;
  },
) {
  const context = await fitContext(
    {
      system: request.system,
      history: request.history,
      contextWindow: engine.contextWindow,
      replyReserve: LIMITS.replyReserve,
      count,
      refillTo: LIMITS.summaryRefill,
      ...(interview.stored.summary ? { summary: interview.stored.summary } : {}),
    },
    interviewSummarizer(interview, engine, count, request),
    request.signal,
  );
  if (context.summary && context.summary.coversUpTo !== interview.stored.summary?.coversUpTo)
    await interview.update({}, { summary: context.summary });
  return context;
}
