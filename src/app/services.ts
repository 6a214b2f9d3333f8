import { getContext, setContext } from 'svelte';
import type { AppError } from '../ports/errors';
import type { DeviceStoragePort } from '../ports/device-storage';
import type { Repositories } from '../ports/repositories';
import type { Router } from './router.svelte';
import type { SettingsStore } from './settings-store.svelte';
import type { UpdateState } from './updates.svelte';
import type { Busy } from './busy.svelte';

/** Everything screens need, built once by the container. */
export interface Services {
  repos: Repositories;
  settings: SettingsStore;
  storage: DeviceStoragePort;
  router: Router;
  updates: UpdateState;
  /** Set when IndexedDB could not be opened: the app runs in memory for this tab. */
  storageWarning: AppError | null;
  /** True while an interview or twin reply is in progress (updates wait for it). */
  busy: Busy;
}

const KEY = Symbol('rehearse-services');

export function provideServices(services: Services): void {
  setContext(KEY, services);
}

export function useServices(): Services {
  const services = getContext<Services | undefined>(KEY);
  if (!services) throw new Error('Services are not provided: mount screens inside App.svelte.');
  return services;
}
