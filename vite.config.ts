/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import type { Plugin } from 'vite';
import { contentSecurityPolicy as policy, securityHeaders } from './src/domain/content-security-policy.ts';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * Adds a CSP <meta> to the built index.html: the fallback for a host that sends no header
 * before the service worker controls the page. It does not reach workers; the header does
 * (see docs/architecture.md, Privacy and security rules, and README "Security").
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'rehearse-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy({ meta: true })}" />`,
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
      // Our own service worker (src/sw.ts): it also sets the security headers on what it serves.
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
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
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        globIgnores: LARGE_FILE_GLOBS,
      },
    }),
  ],
  define: { __APP_VERSION__: JSON.stringify(version) },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 8000, manifest: true },
  // The same headers as public/_headers and the service worker: CSP for the page and its
  // workers, COOP/COEP for cross-origin isolation (several WASM threads for the CPU models).
  server: { headers: securityHeaders({ dev: true }) },
  preview: { host: '127.0.0.1', port: 4173, headers: securityHeaders() },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // Threads, one per core (Vitest's default leaves one core to its main process, so a 2-core
    // machine ran the files one at a time): the unit stage took 90 s there, now about 60 s.
    pool: 'threads',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files share their worker's module cache instead of re-importing every module per file:
    // importing was most of the unit stage (54 s → 20 s on 2 cores). Tests reset what they change
    // (stubbed globals, their own databases); shuffled orders (--sequence.shuffle) stay green.
    isolate: false,
    // A committed `.only` would silently skip the rest of the suite: refused everywhere, not only
    // under CI (VITEST_ALLOW_ONLY=1 lets a developer focus one test locally).
    allowOnly: Boolean(process.env.VITEST_ALLOW_ONLY),
  },
});
