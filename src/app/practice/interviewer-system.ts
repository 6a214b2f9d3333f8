/**
 * The interviewer's system message: the same bytes for every request of the interview (the
 * guideline's two steps, every turn, a summary), so each request continues the engine's cache.
 * Built from the setup and the stored excerpts with the engine's window, both fixed for the
 * interview; the excerpts are sized with `estimateTokens`, not the loaded counter, so the message
 * stays the same bytes when the tokenizer arrives after the first reply.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { ChatMessage } from '../../domain/chat';
import type { PracticeSetup } from '../../domain/records';
import { estimateTokens } from '../../domain/tokens';
import { renderInterviewerSystem } from '../prompts';
import { LIMITS, takeWithin } from './limits';

export interface InterviewExcerpts {
  job: string[];
  resume: string[];
}

export function interviewerSystemMessage(
  setup: PracticeSetup,
  excerpts: InterviewExcerpts,
  engine: Pick<ChatEngine, 'contextWindow'>,
): ChatMessage {
  const content = renderInterviewerSystem({
    setup,
    jobExcerpt: takeWithin(excerpts.job, Math.floor(engine.contextWindow * LIMITS.jobShare), estimateTokens),
    resumeExcerpt: takeWithin(excerpts.resume, Math.floor(engine.contextWindow * LIMITS.resumeShare), estimateTokens),
  });
  return { role: 'system', content };
}
