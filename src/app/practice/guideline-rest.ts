/**
 * The guideline's second step, applied to a loaded interview: writes the questions after
 * question 1, saves them with the session (a reload mid-way finds `guidelineRest` still set and
 * writes them then), and when fewer came back than planned, shortens the interview to the
 * questions that exist, so no turn ever asks for a question that was never written.
 */
import type { ChatEngine } from '../../ports/chat-engine';
import type { PracticeSetup } from '../../domain/records';
import type { TokenCounter } from '../../domain/tokens';
import { planAfterAnswer, type InterviewState, type TurnPlan } from '../../domain/interview/state';
import type { LoadedInterview } from './loaded-interview.svelte';
import { writeRestOfGuideline } from './preparation';
import { conversationSoFar, interviewerSystem } from './interviewer-turn';

export async function completeGuideline(
  interview: LoadedInterview,
  engine: ChatEngine,
  count: TokenCounter,
  signal: AbortSignal,
): Promise<void> {
  const rest = interview.stored.guidelineRest;
  const guideline = interview.session.guideline;
  if (!rest || !guideline) return;
  const setup = interview.session.setup as PracticeSetup;
  // Asked after the newest interviewer reply, as the engine saw the conversation up to there
  // (normally the opening, just streamed): a continuation, and the next turn continues it. After
  // a reload the candidate's answer may already be saved; it follows this request, as it will
  // in every later turn. Once older turns are summarized that conversation is gone: asked alone.
  const after = interview.messages.findLast((m) => m.role === 'assistant')?.index ?? -1;
  const inConversation = !interview.stored.summary;
  const history = conversationSoFar(
    interview,
    interview.messages.filter((m) => m.index <= after),
  );
  const written = await writeRestOfGuideline(
    {
      setup,
      engine,
      count,
      signal,
      onUsage: (u) => interview.addUsage(u, engine.info.id),
      conversation: [interviewerSystem(interview, engine), ...(inConversation ? history : [])],
    },
    guideline,
    rest,
  );
  // Only the guideline, the marker and the exchange change here: the state machine is fitted by
  // the turn (`fitToGuideline`), which owns it, so a concurrent answer is never overwritten.
  const exchanges = [...(interview.stored.exchanges ?? []), ...(inConversation ? [{ after, messages: written.exchange }] : [])];
  await interview.update({ guideline: written.guideline }, { guidelineRest: undefined, exchanges });
}

/** The question a plan will ask, if any. */
function askedIndex(plan: TurnPlan | null | undefined): number | undefined {
  if (!plan) return undefined;
  if (plan.kind === 'question') return plan.questionIndex;
  if (plan.kind === 'follow-up-or-next' && plan.next !== 'closing') return plan.next;
  return undefined;
}

/** The state for a guideline of `written` questions (fewer than planned): a pending plan past the end closes instead. */
export function fitToGuideline(state: InterviewState, written: number): InterviewState {
  if (written >= state.questionCount || written < 1) return state;
  const fitted: InterviewState = { ...state, questionCount: written };
  const asked = askedIndex(state.pending);
  if (state.phase === 'awaiting-reply' && asked !== undefined && asked >= written) return { ...fitted, pending: planAfterAnswer(fitted) };
  return fitted;
}
