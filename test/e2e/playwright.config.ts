import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { findChromium } from '../../scripts/find-chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const port = Number(process.env.E2E_PORT ?? 4173);
const dist = process.env.E2E_DIST ?? 'dist';
const executablePath = process.env.CHROMIUM_PATH ?? findChromium() ?? undefined;
const baseURL = `http://127.0.0.1:${port}`;

// Flags that work headless on these machines (see SETUP-NOTES): no background traffic, no sandbox as root.
const common = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const speechWav = `${root}/test/.generated/speech.wav`;

export default defineConfig({
  testDir: '.',
  testMatch: ['**/*.spec.ts'],
  // One folder per port, so runs side by side (E2E_PORT) do not clear each other's screenshots.
  outputDir: `${root}/test-results${process.env.E2E_PORT ? `-${process.env.E2E_PORT}` : ''}`,
  fullyParallel: true,
  // A committed `.only` would silently skip the rest of the suite. Refused always (not only under CI);
  // E2E_ALLOW_ONLY=1 lets a developer focus one test locally.
  forbidOnly: !process.env.E2E_ALLOW_ONLY,
  workers: process.env.CI ? 2 : 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.E2E_JSON ? [['list'], ['json', { outputFile: process.env.E2E_JSON }]] : [['list']],
  globalSetup: './global-setup.ts',
  use: {
    baseURL,
    // The service worker precaches the whole app (megabytes) in every new context, which costs each
    // test seconds of CPU on a 2-core machine; tests of offline use and updates opt in to it.
    serviceWorkers: 'block',
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'app',
      testIgnore: [
        '**/webgpu.spec.ts',
        '**/local-mode.spec.ts',
        '**/local-warmup.spec.ts',
        '**/offline-interview.spec.ts',
        '**/voice.spec.ts',
      ],
      use: { browserName: 'chromium', launchOptions: { executablePath, args: [...common, '--disable-gpu'] } },
    },
    {
      // A SwiftShader WebGPU adapter appears with this flag (no shader-f16).
      name: 'webgpu',
      testMatch: ['**/webgpu.spec.ts', '**/local-mode.spec.ts', '**/local-warmup.spec.ts'],
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath,
          args: [...common, '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-angle=swiftshader'],
        },
      },
    },
    {
      // A whole interview offline, voice included: WebGPU for the local model and the fake microphone together.
      name: 'offline',
      testMatch: ['**/offline-interview.spec.ts'],
      use: {
        browserName: 'chromium',
        serviceWorkers: 'allow',
        permissions: ['microphone'],
        launchOptions: {
          executablePath,
          args: [
            ...common,
            '--enable-unsafe-webgpu',
            '--enable-features=Vulkan',
            '--use-angle=swiftshader',
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-audio-capture=${speechWav}%noloop`,
          ],
        },
      },
    },
    {
      // Fake microphone fed a WAV that espeak-ng spoke (made in global-setup); speech output via speech-dispatcher.
      name: 'voice',
      testMatch: ['**/voice.spec.ts'],
      use: {
        browserName: 'chromium',
        permissions: ['microphone'],
        launchOptions: {
          executablePath,
          args: [
            ...common,
            '--disable-gpu',
            '--use-fake-ui-for-media-stream',
            '--use-fake-device-for-media-stream',
            `--use-file-for-fake-audio-capture=${speechWav}%noloop`,
            '--enable-speech-dispatcher',
            '--autoplay-policy=no-user-gesture-required',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite preview --outDir ${dist} --port ${port} --strictPort --host 127.0.0.1`,
    cwd: root,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
