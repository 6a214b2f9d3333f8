import { getContext, setContext } from 'svelte';
import type { AppError } from '../domain/errors';
import type { DeviceStoragePort } from '../ports/device-storage';
import type { RemoteSettings } from '../domain/records';
import type { Router } from './router.svelte';
import type { SettingsStore } from './settings-store.svelte';
import type { UpdateState } from './updates.svelte';
import type { Busy } from './busy.svelte';
import type { SearchIndexStatus } from './search-index-status.svelte';
import type { SessionHistory } from './session-history';
import type { DatabaseStatus } from './database-status.svelte';
import type { EngineProvider } from './engine-provider.svelte';
import type { ModelManager } from './model-manager.svelte';
import type { PracticeService } from './practice/practice-service';
import type { PracticeAttempts } from './coaching/practice-attempts';
import type { CoverageService } from './coaching/coverage-service';
import type { VoiceController } from './voice-controller.svelte';
import type { SupportModels } from './support-models.svelte';
import type { TwinState } from './twin/twin-state.svelte';
import type { DataService } from './data-service';
import type { KeyLock } from './key-lock.svelte';
import type { Voice } from '../domain/voice/speech-types';
import type { ConversationLock } from '../ports/conversation-lock';

/** Test connection's outcome; the screen words it ("Connected to host."). */
export type RemoteTestResult = { ok: true; host: string; models?: string[] } | { ok: false; message: string };

/** What the first page needs: built before the first paint. */
export interface CoreServices {
  /** The saved sessions (History, Home, the report); screens never read repositories themselves. */
  history: SessionHistory;
  settings: SettingsStore;
  storage: DeviceStoragePort;
  router: Router;
  updates: UpdateState;
  /** Set when IndexedDB could not be opened: the app runs in memory for this tab. */
  storageWarning: AppError | null;
  /** The database closed under this tab (erase or upgrade elsewhere) or waits for another tab: the shell's banner. */
  database: DatabaseStatus;
  /** True while an interview or twin reply is in progress (updates wait for it). */
  busy: Busy;
  /** Background re-indexing after a search-model change, for the status line in the shell. */
  searchIndex: SearchIndexStatus;
  /** Loads the feature services (engines, practice, twin, …) once; screens other than Home await it. */
  loadFeatures: () => Promise<void>;
}

/** Engines, models and the two modes: loaded on demand so the first page stays small. */
export interface FeatureServices {
  engines: EngineProvider;
  models: ModelManager;
  testRemote: (remote: RemoteSettings) => Promise<RemoteTestResult>;
  practice: PracticeService;
  /** Answering a question again, and the drill of weak questions (issue 16). */
  attempts: PracticeAttempts;
  /** Which requirements of a job description the interviews have covered, and "Practise the gaps". */
  coverage: CoverageService;
  /** Reads a resume / job description file (pdf, docx, txt, md) into text. */
  importText: (file: File) => Promise<{ text: string; title: string }>;
  acceptedTextFiles: string;
  /** A voice controller (mic → Whisper → text; speech out) for a screen; dispose it when the screen goes. */
  createVoice: (language: () => string) => VoiceController;
  /** Settings → Data: export/import. */
  data: DataService;
  /** The API key's passphrase lock; also gives the remote engine its key. */
  keyLock: KeyLock;
  /** Which tab owns an open interview or twin chat; the others show it read-only ("continue here"). */
  conversations: ConversationLock;
  /** The twin screen's state (one per app: profiles, the open conversation). */
  twin: TwinState;
  /** The embedding and Whisper models for the Models screen. */
  supportModels: SupportModels;
  /** Switches the search (embedding) model; stored passages are re-embedded on their next search. */
  setSearchModel: (modelId: string) => Promise<void>;
  /** Speech-synthesis voices for the settings picker (local ones first). */
  voices: () => Promise<Voice[]>;
}

/** Feature screens are mounted only after `loadFeatures()`, so they see both halves. */
export type Services = CoreServices & FeatureServices;

const KEY = Symbol('rehearse-services');

export function provideServices(services: CoreServices): void {
  setContext(KEY, services);
}

/** For shared pieces (lib/ui) that can also appear before or outside the app's context. */
export function useCoreServicesIfProvided(): CoreServices | undefined {
  return getContext<CoreServices | undefined>(KEY);
}

export function useServices(): Services {
  const services = getContext<Services | undefined>(KEY);
  if (!services) throw new Error('Services are not provided: mount screens inside App.svelte.');
  return services;
}
