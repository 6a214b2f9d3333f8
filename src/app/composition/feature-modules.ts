/**
 * The feature half's modules, loaded in stages, each evaluated in a task of its own: evaluated
 * together they were one main-thread task of 100+ ms (zod schemas, Svelte components, the
 * chunks' preload links) while the setup screen opened and the local engine started loading.
 * Engines come first: the setup screen's warm-up needs them.
 */

/** A task boundary: the browser paints and handles input before the next stage's modules run. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

const stages = [
  () =>
    Promise.all([
      import('../../adapters/llm/openai-engine'),
      import('../../adapters/llm/webllm-engine'),
      import('../../adapters/llm/prompt-api-engine'),
      import('../../domain/remote-presets'),
      import('../../ports/clock'),
      import('../engine-provider.svelte'),
      import('../model-manager.svelte'),
      import('../../adapters/crypto/key-vault'),
      import('../key-lock.svelte'),
      import('../../adapters/storage/erase-signal'),
    ]),
  () =>
    Promise.all([
      import('../../adapters/ml/embedder-client'),
      import('../../adapters/storage/idb-vector-store'),
      import('../../adapters/files/import-text'),
      import('../../domain/retrieval/chunking'),
      import('../practice/practice-service'),
      import('../hybrid-retriever'),
      import('../../domain/retrieval/bm25-retriever'),
    ]),
  () =>
    Promise.all([
      import('../../adapters/speech/recorder'),
      import('../../adapters/speech/web-speech-speaker'),
      import('../../adapters/ml/transcriber-client'),
      import('../voice-controller.svelte'),
      import('../../adapters/ml/model-cache'),
      import('../support-models.svelte'),
      import('../../adapters/ml/runtime-files'),
      import('../../domain/voice/whisper-models'),
      import('../coaching/practice-attempts'),
      import('../coaching/coverage-service'),
    ]),
  () =>
    Promise.all([
      import('../twin/profile-editor'),
      import('../twin/conversations'),
      import('../twin/twin-state.svelte'),
      import('../twin/twin-ranker'),
      import('../../adapters/files/csv-import'),
      import('../../adapters/files/project-markdown'),
      import('../../adapters/storage/backup-io'),
      import('../data-service'),
      import('../../adapters/tabs/conversation-lock'),
    ]),
] as const;

type Stage = (typeof stages)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every export of every feature module, by name (no two of them export the same name). */
export type FeatureModules = UnionToIntersection<Awaited<ReturnType<Stage>>[number]>;

export async function loadFeatureModules(): Promise<FeatureModules> {
  const merged: Record<string, unknown> = {};
  for (const [i, stage] of stages.entries()) {
    if (i > 0) await nextTask();
    for (const module of await stage())
      for (const [name, value] of Object.entries(module)) {
        // Merging by name: a second module exporting the same name would silently replace the first.
        if (name in merged) throw new Error(`Two feature modules export "${name}"`);
        merged[name] = value;
      }
  }
  return merged as FeatureModules;
}
