/**
 * The one owner of an open twin conversation: its session record and its messages. Every write
 * of them goes through here, to IndexedDB first and then to the reactive fields the screen
 * reads, so there is no second copy to keep in sync and no copy per step.
 *
 * `$state.raw`: records are replaced, never mutated in place, so they stay plain objects that
 * IndexedDB can store (a deep $state proxy cannot be structured-cloned).
 */
import type { TokenUsage } from '../../domain/chat';
import type { Repositories } from '../../ports/repositories';
import type { MessageRecord, SessionRecord } from '../../domain/records';
import { withEngineUsage } from '../../domain/usage';
import { withEngine } from '../../domain/engine-log';

export class LoadedConversation {
  #session = $state.raw<SessionRecord>() as SessionRecord;
  #messages = $state.raw<MessageRecord[]>([]);

  constructor(
    session: SessionRecord,
    messages: MessageRecord[],
    private readonly repos: Pick<Repositories, 'sessions' | 'messages' | 'saveTurn'>,
    private readonly now: () => number,
  ) {
    this.#session = session;
    this.#messages = messages;
  }

  get session(): SessionRecord {
    return this.#session;
  }
  get messages(): readonly MessageRecord[] {
    return this.#messages;
  }
  get id(): string {
    return this.#session.id;
  }

  /** A new message with the session it moves on (title, time) in one transaction: both are saved or neither. */
  async append(message: MessageRecord, change: (session: SessionRecord) => SessionRecord = (s) => s): Promise<void> {
    const session: SessionRecord = { ...change(this.#session), updatedAt: message.createdAt };
    await this.repos.saveTurn({ message, session });
    this.#session = session;
    this.#messages = [...this.#messages, message];
  }

  /** Writes a message (new, or replacing the one with its id). */
  async putMessage(message: MessageRecord): Promise<void> {
    await this.repos.messages.put(message);
    const at = this.#messages.findIndex((m) => m.id === message.id);
    this.#messages = at >= 0 ? this.#messages.with(at, message) : [...this.#messages, message];
  }

  /** Writes the session with these changes. */
  async update(changes: Partial<SessionRecord>): Promise<void> {
    const next: SessionRecord = { ...this.#session, ...changes, updatedAt: this.now() };
    await this.repos.sessions.put(next);
    this.#session = next;
  }

  /** Adds one request's usage to the total and to the engine that served it. */
  async addUsage(usage: TokenUsage, engineId: string): Promise<void> {
    const { usage: total, usageByEngine } = withEngineUsage(this.#session, engineId, usage);
    await this.update({ usage: total, ...(usageByEngine ? { usageByEngine } : {}) });
  }

  /** Notes which engine answers, and every switch. */
  async noteEngine(engine: { id: string; label: string }): Promise<void> {
    const engines = withEngine(this.#session.engines, engine, this.now());
    if (engines) await this.update({ engines });
  }
}
