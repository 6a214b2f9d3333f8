/** The practice mode's sizes: what each request may take of the engine's context window. */
import type { TokenCounter } from '../../domain/tokens';

export const LIMITS = {
  /** Tokens kept free for an interviewer reply. */
  replyReserve: 512,
  /** Tokens kept free for the guideline and the feedback JSON. */
  jsonReserve: 1500,
  /**
   * Share of the context window the retrieved JD / resume passages take in the interviewer's
   * system message: what every turn and the guideline (asked inside the conversation) read.
   * Counted with `estimateTokens`, which over-counts English by about a third: in real tokens
   * about 15 % and 10 % of the window.
   */
  jobShare: 0.2,
  resumeShare: 0.13,
  retrieveK: 8,
  /** Minimum time between writes of a streaming reply. */
  streamWriteMs: 1000,
  /**
   * When the window fills, summarize until the conversation takes at most this share of the
   * budget: one larger step, so the engine's cache is rebuilt rarely, not on every later turn.
   */
  summaryRefill: 0.45,
  /**
   * Tokens set aside for the candidate's next answer and its turn note when deciding, after a
   * reply, whether the next turn will need a summary (written then, while the engine is idle).
   */
  answerAllowance: 400,
} as const;

/** Takes passages in order until the token budget is used. */
export function takeWithin(passages: readonly string[], maxTokens: number, count: TokenCounter): string {
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
