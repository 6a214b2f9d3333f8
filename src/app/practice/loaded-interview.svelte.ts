/**
 * The one owner of a loaded practice interview: its session record, its messages and the
 * stored interview state. Every write of them goes through here, to IndexedDB first and then
 * to the reactive fields the screen reads, so there is no second copy to keep in sync.
 *
 * `$state.raw`: records are replaced, never mutated in place, so they stay plain objects that
 * IndexedDB can store (a deep $state proxy cannot be structured-cloned).
 */
import type { TokenUsage } from '../../ports/chat-engine';
import type { Repositories } from '../../ports/repositories';
import type { MessageRecord, SessionRecord } from '../../domain/records';
import type { InterviewState } from '../../domain/interview/state';
import type { ContextSummary } from '../../domain/context-policy';
import { addUsage } from '../../domain/usage';
import { withEngine } from '../../domain/engine-log';

/** What the practice mode keeps in `SessionRecord.interviewState`. */
export interface StoredPracticeState {
  machine: InterviewState;
  /** Retrieved passages the interviewer sees (the retriever's index does not survive a reload). */
  excerpts: { job: string[]; resume: string[] };
  summary?: ContextSummary;
  /** The first user message exactly as the engine saw it (the opening has no answer to carry it). */
  opening?: string;
}

export class LoadedInterview {
  #session = $state.raw<SessionRecord>() as SessionRecord;
  #messages = $state.raw<MessageRecord[]>([]);
  #stored = $state.raw<StoredPracticeState>() as StoredPracticeState;

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
  async recordAnswer(message: MessageRecord, machine: InterviewState, change: (session: SessionRecord) => SessionRecord): Promise<void> {
    const stored = { ...this.#stored, machine };
    const session: SessionRecord = { ...change(this.#session), interviewState: stored, updatedAt: this.now() };
    await this.repos.saveTurn({ message, session });
    this.#stored = stored;
    this.#session = session;
    this.#messages = [...this.#messages, message];
  }

  /** Writes the session with these changes to its record and to the stored interview state. */
  async update(changes: Partial<SessionRecord> = {}, stored: Partial<StoredPracticeState> = {}): Promise<void> {
    const nextStored = { ...this.#stored, ...stored };
    const next: SessionRecord = { ...this.#session, ...changes, interviewState: nextStored, updatedAt: this.now() };
    await this.repos.sessions.put(next);
    this.#stored = nextStored;
    this.#session = next;
  }

  /** Writes the session as `change` returns it (for changes that remove a field, such as the draft). */
  async replace(change: (session: SessionRecord) => SessionRecord): Promise<void> {
    const next: SessionRecord = { ...change(this.#session), interviewState: this.#stored, updatedAt: this.now() };
    await this.repos.sessions.put(next);
    this.#session = next;
  }

  async saveState(machine: InterviewState): Promise<void> {
    await this.update({}, { machine });
  }

  async addUsage(usage: TokenUsage): Promise<void> {
    await this.update({ usage: addUsage(this.#session.usage, usage) });
  }

  /** Notes which engine answers, and every switch. */
  async noteEngine(engine: { id: string; label: string }): Promise<void> {
    const engines = withEngine(this.#session.engines, engine, this.now());
    if (engines) await this.update({ engines });
  }
}
