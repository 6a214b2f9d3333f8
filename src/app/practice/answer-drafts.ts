/**
 * The unsent answer in the box, kept with its session so a reload, a crash or a visit to
 * Settings loses none of it; blank text removes it. Written through the loaded interview when
 * its session is the loaded one (so no write can put back an older copy of the session); a
 * session still preparing or being opened gets the draft when it is loaded.
 */
import type { Repositories } from '../../ports/repositories';
import type { AnswerDraft, DeliveryMetrics, SessionRecord, TimedWordRecord } from '../../domain/records';
import type { LoadedInterview } from './loaded-interview.svelte';

export interface AnswerExtras {
  spoken?: boolean;
  metrics?: DeliveryMetrics;
  words?: TimedWordRecord[];
}

/** The answer box as the screen keeps it: its text, and the recording's extras while the text came from one. */
export interface DraftInput extends AnswerExtras {
  text: string;
}

export class AnswerDrafts {
  private pending: { sessionId: string; draft: AnswerDraft | undefined } | undefined;

  constructor(
    private readonly repos: Pick<Repositories, 'sessions'>,
    private readonly now: () => number,
    /** The loaded interview, and whether a step that will load one (prepare, resume) is running. */
    private readonly loaded: () => { interview: LoadedInterview | undefined; loading: boolean },
  ) {}

  async save(sessionId: string, input: DraftInput | undefined): Promise<void> {
    const draft = input && input.text.trim() !== '' ? toDraft(input, this.now()) : undefined;
    const { interview, loading } = this.loaded();
    if (interview?.id === sessionId) return this.putLoaded(interview, draft);
    this.pending = { sessionId, draft };
    // A prepare or resume under way puts the pending draft into the session it writes.
    if (loading) return;
    const stored = await this.repos.sessions.get(sessionId);
    const now = this.loaded().interview;
    if (now?.id === sessionId) return this.putLoaded(now, this.pending?.sessionId === sessionId ? this.pending.draft : draft);
    if (!stored || stored.mode !== 'practice' || stored.status === 'finished') return;
    await this.repos.sessions.put(draft ? { ...stored, draft } : withoutDraft(stored));
  }

  /** A session being loaded takes the draft saved while it was not the loaded one. */
  claim(session: SessionRecord): SessionRecord {
    const pending = this.pending;
    if (pending?.sessionId !== session.id) return session;
    this.pending = undefined;
    return pending.draft ? { ...session, draft: pending.draft } : withoutDraft(session);
  }

  private async putLoaded(interview: LoadedInterview, draft: AnswerDraft | undefined): Promise<void> {
    if (this.pending?.sessionId === interview.id) this.pending = undefined;
    if (interview.session.status === 'finished' || (!draft && !interview.session.draft)) return;
    await interview.replace((session) => (draft ? { ...session, draft } : withoutDraft(session)));
  }
}

export function withoutDraft(session: SessionRecord): SessionRecord {
  if (!('draft' in session)) return session;
  const { draft: _draft, ...rest } = session;
  return rest;
}

/** A plain copy (structured-clone safe) of the answer box; extras only from a recording. */
function toDraft(input: DraftInput, savedAt: number): AnswerDraft {
  return {
    text: input.text,
    savedAt,
    ...(input.spoken ? { spoken: true } : {}),
    // Spread, not structuredClone: the screen's reactive copies are proxies, which cannot be cloned.
    ...(input.spoken && input.metrics ? { metrics: { ...input.metrics, fillers: { ...input.metrics.fillers } } } : {}),
    ...(input.spoken && input.words ? { words: input.words.map((w) => ({ text: w.text, start: w.start, end: w.end })) } : {}),
  };
}
