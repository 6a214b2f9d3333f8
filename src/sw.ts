/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa, injectManifest). What it does:
 * - precaches the app shell and our small chunks; the heavy runtimes (WebLLM, the ONNX
 *   runtime wasm, pdf.js's worker) are cached on first use instead (CacheFirst,
 *   `rehearse-runtime`), so the install stays small and the first visit still works offline
 *   (the Models screen's "Download for offline use" also puts the ONNX runtime there);
 * - claims the page on first install so those first-use files are cached in that visit;
 *   a new version waits until the page sends SKIP_WAITING (the user's "Reload");
 * - adds the security headers to the pages and worker scripts it serves: the CSP, with the
 *   remote server and model mirror from settings in connect-src, and COOP/COEP, so the page
 *   and each worker get the policy and the page is cross-origin isolated on any host.
 */
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkOnly } from 'workbox-strategies';
import { ExpirationPlugin } from 'workbox-expiration';
import { clientsClaim } from 'workbox-core';
import type { WorkboxPlugin } from 'workbox-core/types';
import { needsSecurityHeaders, withSecurityHeaders } from './sw/security-headers';
import { configuredHosts } from './sw/configured-hosts';
import { isRuntimeAssetPath, RUNTIME_CACHE } from './domain/runtime-assets';

declare let self: ServiceWorkerGlobalScope;

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
clientsClaim();

const securityHeaders: WorkboxPlugin = {
  handlerWillRespond: async ({ request, response }) =>
    needsSecurityHeaders(request) ? withSecurityHeaders(response, await configuredHosts()) : response,
};

addPlugins([securityHeaders]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

// Our own heavy assets (onnxruntime wasm, model runtimes, workers): cached on first use for offline
// (the Models screen's download also puts the ONNX runtime here). `ignoreVary`: a host that
// answers `Vary: Origin` (vite preview) would otherwise miss offline, since a worker's module
// import and a page's fetch of the same hashed file differ in Origin.
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && isRuntimeAssetPath(url.pathname),
  new CacheFirst({
    cacheName: RUNTIME_CACHE,
    matchOptions: { ignoreVary: true },
    plugins: [new ExpirationPlugin({ maxEntries: 40 }), securityHeaders],
  }),
);

// Any other same-origin script a page or worker loads (a worker not precached): from the
// network, with the headers, so no worker ever runs without the policy.
registerRoute(
  ({ sameOrigin, request }) => sameOrigin && ['worker', 'sharedworker', 'script'].includes(request.destination),
  new NetworkOnly({ plugins: [securityHeaders] }),
);
