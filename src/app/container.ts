/**
 * The composition root: with composition/features.ts, the only place that picks concrete adapters.
 *
 * Two stages keep the first page light: the core (storage, settings, routing, updates) is
 * built before the first paint; engines, retrieval and the practice/twin services are
 * imported and built the first time a screen needs them.
 */
import { createIdbRepositories } from '../adapters/storage/idb-repositories';
import { createMemoryRepositories } from '../adapters/storage/memory-repositories';
import { openRehearseDB, type RehearseDatabase } from '../adapters/storage/db';
import { deviceStorage } from '../adapters/storage/device-storage';
import { toAppError, type AppError } from '../domain/errors';
import type { Repositories } from '../ports/repositories';
import { Router } from './router.svelte';
import type { CoreServices, Services } from './services';
import { SettingsStore } from './settings-store.svelte';
import { UpdateState } from './updates.svelte';
import { Busy } from './busy.svelte';
import { SearchIndexStatus } from './search-index-status.svelte';
import { DatabaseStatus } from './database-status.svelte';
import { SessionHistory } from './session-history';

/** `database` is made by the caller so it can show a blocked open before the services exist. */
export async function createServices(database = new DatabaseStatus()): Promise<CoreServices> {
  let repos: Repositories;
  let storageWarning: AppError | null = null;
  let db: RehearseDatabase | undefined;
  try {
    db = await openRehearseDB({ onBlocked: () => database.blocked(), onClosed: (reason) => database.closed(reason) });
    database.opened();
    repos = createIdbRepositories(db);
  } catch (e) {
    storageWarning = toAppError(e);
    repos = createMemoryRepositories();
  }
  const settings = new SettingsStore(repos.settings);
  await settings.load();
  const updates = new UpdateState(__APP_VERSION__);
  void updates.register();

  let features: Promise<void> | undefined;
  const core: CoreServices = {
    history: new SessionHistory(repos),
    settings,
    storage: deviceStorage,
    router: new Router(),
    updates,
    storageWarning,
    database,
    busy: new Busy(),
    searchIndex: new SearchIndexStatus(),
    loadFeatures: () => {
      features ??= import('./composition/features')
        .then(({ buildFeatures }) => buildFeatures(core, repos, db))
        .then((built) => void Object.assign(core, built));
      return features;
    },
  };
  return core;
}

export type { Services };
