/**
 * The one door to `@mlc-ai/web-llm` on the main thread. Import it ONLY with dynamic
 * `import('./webllm-lib')`: the library is 6 MB and the first page must not load it.
 * It exists so the lazy chunk is named `webllm-lib-*.js` (the build's large-file globs
 * keep it out of the service-worker precache by that name).
 */
export { CreateWebWorkerMLCEngine, deleteModelAllInfoInCache, hasModelInCache, prebuiltAppConfig } from '@mlc-ai/web-llm';
