/**
 * A per-session token budget for remote engines (Settings → "Token budget"), so a long
 * interview or twin conversation cannot run up a bill unnoticed. Local engines cost nothing
 * and are never limited. Both modes check every request (answers, summaries, guideline,
 * feedback) before it is sent.
 */
import { AppError } from './errors';

export interface BudgetState {
  /** 0 means no budget. */
  limit: number;
  used: number;
}

/** What the budget belongs to, in the words of the error message. */
export type BudgetOwner = 'conversation' | 'interview';

export function remaining(state: BudgetState): number {
  return state.limit > 0 ? Math.max(0, state.limit - state.used) : Infinity;
}

/**
 * Refuses a request that would exceed the budget: the prompt plus the reply reserve must fit
 * in what is left. Throws `budget-exhausted` with what the user can do.
 */
export function assertWithinBudget(
  state: BudgetState,
  isRemote: boolean,
  promptTokens: number,
  replyReserve: number,
  owner: BudgetOwner = 'conversation',
): void {
  if (!isRemote || state.limit <= 0) return;
  const needed = promptTokens + replyReserve;
  if (state.used + needed <= state.limit) return;
  const fresh = owner === 'interview' ? 'Start a new interview' : 'Start a new conversation';
  throw new AppError(
    'budget-exhausted',
    `This ${owner} has used ${state.used.toLocaleString('en')} of its ${state.limit.toLocaleString('en')}-token budget for the remote model, and the next reply needs about ${needed.toLocaleString('en')} more. ${fresh}, raise the budget in Settings, or switch to a model on this device.`,
    { details: { used: state.used, limit: state.limit, needed } },
  );
}

/**
 * A check bound to one session, for the request sites of a mode: `check(promptTokens, reserve)`
 * reads the limit and the usage at the moment of the request.
 */
export function budgetCheck(
  limit: () => number,
  used: () => number,
  isRemote: boolean,
  owner: BudgetOwner = 'conversation',
): (promptTokens: number, replyReserve: number) => void {
  return (promptTokens, replyReserve) => assertWithinBudget({ limit: limit(), used: used() }, isRemote, promptTokens, replyReserve, owner);
}

/** "1,234 of 20,000 tokens used" for the UI, or undefined when no budget applies. */
export function describeBudget(state: BudgetState, isRemote: boolean): string | undefined {
  if (!isRemote || state.limit <= 0) return undefined;
  return `${state.used.toLocaleString('en')} of ${state.limit.toLocaleString('en')} tokens used`;
}

/** The budget as typed in Settings: a whole number of tokens, 0 (none) when blank or invalid. */
export function parseBudget(input: string | number): number {
  const value = typeof input === 'number' ? input : Number(input.trim().replace(/[\s,_]/g, '') || '0');
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
