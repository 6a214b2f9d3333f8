/**
 * Reads everything a backup covers and writes an import plan. The IndexedDB store writes a
 * plan in ONE transaction over every store, so an import either lands completely or not at
 * all (a quota error half-way leaves the database as it was). Chunks and vectors are never
 * read here: they are removed with their documents and recomputed after the import. Session
 * summaries are derived data too: never read into a backup, rewritten with every imported session.
 */
import type { BackupStore } from '../../ports/backup-store';
import type { StoredData } from '../../domain/backup/stored-data';
import type { ImportPlan } from '../../domain/backup/plan';
import type { Repositories } from '../../ports/repositories';
import { storageError, type RehearseDatabase } from './db';
import { sessionSummaryOf } from '../../domain/session-summary';

export function createIdbBackupStore(db: RehearseDatabase): BackupStore {
  return {
    async readAll(): Promise<StoredData> {
      try {
        const tx = db.transaction(['sessions', 'messages', 'documents', 'profiles', 'settings', 'jobs'], 'readonly');
        const [sessions, messages, documents, profiles, settings, jobs] = await Promise.all([
          tx.objectStore('sessions').getAll(),
          tx.objectStore('messages').getAll(),
          tx.objectStore('documents').getAll(),
          tx.objectStore('profiles').getAll(),
          tx.objectStore('settings').get('settings'),
          tx.objectStore('jobs').getAll(),
        ]);
        await tx.done;
        // Messages in conversation order reads better in the file and diffs cleanly.
        messages.sort((a, b) => (a.sessionId === b.sessionId ? a.index - b.index : a.sessionId < b.sessionId ? -1 : 1));
        return { sessions, messages, documents, profiles, settings: settings ?? null, jobs };
      } catch (cause) {
        throw storageError(cause, 'read');
      }
    },

    async apply(plan: ImportPlan): Promise<void> {
      try {
        const tx = db.transaction(
          ['sessions', 'sessionSummaries', 'messages', 'documents', 'chunks', 'profiles', 'settings', 'jobs'],
          'readwrite',
        );
        // When a write fails the browser aborts the whole transaction; the failing request's own
        // error is the one reported below, so the abort of `done` needs no second handler.
        tx.done.catch(() => undefined);
        const store = {
          sessions: tx.objectStore('sessions'),
          summaries: tx.objectStore('sessionSummaries'),
          messages: tx.objectStore('messages'),
          documents: tx.objectStore('documents'),
          chunks: tx.objectStore('chunks'),
          profiles: tx.objectStore('profiles'),
          settings: tx.objectStore('settings'),
          jobs: tx.objectStore('jobs'),
        };
        // Only IndexedDB requests are awaited inside the transaction; awaiting anything else would end it.
        // An imported session is a write like any other: its revision moves past the stored one,
        // so a tab still holding the old copy cannot put it back (see ports/repositories).
        const stored = await Promise.all(plan.sessions.map((r) => store.sessions.get(r.id)));
        const sessions = plan.sessions.map((r, i) => ({ ...r, revision: Math.max(stored[i]?.revision ?? 0, r.revision ?? 0) + 1 }));
        if (plan.clearAll) {
          await Promise.all([
            store.sessions.clear(),
            store.summaries.clear(),
            store.messages.clear(),
            store.documents.clear(),
            store.chunks.clear(),
            store.profiles.clear(),
            store.jobs.clear(),
          ]);
        } else {
          const removeDocuments = async (ids: string[]) => {
            const chunkKeys = (await Promise.all(ids.map((id) => store.chunks.index('byDocument').getAllKeys(id)))).flat();
            await Promise.all([...chunkKeys.map((k) => store.chunks.delete(k)), ...ids.map((id) => store.documents.delete(id))]);
          };
          for (const sessionId of plan.replaceChildrenOfSessions) {
            const messageKeys = await store.messages.index('bySession').getAllKeys(sessionId);
            await Promise.all(messageKeys.map((k) => store.messages.delete(k)));
            await removeDocuments(await store.documents.index('bySession').getAllKeys(sessionId));
          }
          for (const profileId of plan.replaceDocumentsOfProfiles) {
            await removeDocuments(await store.documents.index('byProfile').getAllKeys(profileId));
          }
          // Documents written by this import get fresh chunks later; drop stale ones now.
          await removeDocuments(plan.documents.map((d) => d.id));
        }
        await Promise.all([
          ...sessions.map((r) => store.sessions.put(r)),
          ...sessions.map((r) => store.summaries.put(sessionSummaryOf(r))),
          ...plan.profiles.map((r) => store.profiles.put(r)),
          ...plan.jobs.map((r) => store.jobs.put(r)),
          ...plan.documents.map((r) => store.documents.put(r)),
          ...plan.messages.map((r) => store.messages.put(r)),
          ...(plan.settings ? [store.settings.put(plan.settings)] : []),
        ]);
        await tx.done;
      } catch (cause) {
        throw storageError(cause, 'write');
      }
    },
  };
}

/**
 * The same over the repository ports, for the in-memory fallback when IndexedDB cannot be
 * opened: the user can still export what they did in this tab before closing it. Not
 * atomic (the ports have no transactions), which is acceptable for memory that dies with the tab.
 */
export function createRepositoryBackupStore(repos: Repositories): BackupStore {
  return {
    async readAll(): Promise<StoredData> {
      const [sessions, profiles, settings, jobs] = await Promise.all([
        repos.sessions.list(),
        repos.profiles.list(),
        repos.settings.get(),
        repos.jobs.list(),
      ]);
      const messages = (await Promise.all(sessions.map((s) => repos.messages.listBySession(s.id)))).flat();
      const owned = await Promise.all([
        ...sessions.map((s) => repos.documents.listBySession(s.id)),
        ...profiles.map((p) => repos.documents.listByProfile(p.id)),
      ]);
      return { sessions, messages, documents: owned.flat(), profiles, settings, jobs };
    },

    async apply(plan: ImportPlan): Promise<void> {
      const removeProfileDocuments = async (profileId: string) => {
        for (const d of await repos.documents.listByProfile(profileId)) await repos.documents.delete(d.id);
      };
      if (plan.clearAll) {
        for (const s of await repos.sessions.list()) await repos.sessions.delete(s.id);
        for (const p of await repos.profiles.list()) {
          await removeProfileDocuments(p.id);
          await repos.profiles.delete(p.id);
        }
        for (const j of await repos.jobs.list()) await repos.jobs.delete(j.id);
      } else {
        // Deleting a session removes its messages and documents, which is what replacing them needs.
        for (const id of plan.replaceChildrenOfSessions) await repos.sessions.delete(id);
        for (const id of plan.replaceDocumentsOfProfiles) await removeProfileDocuments(id);
      }
      for (const r of plan.sessions) await repos.sessions.put(r);
      for (const r of plan.profiles) await repos.profiles.put(r);
      for (const r of plan.jobs) await repos.jobs.put(r);
      for (const r of plan.documents) await repos.documents.put(r);
      for (const r of plan.messages) await repos.messages.put(r);
      if (plan.settings) await repos.settings.put(plan.settings);
    },
  };
}
