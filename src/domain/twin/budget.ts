/**
 * A per-session token budget for remote engines, so a long twin conversation cannot run up
 * a bill unnoticed. Local engines cost nothing and are never limited.
 */
import type { TokenUsage } from '../../ports/chat-engine';
import { AppError } from '../../ports/errors';

export interface BudgetState {
  /** 0 means no budget. */
  limit: number;
  used: number;
}

export function addUsage(total: TokenUsage, add: TokenUsage): TokenUsage {
  return {
    promptTokens: total.promptTokens + add.promptTokens,
    completionTokens: total.completionTokens + add.completionTokens,
    totalTokens: total.totalTokens + add.totalTokens,
  };
}

/** Usage of one request: the engine's report when it gave one, else our own count. */
export function requestUsage(reported: TokenUsage | undefined, promptTokens: number, completionTokens: number): TokenUsage {
  return reported ?? { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

export function remaining(state: BudgetState): number {
  return state.limit > 0 ? Math.max(0, state.limit - state.used) : Infinity;
}

/**
 * Refuses a request that would exceed the budget: the prompt plus the reply reserve must fit
 * in what is left. Throws `budget-exhausted` with what the user can do.
 */
export function assertWithinBudget(state: BudgetState, isRemote: boolean, promptTokens: number, replyReserve: number): void {
  if (!isRemote || state.limit <= 0) return;
  const needed = promptTokens + replyReserve;
  if (state.used + needed <= state.limit) return;
  throw new AppError(
    'budget-exhausted',
    `This conversation has used ${state.used.toLocaleString('en')} of its ${state.limit.toLocaleString('en')}-token budget for the remote model, and the next answer needs about ${needed.toLocaleString('en')} more. Start a new conversation, raise the budget in Settings, or switch to the local model.`,
    { details: { used: state.used, limit: state.limit, needed } },
  );
}

/** "1,234 of 20,000 tokens" for the UI, or undefined when no budget applies. */
export function describeBudget(state: BudgetState, isRemote: boolean): string | undefined {
  if (!isRemote || state.limit <= 0) return undefined;
  return `${state.used.toLocaleString('en')} of ${state.limit.toLocaleString('en')} tokens used`;
}
