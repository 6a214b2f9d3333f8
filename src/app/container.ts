/**
 * The composition root: the only file that picks concrete adapters.
 */
import { createIdbRepositories } from '../adapters/storage/idb-repositories';
import { createMemoryRepositories } from '../adapters/storage/memory-repositories';
import { openRehearseDB } from '../adapters/storage/db';
import { deviceStorage } from '../adapters/storage/device-storage';
import { toAppError, type AppError } from '../ports/errors';
import type { Repositories } from '../ports/repositories';
import { Router } from './router.svelte';
import type { Services } from './services';
import { SettingsStore } from './settings-store.svelte';
import { UpdateState } from './updates.svelte';
import { Busy } from './busy.svelte';

export async function createServices(): Promise<Services> {
  let repos: Repositories;
  let storageWarning: AppError | null = null;
  try {
    repos = createIdbRepositories(await openRehearseDB());
  } catch (e) {
    storageWarning = toAppError(e);
    repos = createMemoryRepositories();
  }
  const settings = new SettingsStore(repos.settings);
  await settings.load();
  const updates = new UpdateState();
  void updates.register();
  return { repos, settings, storage: deviceStorage, router: new Router(), updates, storageWarning, busy: new Busy() };
}
