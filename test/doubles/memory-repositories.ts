/**
 * In-memory Repositories for tests. Values are structured-cloned on the way in and out,
 * like IndexedDB, so a test cannot pass by mutating a stored object by reference.
 */
import type { DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../src/domain/records';
import type { Repositories } from '../../src/ports/repositories';
import { AppError } from '../../src/ports/errors';

export interface MemoryRepositories extends Repositories {
  /** Every write, in order, for assertions about when things were saved. */
  readonly writes: { store: string; value: unknown }[];
}

export function createMemoryRepositories(settings?: Settings): MemoryRepositories {
  const sessions = new Map<string, SessionRecord>();
  const messages = new Map<string, MessageRecord>();
  const documents = new Map<string, DocumentRecord>();
  const profiles = new Map<string, ProfileRecord>();
  let stored: Settings | undefined = settings;
  const writes: { store: string; value: unknown }[] = [];
  const clone = <T>(value: T): T => structuredClone(value);
  const log = (store: string, value: unknown) => writes.push({ store, value: clone(value) });

  return {
    writes,
    sessions: {
      async put(session) {
        log('sessions', session);
        sessions.set(session.id, clone(session));
      },
      async get(id) {
        const s = sessions.get(id);
        return s && clone(s);
      },
      async list() {
        return [...sessions.values()].map(clone).sort((a, b) => b.updatedAt - a.updatedAt);
      },
      async delete(id) {
        sessions.delete(id);
        for (const [key, m] of messages) if (m.sessionId === id) messages.delete(key);
        for (const [key, d] of documents) if (d.sessionId === id) documents.delete(key);
      },
    },
    messages: {
      async put(message) {
        log('messages', message);
        messages.set(message.id, clone(message));
      },
      async listBySession(sessionId) {
        return [...messages.values()]
          .filter((m) => m.sessionId === sessionId)
          .sort((a, b) => a.index - b.index)
          .map(clone);
      },
    },
    documents: {
      async put(doc) {
        log('documents', doc);
        documents.set(doc.id, clone(doc));
      },
      async get(id) {
        const d = documents.get(id);
        return d && clone(d);
      },
      async listBySession(sessionId) {
        return [...documents.values()].filter((d) => d.sessionId === sessionId).map(clone);
      },
      async listByProfile(profileId) {
        return [...documents.values()].filter((d) => d.profileId === profileId).map(clone);
      },
      async delete(id) {
        documents.delete(id);
      },
    },
    profiles: {
      async put(profile) {
        log('profiles', profile);
        profiles.set(profile.id, clone(profile));
      },
      async get(id) {
        const p = profiles.get(id);
        return p && clone(p);
      },
      async list() {
        return [...profiles.values()].map(clone);
      },
      async delete(id) {
        profiles.delete(id);
      },
    },
    settings: {
      async get() {
        if (stored === undefined) throw new AppError('not-found', 'No settings stored in this test.');
        return clone(stored);
      },
      async put(value) {
        log('settings', value);
        stored = clone(value);
      },
    },
  };
}
