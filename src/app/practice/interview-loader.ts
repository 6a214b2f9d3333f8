/**
 * Reading a stored practice session back: for this tab to continue it (resume), or to show it
 * read-only while another tab owns it (view). Loading writes only one thing: a reply that was
 * streaming when the page went away is marked incomplete, so it can be asked again.
 */
import { AppError, toAppError } from '../../domain/errors';
import type { Repositories } from '../../ports/repositories';
import type { SessionRecord } from '../../domain/records';
import { createInterviewState } from '../../domain/interview/state';
import { readInterviewState } from '../../domain/interview/state-schema';
import { readSideExchanges } from '../../domain/engine-turns';
import { LoadedInterview, type StoredPracticeState } from './loaded-interview.svelte';

/** The session an interview screen opens, or the error that says it is not on this device. */
export async function findInterview(
  service: { find(id: string): Promise<SessionRecord | undefined> },
  sessionId: string,
): Promise<{ session: SessionRecord } | { error: AppError }> {
  try {
    const session = await service.find(sessionId);
    if (session) return { session };
    return { error: new AppError('not-found', 'This interview does not exist on this device. It may have been deleted.') };
  } catch (error) {
    return { error: toAppError(error) };
  }
}

export async function requirePracticeSession(repos: Repositories, id: string): Promise<SessionRecord> {
  const session = await repos.sessions.get(id);
  if (!session || session.mode !== 'practice' || !session.setup)
    throw new AppError('not-found', 'This practice session no longer exists. It may have been deleted; start a new one.');
  return session;
}

/** Loads a session so the interview continues where it stopped; `claim` makes the drafts follow it. */
export async function loadForResume(
  repos: Repositories,
  sessionId: string,
  claim: (session: SessionRecord) => SessionRecord,
  now: () => number,
): Promise<LoadedInterview> {
  const session = await requirePracticeSession(repos, sessionId);
  const stored = session.interviewState as Partial<StoredPracticeState> | undefined;
  const machine = readInterviewState(stored?.machine);
  if (!session.guideline || !machine || !stored?.excerpts)
    throw new AppError(
      'not-found',
      'This session was never started, or its saved state is damaged. Start a new practice session with the same job description.',
    );
  const messages = await repos.messages.listBySession(sessionId);
  const last = messages.at(-1);
  // A reply that was streaming when the page went away is partial: say so, so it can be retried.
  if (machine.phase === 'awaiting-reply' && last?.role === 'assistant' && !last.incomplete) {
    last.incomplete = true;
    await repos.messages.put(last);
  }
  const exchanges = readSideExchanges(stored.exchanges);
  return new LoadedInterview(claim(session), messages, { ...(stored as StoredPracticeState), machine, exchanges }, repos, now);
}

/**
 * Reads a session to show it read-only (another tab owns it): writes nothing, and the result
 * is never the service's loaded interview, so no step of this tab can write it.
 */
export async function loadForView(repos: Repositories, sessionId: string, now: () => number): Promise<LoadedInterview> {
  const session = await requirePracticeSession(repos, sessionId);
  const stored = session.interviewState as Partial<StoredPracticeState> | undefined;
  // Still being prepared in the other tab: no questions yet, nothing to show but the title.
  const machine = readInterviewState(stored?.machine) ?? { ...createInterviewState(1), questionCount: 0 };
  const messages = await repos.messages.listBySession(sessionId);
  const exchanges = readSideExchanges(stored?.exchanges);
  return new LoadedInterview(session, messages, { excerpts: { job: [], resume: [] }, ...stored, machine, exchanges }, repos, now);
}
