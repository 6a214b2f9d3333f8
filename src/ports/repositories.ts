import type { DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../domain/records';
import type { SessionSummary } from '../domain/session-summary';

/**
 * Every write is its own awaited transaction; failures reject with an AppError.
 *
 * Sessions carry a `revision` so that no write ever rolls one back: a write whose revision is
 * older than the stored one (another tab saved since this copy was read) is refused with
 * `stale-session`, and a write that goes through stores revision + 1 and sets that number on
 * the object it was given, so the caller's copy stays current. A record without a revision
 * (saved before revisions existed) counts as 0.
 */
export interface SessionRepository {
  /** Refuses a stale copy (`stale-session`); on success sets `session.revision` to the stored one. */
  put(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  list(): Promise<SessionRecord[]>;
  /**
   * Every session's summary (`sessionSummaryOf`), newest first: what History lists and charts.
   * Always current: every session write, delete and import updates it in the same transaction.
   */
  summaries(): Promise<SessionSummary[]>;
  /** The sessions set up from one job description (`SessionRecord.jobKey`), newest first. */
  listByJob(jobKey: string): Promise<SessionRecord[]>;
  /** Deletes the session with its messages, documents and chunks in one transaction. */
  delete(id: string): Promise<void>;
}

export interface MessageRepository {
  /**
   * A message's place (`sessionId`, `index`) is unique: another message at the same place is
   * refused with `stale-session` (another tab answered first).
   */
  put(message: MessageRecord): Promise<void>;
  listBySession(sessionId: string): Promise<MessageRecord[]>;
}

export interface DocumentRepository {
  put(doc: DocumentRecord): Promise<void>;
  listBySession(sessionId: string): Promise<DocumentRecord[]>;
  listByProfile(profileId: string): Promise<DocumentRecord[]>;
  /** Removes the document and its chunks in one transaction. */
  delete(id: string): Promise<void>;
}

export interface ProfileRepository {
  put(profile: ProfileRecord): Promise<void>;
  get(id: string): Promise<ProfileRecord | undefined>;
  list(): Promise<ProfileRecord[]>;
  delete(id: string): Promise<void>;
}

/** The job descriptions the candidate prepares for, with their requirements (coverage, issue 16). */
export interface JobRepository {
  put(job: JobRecord): Promise<void>;
  get(id: string): Promise<JobRecord | undefined>;
  list(): Promise<JobRecord[]>;
  /** Its sessions are not touched (History removes a job once its last session is deleted). */
  delete(id: string): Promise<void>;
}

export interface SettingsRepository {
  get(): Promise<Settings>;
  put(settings: Settings): Promise<void>;
}

/** One turn of a conversation: a message and the session state it moves to. */
export interface Turn {
  message: MessageRecord;
  session: SessionRecord;
}

export interface Repositories {
  sessions: SessionRepository;
  messages: MessageRepository;
  documents: DocumentRepository;
  profiles: ProfileRepository;
  settings: SettingsRepository;
  jobs: JobRepository;
  /**
   * Saves the message and its session in ONE transaction: both are written or neither is.
   * The session follows `sessions.put`'s revision rule (and gets its new revision on success);
   * the message follows `messages.put`'s unique place.
   */
  saveTurn(turn: Turn): Promise<void>;
}

/**
 * Why the database connection of this tab closed. `erased-here` is this tab's own "Erase
 * everything" (the page reloads itself); the others come from elsewhere and need a reload.
 */
export type StorageClosedReason = 'erased' | 'erased-here' | 'upgraded' | 'lost';
