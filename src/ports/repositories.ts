import type { DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../domain/records';

/** Every write is its own awaited transaction; failures reject with an AppError. */
export interface SessionRepository {
  put(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  list(): Promise<SessionRecord[]>;
  /** Deletes the session with its messages, documents and chunks in one transaction. */
  delete(id: string): Promise<void>;
}

export interface MessageRepository {
  put(message: MessageRecord): Promise<void>;
  listBySession(sessionId: string): Promise<MessageRecord[]>;
}

export interface DocumentRepository {
  put(doc: DocumentRecord): Promise<void>;
  get(id: string): Promise<DocumentRecord | undefined>;
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

export interface SettingsRepository {
  get(): Promise<Settings>;
  put(settings: Settings): Promise<void>;
}

export interface Repositories {
  sessions: SessionRepository;
  messages: MessageRepository;
  documents: DocumentRepository;
  profiles: ProfileRepository;
  settings: SettingsRepository;
}
