/**
 * The fallback when IndexedDB cannot be opened (some private modes): the app keeps working
 * for this tab, with a visible warning that nothing will be saved. It keeps the rules of the
 * IndexedDB repositories: values are cloned in and out, a message's place is unique, a stale
 * session is refused, and a turn is written whole or not at all.
 */
import type { DocumentRecord, JobRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../domain/records';
import { defaultSettings } from '../../domain/settings-defaults';
import { newestFirst, sessionSummaryOf } from '../../domain/session-summary';
import type { Repositories } from '../../ports/repositories';
import { nextRevision, staleSessionError } from './revision';

const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryRepositories(initialSettings: Settings = defaultSettings()): Repositories {
  const sessions = new Map<string, SessionRecord>();
  const messages = new Map<string, MessageRecord>();
  const documents = new Map<string, DocumentRecord>();
  const profiles = new Map<string, ProfileRecord>();
  const jobs = new Map<string, JobRecord>();
  let settings: Settings = clone(initialSettings);

  // Checks first and writes after, so a refused write leaves everything as it was.
  /** Throws stale-session when `message` would take the place of another message. */
  const checkPlace = (message: MessageRecord) => {
    for (const m of messages.values()) {
      if (m.id !== message.id && m.sessionId === message.sessionId && m.index === message.index) throw staleSessionError();
    }
  };
  /** The session as it will be stored (cloned first: an uncloneable value fails before any write). */
  const nextSession = (session: SessionRecord) => ({ ...clone(session), revision: nextRevision(sessions.get(session.id), session) });

  return {
    saveTurn: async ({ message, session }) => {
      const storedSession = nextSession(session);
      const storedMessage = clone(message);
      checkPlace(message);
      sessions.set(session.id, storedSession);
      messages.set(message.id, storedMessage);
      session.revision = storedSession.revision;
    },
    sessions: {
      put: async (s) => {
        const stored = nextSession(s);
        sessions.set(s.id, stored);
        s.revision = stored.revision;
      },
      get: async (id) => (sessions.has(id) ? clone(sessions.get(id)!) : undefined),
      list: async () => [...sessions.values()].sort((a, b) => b.updatedAt - a.updatedAt).map(clone),
      // Derived on read: the same function the IndexedDB repositories store the result of.
      summaries: async () => [...sessions.values()].map(sessionSummaryOf).sort(newestFirst),
      listByJob: async (jobKey) =>
        [...sessions.values()]
          .filter((s) => s.jobKey === jobKey)
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .map(clone),
      delete: async (id) => {
        sessions.delete(id);
        for (const [k, m] of messages) if (m.sessionId === id) messages.delete(k);
        for (const [k, d] of documents) if (d.sessionId === id) documents.delete(k);
      },
    },
    messages: {
      put: async (m) => {
        const stored = clone(m);
        checkPlace(m);
        messages.set(m.id, stored);
      },
      listBySession: async (sessionId) =>
        [...messages.values()]
          .filter((m) => m.sessionId === sessionId)
          .sort((a, b) => a.index - b.index)
          .map(clone),
    },
    documents: {
      put: async (d) => void documents.set(d.id, clone(d)),
      listBySession: async (sessionId) => [...documents.values()].filter((d) => d.sessionId === sessionId).map(clone),
      listByProfile: async (profileId) => [...documents.values()].filter((d) => d.profileId === profileId).map(clone),
      delete: async (id) => void documents.delete(id),
    },
    profiles: {
      put: async (p) => void profiles.set(p.id, clone(p)),
      get: async (id) => (profiles.has(id) ? clone(profiles.get(id)!) : undefined),
      list: async () => [...profiles.values()].sort((a, b) => b.updatedAt - a.updatedAt).map(clone),
      delete: async (id) => void profiles.delete(id),
    },
    jobs: {
      put: async (j) => void jobs.set(j.id, clone(j)),
      get: async (id) => (jobs.has(id) ? clone(jobs.get(id)!) : undefined),
      list: async () => [...jobs.values()].sort((a, b) => b.updatedAt - a.updatedAt).map(clone),
      delete: async (id) => void jobs.delete(id),
    },
    settings: {
      get: async () => clone(settings),
      put: async (s) => {
        settings = clone(s);
      },
    },
  };
}
