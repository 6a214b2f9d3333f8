/**
 * In-memory Repositories for tests: the app's own memory repositories (values cloned in and
 * out like IndexedDB, unique message places, the session revision rule, one-transaction turns),
 * plus a log of every write and settings that must be stored before they are read.
 */
import type { Settings } from '../../src/domain/records';
import type { Repositories } from '../../src/ports/repositories';
import { AppError } from '../../src/domain/errors';
import { createMemoryRepositories as createAppMemoryRepositories } from '../../src/adapters/storage/memory-repositories';
import { defaultSettings } from '../../src/domain/settings-defaults';

export interface MemoryRepositories extends Repositories {
  /** Every write that went through, in order, for assertions about when things were saved. */
  readonly writes: { store: string; value: unknown }[];
}

export function createMemoryRepositories(settings?: Settings): MemoryRepositories {
  const repos = createAppMemoryRepositories(settings ?? defaultSettings());
  let hasSettings = settings !== undefined;
  const writes: { store: string; value: unknown }[] = [];
  const log = (store: string, value: unknown) => writes.push({ store, value: structuredClone(value) });

  return {
    writes,
    saveTurn: async (turn) => {
      await repos.saveTurn(turn);
      log('messages', turn.message);
      log('sessions', turn.session);
    },
    sessions: {
      ...repos.sessions,
      put: async (session) => {
        await repos.sessions.put(session);
        log('sessions', session);
      },
    },
    messages: {
      ...repos.messages,
      put: async (message) => {
        await repos.messages.put(message);
        log('messages', message);
      },
    },
    documents: {
      ...repos.documents,
      put: async (doc) => {
        await repos.documents.put(doc);
        log('documents', doc);
      },
    },
    profiles: {
      ...repos.profiles,
      put: async (profile) => {
        await repos.profiles.put(profile);
        log('profiles', profile);
      },
    },
    jobs: {
      ...repos.jobs,
      put: async (job) => {
        await repos.jobs.put(job);
        log('jobs', job);
      },
    },
    settings: {
      get: async () => {
        if (!hasSettings) throw new AppError('not-found', 'No settings stored in this test.');
        return repos.settings.get();
      },
      put: async (value) => {
        await repos.settings.put(value);
        hasSettings = true;
        log('settings', value);
      },
    },
  };
}
