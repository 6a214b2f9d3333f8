/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { CSP } from './scripts/csp.mjs';
import { readFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** Adds the CSP meta to the built index.html only (the dev server needs inline HMR bits). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'rehearse-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      ),
  };
}

// Files over this size are never precached (model runtimes, wasm): they are cached at
// runtime the first time a local model is used, so the install stays small.
const LARGE_FILE_GLOBS = ['**/*.wasm', '**/ort-*.mjs', '**/webllm-lib-*.js', '**/llm.worker-*.js', '**/pdf.worker*'];

export default defineConfig({
  plugins: [
    svelte(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'icons/*.png'],
      manifest: {
        name: 'Rehearse — private interview coach',
        short_name: 'Rehearse',
        description:
          'Practise job interviews with an AI coach that runs entirely in your browser. Nothing leaves your device unless you choose a remote model.',
        theme_color: '#2f5d50',
        background_color: '#f7f6f2',
        display: 'standalone',
        start_url: './',
        scope: './',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: LARGE_FILE_GLOBS,
        navigateFallback: 'index.html',
        // Control the page from the first visit, so the model runtimes fetched in that visit
        // are cached for offline use too. (Updates still wait: no skipWaiting.)
        clientsClaim: true,
        runtimeCaching: [
          {
            // Our own heavy assets (onnxruntime wasm, model runtimes): cache on first use for offline.
            urlPattern: ({ url, sameOrigin }) =>
              sameOrigin && /\.(wasm|mjs)$|llm\.worker|webllm-lib|ml\.worker|transformers|pdf\.worker/.test(url.pathname),
            handler: 'CacheFirst',
            options: { cacheName: 'rehearse-runtime', expiration: { maxEntries: 40 } },
          },
        ],
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(version) },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 8000, manifest: true },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
