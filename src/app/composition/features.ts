/**
 * The feature half of the composition root: engines, models, retrieval, practice, twin, voice,
 * backups. Loaded with import() the first time a screen other than Home opens, so the first
 * page stays small; like container.ts, it is the only place that names adapters.
 */
import type { RehearseDatabase } from '../../adapters/storage/db';
import { deviceStorage } from '../../adapters/storage/device-storage';
import { toAppError } from '../../domain/errors';
import type { Repositories } from '../../ports/repositories';
import type { Retriever } from '../../ports/vector-store';
import type { CoreServices, FeatureServices } from '../services';
import { applyTheme } from '../theme';
import { loadFeatureModules } from './feature-modules';

export async function buildFeatures(core: CoreServices, repos: Repositories, db: RehearseDatabase | undefined): Promise<FeatureServices> {
  const {
    OpenAIEngine,
    testRemoteConnection,
    webllmBackend,
    PromptApiEngine,
    promptApiAvailability,
    hostOf,
    systemClock,
    EngineProvider,
    ModelManager,
    decryptApiKey,
    encryptApiKey,
    KeyLock,
    onEraseElsewhere,
    WorkerEmbedder,
    configureMlWorker,
    sharedMlWorker,
    IdbVectorStore,
    ACCEPTED_TEXT_FILES,
    importTextFile,
    chunkText,
    PracticeService,
    HybridRetriever,
    Bm25Retriever,
    MicRecorder,
    WebSpeechSpeaker,
    WorkerTranscriber,
    VoiceController,
    TransformersModelCache,
    embeddingModelFiles,
    SupportModels,
    RuntimeFilesCache,
    speechModelRows,
    WHISPER_FILE_SETS,
    PracticeAttempts,
    CoverageService,
    ProfileEditor,
    TwinConversations,
    TwinState,
    RetrieverTwinRanker,
    readQaCsv,
    readProjectMarkdown,
    createIdbBackupStore,
    createRepositoryBackupStore,
    DataService,
    createBrowserConversationLock,
  } = await loadFeatureModules();
  const { settings } = core;
  const keyLock = new KeyLock(settings, { encrypt: encryptApiKey, decrypt: decryptApiKey }, { erasedElsewhere: onEraseElsewhere });

  const models = new ModelManager({
    backend: webllmBackend,
    storage: deviceStorage,
    selection: {
      get: () => settings.value.localModelId,
      set: (modelId) =>
        settings.update((s) => {
          s.localModelId = modelId;
        }),
    },
    promptApiAvailability: () => promptApiAvailability(),
    // The Models screen's device check, per model, in the settings record (no schema change).
    deviceChecks: {
      get: () => settings.value.deviceChecks,
      save: (result) =>
        settings.update((s) => {
          s.deviceChecks = { ...s.deviceChecks, [result.modelId]: result };
        }),
    },
  });

  const engines = new EngineProvider({
    settings: () => settings.value,
    // The model manager itself: the provider reads its load progress ("Loading the model: 40 %").
    local: models,
    loadPromptApi: (language, onProgress) => PromptApiEngine.create({ onProgress, ...(language ? { language } : {}) }),
    createRemote: (remote, apiKey) => new OpenAIEngine({ baseUrl: remote.baseUrl, model: remote.model, ...(apiKey ? { apiKey } : {}) }),
    // Locking or removing the key drops the remote engine that holds it.
    keys: keyLock,
    acknowledgeHost: (host) =>
      settings.update((s) => {
        if (!s.remote.acknowledgedHosts.includes(host)) s.remote.acknowledgedHosts.push(host);
      }),
  });

  // On-device retrieval: embeddings in the shared ML worker, vectors in IndexedDB, fused with
  // BM25. Without a usable embedding model it falls back to BM25 alone.
  if (settings.value.modelHost) void configureMlWorker({ remoteHost: settings.value.modelHost }).catch(() => undefined);
  const embedder = new WorkerEmbedder({ modelId: () => settings.value.embeddingModel });
  // One database connection for everything; without IndexedDB (memory mode) there is nowhere to
  // keep vectors, so search is BM25 alone.
  const vectorStore = db ? new IdbVectorStore(() => Promise.resolve(db)) : undefined;
  // A changed search model re-embeds stored passages on their next search; the shell shows it.
  const newRetriever = (): Retriever =>
    vectorStore
      ? new HybridRetriever(embedder, vectorStore, {
          onReindexProgress: (namespace, done, total, download) => core.searchIndex.report(namespace, done, total, download),
          onKeywordsOnly: (why) => core.searchIndex.searchMode(why),
        })
      : new Bm25Retriever();
  const retriever = newRetriever();
  const twinRetriever = newRetriever();
  const practice = new PracticeService({
    engine: () => engines.current(),
    repos,
    retriever,
    chunk: (text) => chunkText(text),
    clock: systemClock,
    ids: () => crypto.randomUUID(),
    remoteTokenBudget: () => settings.value.remoteTokenBudget,
  });

  // Voice: one recorder, speaker and transcriber (in the shared ML worker) for the whole app.
  const recorder = new MicRecorder();
  const speaker = new WebSpeechSpeaker();
  const transcriber = new WorkerTranscriber(sharedMlWorker, { modelSetting: () => settings.value.voice.whisperModel });

  const modelCache = new TransformersModelCache();
  const cachedFiles = async (modelId: string) => {
    const model = (await modelCache.summary()).models.find((m) => m.modelId === modelId);
    return { bytes: model?.bytes ?? 0, files: model?.files.map((f) => f.file) ?? [] };
  };
  // Read on every refresh of the Models screen: the rows follow the settings.
  const supportModels = new SupportModels(
    () => [
      {
        key: 'embedder',
        modelId: settings.value.embeddingModel,
        label: 'Search model',
        purpose: 'Finds the parts of your job description, resume and saved answers that matter for each question.',
        requiredFiles: [embeddingModelFiles()],
        cached: () => cachedFiles(settings.value.embeddingModel),
        prepare: async (onProgress) => void (await embedder.prepare(onProgress)),
        remove: async () => void (await modelCache.delete(settings.value.embeddingModel)),
      },
      // English interviews and the other languages use different Whisper models: one row each.
      ...speechModelRows(settings.value.voice.whisperModel).map((row) => ({
        key: row.key,
        modelId: row.modelId,
        label: row.label,
        purpose: row.purpose,
        requiredFiles: WHISPER_FILE_SETS,
        cached: () => cachedFiles(row.modelId),
        prepare: (onProgress: Parameters<typeof transcriber.prepare>[1]) => transcriber.prepare(row.prepareLanguage, onProgress),
        remove: async () => void (await modelCache.delete(row.modelId)),
      })),
    ],
    new RuntimeFilesCache(),
  );

  // Twin: its own retriever (Q&A and projects), the same engine choice as practice.
  const twinRanker = new RetrieverTwinRanker(twinRetriever, vectorStore ? embedder : undefined);
  const twinIds = () => crypto.randomUUID();
  // One tab owns an open interview or twin chat at a time (Web Locks; BroadcastChannel notices).
  const conversationLock = createBrowserConversationLock();
  const twin = new TwinState(
    new ProfileEditor({
      engine: () => engines.ready(),
      repos,
      ranker: twinRanker,
      files: { readQaCsv, readProjectMarkdown, readText: importTextFile },
      clock: systemClock,
      newId: twinIds,
    }),
    new TwinConversations({ engine: () => engines.ready(), repos, ranker: twinRanker, clock: systemClock, newId: twinIds }),
    {
      lock: conversationLock,
      engineIsRemote: () => settings.value.engine === 'remote',
      remoteTokenBudget: () => settings.value.remoteTokenBudget,
      onBusy: (value) => core.busy.set(value),
      remote: {
        host: () => engines.remoteHost(),
        needsNotice: () => engines.needsRemoteNotice(),
        acknowledge: () => engines.acknowledgeRemote(),
      },
    },
  );

  // Backups: one IndexedDB transaction per import when the database is open; through the
  // repositories in memory mode (export still works there).
  const data = new DataService({
    store: db ? createIdbBackupStore(db) : createRepositoryBackupStore(repos),
    appVersion: __APP_VERSION__,
    reloadSettings: async () => {
      await settings.load();
      applyTheme(settings.value.theme);
    },
    // Imported documents arrive without vectors: drop any stale index so the next search rebuilds it.
    onImported: async () => {
      retriever.invalidate?.();
    },
  });

  const features: FeatureServices = {
    setSearchModel: async (modelId) => {
      await settings.update((s) => {
        s.embeddingModel = modelId;
      });
      // Forget what each retriever loaded: the next search finds the vectors of the old model
      // and re-embeds them with the new one (with the status line), instead of searching none.
      for (const r of [retriever, twinRetriever]) r.invalidate?.();
      await supportModels.refresh();
    },
    data,
    keyLock,
    conversations: conversationLock,
    twin,
    supportModels,
    createVoice: (language) =>
      new VoiceController({
        recorder: () => recorder,
        transcriber: () => transcriber,
        speaker: () => speaker,
        settings: () => settings.value.voice,
        language,
      }),
    voices: () => speaker.voices(),
    engines,
    models,
    practice,
    // Answering questions again and the drill: sessions only, no engine (their turns are written by code).
    attempts: new PracticeAttempts({ repos, clock: systemClock, ids: () => crypto.randomUUID() }),
    // Coverage's one model request (merging near-duplicates) uses an engine already loaded, never loads one.
    coverage: new CoverageService({ repos, clock: systemClock, engine: () => engines.engine }),
    importText: importTextFile,
    acceptedTextFiles: ACCEPTED_TEXT_FILES,
    testRemote: async (remote) => {
      try {
        // A passphrase-protected key is tested when it is unlocked in this tab; locked, the lock says so.
        const apiKey = await keyLock.apiKey(remote);
        const result = await testRemoteConnection({
          baseUrl: remote.baseUrl,
          model: remote.model,
          ...(apiKey ? { apiKey } : {}),
        });
        return { ok: true, host: hostOf(remote.baseUrl), ...(result.models ? { models: result.models } : {}) };
      } catch (e) {
        return { ok: false, message: toAppError(e).message };
      }
    },
  };
  return features;
}
