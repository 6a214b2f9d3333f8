/**
 * The saved sessions as History, Home and the report read them. Screens ask here instead of
 * reading repositories, and deleting a session removes everything it left behind.
 */
import type { Repositories } from '../ports/repositories';
import type { MessageRecord, SessionRecord } from '../domain/records';
import { removeLocal } from './drafts/local-json';
import { rescueKey } from './practice/answer-draft';
import { sessionJobKey } from '../domain/coaching/job-key';
import type { DeliveryReader } from './coaching/delivery-reader';
import type { SessionDelivery } from '../domain/coaching/trends';
import type { SessionSummary } from '../domain/session-summary';

export class SessionHistory {
  private deliveryReader: Promise<DeliveryReader> | undefined;

  constructor(
    private readonly repos: Pick<Repositories, 'sessions' | 'messages'> & Partial<Pick<Repositories, 'jobs'>>,
    private readonly storage?: Storage,
  ) {}

  /** Every session, newest first as the repository orders them. */
  list(): Promise<SessionRecord[]> {
    return this.repos.sessions.list();
  }

  /**
   * Every session's summary, newest first: what History lists and charts (a few hundred bytes
   * each, where a finished interview's record is about 16 KB).
   */
  summaries(): Promise<SessionSummary[]> {
    return this.repos.sessions.summaries();
  }

  /** A session with its messages, or undefined when it does not exist (any more). */
  async open(id: string): Promise<{ session: SessionRecord; messages: MessageRecord[] } | undefined> {
    const session = await this.repos.sessions.get(id);
    if (!session) return undefined;
    return { session, messages: await this.repos.messages.listBySession(id) };
  }

  /**
   * History's delivery trends: the spoken answers of these interviews, read on demand (see
   * DeliveryReader; imported here on first use, so it is not part of the first page).
   */
  async delivery(sessions: readonly SessionSummary[], signal?: AbortSignal): Promise<SessionDelivery[]> {
    this.deliveryReader ??= import('./coaching/delivery-reader').then((m) => new m.DeliveryReader(this.repos.messages));
    return (await this.deliveryReader).read(sessions, signal);
  }

  /**
   * Deletes the session, its messages, and its answer box's rescue copy; with the last interview
   * of a job description, the job's requirement list too (it quotes that description).
   */
  async remove(id: string): Promise<void> {
    const session = await this.repos.sessions.get(id);
    await this.repos.sessions.delete(id);
    removeLocal(rescueKey(id), this.storage);
    const jobKey = session && sessionJobKey(session);
    if (jobKey && this.repos.jobs && (await this.repos.sessions.listByJob(jobKey)).length === 0) await this.repos.jobs.delete(jobKey);
  }
}
