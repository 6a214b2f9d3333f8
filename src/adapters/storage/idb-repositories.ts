/**
 * IndexedDB repositories. Each write is its own awaited transaction, so a reload or a
 * crash right after a message appears loses nothing; failures become AppErrors.
 */
import type { DocumentRecord, MessageRecord, ProfileRecord, SessionRecord, Settings } from '../../domain/records';
import { withDefaults } from '../../domain/settings-defaults';
import type { Repositories } from '../../ports/repositories';
import { storageError, type RehearseDatabase } from './db';

async function write<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (cause) {
    throw storageError(cause, 'write');
  }
}

async function read<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (cause) {
    throw storageError(cause, 'read');
  }
}

export function createIdbRepositories(db: RehearseDatabase): Repositories {
  return {
    sessions: {
      put: (session: SessionRecord) => write(async () => void (await db.put('sessions', session))),
      get: (id) => read(() => db.get('sessions', id)),
      list: () => read(async () => (await db.getAllFromIndex('sessions', 'byUpdatedAt')).reverse()),
      delete: (id) =>
        write(async () => {
          const tx = db.transaction(['sessions', 'messages', 'documents', 'chunks'], 'readwrite');
          const messageKeys = await tx.objectStore('messages').index('bySession').getAllKeys(id);
          const docs = await tx.objectStore('documents').index('bySession').getAll(id);
          const chunkKeys = (await Promise.all(docs.map((d) => tx.objectStore('chunks').index('byDocument').getAllKeys(d.id)))).flat();
          await Promise.all([
            ...messageKeys.map((k) => tx.objectStore('messages').delete(k)),
            ...docs.map((d) => tx.objectStore('documents').delete(d.id)),
            ...chunkKeys.map((k) => tx.objectStore('chunks').delete(k)),
            tx.objectStore('sessions').delete(id),
          ]);
          await tx.done;
        }),
    },
    messages: {
      put: (message: MessageRecord) => write(async () => void (await db.put('messages', message))),
      listBySession: (sessionId) =>
        read(() =>
          db.getAllFromIndex('messages', 'bySessionIndex', IDBKeyRange.bound([sessionId, 0], [sessionId, Number.MAX_SAFE_INTEGER])),
        ),
    },
    documents: {
      put: (doc: DocumentRecord) => write(async () => void (await db.put('documents', doc))),
      get: (id) => read(() => db.get('documents', id)),
      listBySession: (sessionId) => read(() => db.getAllFromIndex('documents', 'bySession', sessionId)),
      listByProfile: (profileId) => read(() => db.getAllFromIndex('documents', 'byProfile', profileId)),
      delete: (id) =>
        write(async () => {
          const tx = db.transaction(['documents', 'chunks'], 'readwrite');
          const chunkKeys = await tx.objectStore('chunks').index('byDocument').getAllKeys(id);
          await Promise.all([...chunkKeys.map((k) => tx.objectStore('chunks').delete(k)), tx.objectStore('documents').delete(id)]);
          await tx.done;
        }),
    },
    profiles: {
      put: (profile: ProfileRecord) => write(async () => void (await db.put('profiles', profile))),
      get: (id) => read(() => db.get('profiles', id)),
      list: () => read(async () => (await db.getAllFromIndex('profiles', 'byUpdatedAt')).reverse()),
      delete: (id) => write(async () => void (await db.delete('profiles', id))),
    },
    settings: {
      get: () => read(async () => withDefaults(await db.get('settings', 'settings'))),
      put: (settings: Settings) => write(async () => void (await db.put('settings', settings))),
    },
  };
}
