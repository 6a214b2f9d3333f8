/**
 * The one owner of a loaded practice interview: its session record, its messages and the
 * stored interview state. Every write of them goes through here, to IndexedDB first and then
 * to the reactive fields the screen reads, so there is no second copy to keep in sync.
 *
 * `$state.raw`: records are replaced, never mutated in place, so they stay plain objects that
 * IndexedDB can store (a deep $state proxy cannot be structured-cloned).
 */
import type { TokenUsage } from '../../domain/chat';
import type { Repositories } from '../../ports/repositories';
import type { MessageRecord, SessionRecord } from '../../domain/records';
import type { InterviewState } from '../../domain/interview/state';
import type { ContextSummary } from '../../domain/context-policy';
import type { SideExchange } from '../../domain/engine-turns';
import { withEngineUsage } from '../../domain/usage';
import { withEngine } from '../../domain/engine-log';

/** What the practice mode keeps in `SessionRecord.interviewState`. */
export interface StoredPracticeState {
  machine: InterviewState;
  /** Retrieved passages the interviewer sees (the retriever's index does not survive a reload). */
  excerpts: { job: string[]; resume: string[] };
  summary?: ContextSummary;
  /** The first user message exactly as the engine saw it (the opening has no answer to carry it). */
  opening?: string;
  /** While the guideline's second step is still to be written: what it is written from. */
  guidelineRest?: { material?: string; groundedIn: string[] };
  /** Requests made inside the conversation that the candidate does not see (the guideline's steps). */
  exchanges?: SideExchange[];
}

export class LoadedInterview {
  #session = $state.raw<SessionRecord>() as SessionRecord;
  #messages = $state.raw<MessageRecord[]>([]);
  #stored = $state.raw<StoredPracticeState>() as StoredPracticeState;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    session: SessionRecord,
    messages: MessageRecord[],
    stored: StoredPracticeState,
    private readonly repos: Pick<Repositories, 'sessions' | 'messages' | 'saveTurn'>,
    private readonly now: () => number,
  ) {
    this.#session = session;
    this.#messages = messages;
    this.#stored = stored;
  }

  get session(): SessionRecord {
    return this.#session;
  }
  get messages(): readonly MessageRecord[] {
    return this.#messages;
  }
  get state(): InterviewState {
    return this.#stored.machine;
  }
  get stored(): StoredPracticeState {
    return this.#stored;
  }
  get id(): string {
    return this.#session.id;
  }

  /** Writes a message (new, or replacing the one with its id). */
  async putMessage(message: MessageRecord): Promise<void> {
    await this.repos.messages.put(message);
    const at = this.#messages.findIndex((m) => m.id === message.id);
    this.#messages = at >= 0 ? this.#messages.with(at, message) : [...this.#messages, message];
  }

  /**
   * The candidate's answer and the session it moves on (state advanced, draft dropped) in one
   * transaction: both are saved or neither, so a failed write never leaves an answer whose turn
   * did not advance (sending it again would make two identical answers).
   */
  recordAnswer(message: MessageRecord, machine: InterviewState, change: (session: SessionRecord) => SessionRecord): Promise<void> {
    return this.#write(
      (session, stored) => ({ session: change(session), stored: { ...stored, machine } }),
      async (session) => {
        await this.repos.saveTurn({ message, session });
        this.#messages = [...this.#messages, message];
      },
    );
  }

  /** Writes the session with these changes to its record and to the stored interview state. */
  update(changes: Partial<SessionRecord> = {}, stored: Partial<StoredPracticeState> = {}): Promise<void> {
    return this.#write((session, current) => ({ session: { ...session, ...changes }, stored: { ...current, ...stored } }));
  }

  /** Writes the session as `change` returns it (for changes that remove a field, such as the draft). */
  replace(change: (session: SessionRecord) => SessionRecord): Promise<void> {
    return this.#write((session, stored) => ({ session: change(session), stored }));
  }

  saveState(machine: InterviewState): Promise<void> {
    return this.update({}, { machine });
  }

  /** Adds one request's usage to the total and to the engine that served it (`usageByEngine`). */
  addUsage(usage: TokenUsage, engineId: string): Promise<void> {
    return this.#write((session, stored) => ({ session: withEngineUsage(session, engineId, usage), stored }));
  }

  /** Notes which engine answers, and every switch. */
  noteEngine(engine: { id: string; label: string }): Promise<void> {
    return this.#write((session, stored) => ({
      session: { ...session, engines: withEngine(session.engines, engine, this.now()) ?? session.engines },
      stored,
    }));
  }

  /**
   * Session writes run one after another, each built from the copy the previous one left: two
   * writes built from the same copy would look like two tabs to the revision rule (the second
   * refused as stale), and the later would drop the earlier's change.
   */
  #write(
    build: (session: SessionRecord, stored: StoredPracticeState) => { session: SessionRecord; stored: StoredPracticeState },
    save: (session: SessionRecord) => Promise<void> = (session) => this.repos.sessions.put(session),
  ): Promise<void> {
    const run = async () => {
      const next = build(this.#session, this.#stored);
      const session: SessionRecord = { ...next.session, interviewState: next.stored, updatedAt: this.now() };
      await save(session);
      this.#stored = next.stored;
      this.#session = session;
    };
    const result = this.#queue.then(run);
    // A failed write is reported to its caller; the queue goes on with the next.
    this.#queue = result.catch(() => undefined);
    return result;
  }
}
