/**
 * Which messages fit in a request. One pure policy shared by practice and twin modes:
 *
 * 1. The system message goes first and is never summarized or dropped.
 * 2. When the conversation is over budget (context window minus reply reserve), the oldest
 *    turns are replaced by a short summary (~200 tokens) written by the model.
 * 3. When that is still not enough (or no summarizer is available), the oldest remaining
 *    turns are dropped, then the summary itself.
 * 4. The newest turn (the user's message being answered) is always kept; when even
 *    system + newest turn do not fit, the plan says so and the caller reports it.
 *
 * `planContext` only decides; `fitContext` runs the summarizer the plan asks for.
 */
import type { ChatMessage } from './chat';
import { AppError, isAbortError } from './errors';
import { conversationTokens, type TokenCounter } from './tokens';

/** A summary that stands in for `history[0 .. coversUpTo)`. */
export interface ContextSummary {
  text: string;
  coversUpTo: number;
}

export interface ContextInput {
  system: ChatMessage;
  /** User/assistant turns, oldest first; the last one is the turn being answered. */
  history: readonly ChatMessage[];
  contextWindow: number;
  /** Tokens kept free for the reply. */
  replyReserve: number;
  count: TokenCounter;
  /** A summary made earlier (persisted with the session), if any. */
  summary?: ContextSummary;
  /** Tokens a fresh summary is expected to take; the summarizer is asked for about this many. */
  summaryTokens?: number;
  /**
   * When a summary is needed, summarize until the request takes at most this share of the
   * budget (default 1: just enough). Below 1, one larger step leaves room for later turns, so
   * the summary, and with it the engine's cached prefix, is rebuilt rarely.
   */
  refillTo?: number;
}

export interface ReadyPlan {
  kind: 'ready';
  messages: ChatMessage[];
  promptTokens: number;
  budget: number;
  /** The summary in effect (kept or new); undefined when none is used. */
  summary?: ContextSummary;
  /** How many history turns were left out without a summary standing in for them. */
  dropped: number;
}

export interface SummarizePlan {
  kind: 'summarize';
  /** What the summarizer should condense (the previous summary, if any, comes first). */
  toSummarize: ChatMessage[];
  /** The new summary will stand in for `history[0 .. coversUpTo)`. */
  coversUpTo: number;
}

export interface TooLargePlan {
  kind: 'too-large';
  promptTokens: number;
  budget: number;
}

export type ContextPlan = ReadyPlan | SummarizePlan | TooLargePlan;

export const DEFAULT_SUMMARY_TOKENS = 200;

export const SUMMARY_PREFIX = 'Summary of the earlier part of this conversation (for context):\n';

/**
 * The summary travels as an ordinary turn (WebLLM and several chat templates accept a system
 * message only in first position). Its role is the opposite of the turn that follows it, so
 * user/assistant turns keep alternating.
 */
export function summaryMessage(text: string, nextRole: ChatMessage['role'] | undefined): ChatMessage {
  return { role: nextRole === 'user' ? 'assistant' : 'user', content: SUMMARY_PREFIX + text };
}

function assemble(system: ChatMessage, summaryText: string | undefined, kept: readonly ChatMessage[]): ChatMessage[] {
  const head = summaryText === undefined ? [] : [summaryMessage(summaryText, kept[0]?.role)];
  return [system, ...head, ...kept];
}

/**
 * The request as planned with a stored summary and nothing dropped: the system message, the
 * summary, and the turns it does not cover (the newest turn always among them). What the engine
 * saw on the last turn, when nothing had to be dropped.
 */
export function withStoredSummary(system: ChatMessage, history: readonly ChatMessage[], summary?: ContextSummary): ChatMessage[] {
  const { start, text } = storedSummaryIn(history, summary);
  return assemble(system, text, history.slice(start));
}

/** Where a stored summary ends in `history` (it can never swallow the newest turn), and its text when it stands in for any turn. */
function storedSummaryIn(
  history: readonly ChatMessage[],
  summary: ContextSummary | undefined,
): { start: number; text: string | undefined } {
  const start = Math.max(0, Math.min(summary?.coversUpTo ?? 0, history.length - 1));
  return { start, text: summary !== undefined && start > 0 ? summary.text : undefined };
}

export interface PlanOptions {
  /** When false (no summarizer, or one already ran), go straight to dropping. */
  allowSummarize: boolean;
}

export function planContext(input: ContextInput, options: PlanOptions): ContextPlan {
  const { system, history, count } = input;
  const budget = input.contextWindow - input.replyReserve;
  const last = history.length - 1;
  const tokens = (messages: ChatMessage[]) => conversationTokens(messages, count);
  const { start, text: summaryText } = storedSummaryIn(history, input.summary);

  const full = assemble(system, summaryText, history.slice(start));
  const fullTokens = tokens(full);
  if (fullTokens <= budget) {
    return {
      kind: 'ready',
      messages: full,
      promptTokens: fullTokens,
      budget,
      ...(summaryText !== undefined ? { summary: { text: summaryText, coversUpTo: start } } : {}),
      dropped: 0,
    };
  }

  if (options.allowSummarize && start < last) {
    // Size the summary as a placeholder of the expected length. The smallest prefix whose
    // summary brings the request down to the refill target is summarized (so as much verbatim
    // recent conversation as possible stays); when no prefix reaches the target, the largest
    // one that fits: all but the newest turns, leaving the most room before the next summary
    // (each rebuilds the prefix an engine has cached).
    const placeholder = '';
    const placeholderCount: TokenCounter = (text) =>
      text.startsWith(SUMMARY_PREFIX) ? count(SUMMARY_PREFIX) + (input.summaryTokens ?? DEFAULT_SUMMARY_TOKENS) : count(text);
    const target = budget * Math.min(1, Math.max(0.1, input.refillTo ?? 1));
    let chosen: number | undefined;
    for (let k = start + 1; k <= last; k++) {
      const size = conversationTokens(assemble(system, placeholder, history.slice(k)), placeholderCount);
      if (size <= budget) chosen = k;
      if (size <= target) {
        chosen = k;
        break;
      }
    }
    if (chosen !== undefined) {
      const previous = summaryText === undefined ? [] : [summaryMessage(summaryText, history[start]?.role)];
      return { kind: 'summarize', toSummarize: [...previous, ...history.slice(start, chosen)], coversUpTo: chosen };
    }
    // Not even a summary plus the newest turn fits: summarizing cannot help; drop instead.
  }

  // Drop the oldest kept turns (never the newest), then the summary.
  for (let k = start + 1; k <= last; k++) {
    const messages = assemble(system, summaryText, history.slice(k));
    const promptTokens = tokens(messages);
    if (promptTokens <= budget) {
      return {
        kind: 'ready',
        messages,
        promptTokens,
        budget,
        ...(summaryText !== undefined ? { summary: { text: summaryText, coversUpTo: start } } : {}),
        dropped: k - start,
      };
    }
  }
  const bare = [system, ...history.slice(last)];
  const bareTokens = tokens(bare);
  if (bareTokens <= budget) return { kind: 'ready', messages: bare, promptTokens: bareTokens, budget, dropped: last };
  return { kind: 'too-large', promptTokens: bareTokens, budget };
}

/** Condenses turns into about `targetTokens` tokens of plain text. */
export type Summarizer = (messages: ChatMessage[], targetTokens: number, signal?: AbortSignal) => Promise<string>;

/**
 * Plans, summarizes when the plan asks for it, and returns the messages to send. A failing
 * summarizer is not fatal: the policy falls back to dropping the oldest turns.
 */
export async function fitContext(input: ContextInput, summarize?: Summarizer, signal?: AbortSignal): Promise<ReadyPlan> {
  let plan = planContext(input, { allowSummarize: summarize !== undefined });
  if (plan.kind === 'summarize' && summarize !== undefined) {
    let text: string | undefined;
    try {
      text = (await summarize(plan.toSummarize, input.summaryTokens ?? DEFAULT_SUMMARY_TOKENS, signal)).trim();
    } catch (error) {
      if (isAbortError(error)) throw error;
    }
    const next: ContextInput = text ? { ...input, summary: { text, coversUpTo: plan.coversUpTo } } : input;
    plan = planContext(next, { allowSummarize: false });
  }
  if (plan.kind === 'too-large') {
    throw new AppError(
      'budget-exhausted',
      `This message is too long for the model's context window (about ${plan.promptTokens} tokens, the limit is ${plan.budget}). Shorten it, or choose a model with a larger context window in Settings.`,
      { details: { promptTokens: plan.promptTokens, budget: plan.budget } },
    );
  }
  if (plan.kind !== 'ready') throw new Error('context plan did not settle');
  return plan;
}
