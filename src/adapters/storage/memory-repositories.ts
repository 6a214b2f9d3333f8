/**
 * The fallback when IndexedDB cannot be opened (some private modes): the app keeps working
 * for this tab, with a visible warning that nothing will be saved.
 */
import type { DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../domain/records';
import { defaultSettings } from '../../domain/settings-defaults';
import type { Repositories } from '../../ports/repositories';

const clone = <T>(value: T): T => structuredClone(value);

export function createMemoryRepositories(): Repositories {
  const sessions = new Map<string, SessionRecord>();
  const messages = new Map<string, MessageRecord>();
  const documents = new Map<string, DocumentRecord>();
  const profiles = new Map<string, ProfileRecord>();
  let settings: Settings = defaultSettings();
  return {
    sessions: {
      put: async (s) => void sessions.set(s.id, clone(s)),
      get: async (id) => (sessions.has(id) ? clone(sessions.get(id)!) : undefined),
      list: async () => [...sessions.values()].sort((a, b) => b.updatedAt - a.updatedAt).map(clone),
      delete: async (id) => {
        sessions.delete(id);
        for (const [k, m] of messages) if (m.sessionId === id) messages.delete(k);
        for (const [k, d] of documents) if (d.sessionId === id) documents.delete(k);
      },
    },
    messages: {
      put: async (m) => void messages.set(m.id, clone(m)),
      listBySession: async (sessionId) =>
        [...messages.values()]
          .filter((m) => m.sessionId === sessionId)
          .sort((a, b) => a.index - b.index)
          .map(clone),
    },
    documents: {
      put: async (d) => void documents.set(d.id, clone(d)),
      get: async (id) => (documents.has(id) ? clone(documents.get(id)!) : undefined),
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
    settings: {
      get: async () => clone(settings),
      put: async (s) => {
        settings = clone(s);
      },
    },
  };
}
