// Browser + end-to-end tests: builds the app (into $E2E_DIST, default dist), finds or installs
// Chromium, and runs Playwright against `vite preview` on $E2E_PORT (default 4173).
// Usage: node scripts/e2e.mjs [playwright args, e.g. a spec file or --project app]
import { spawnSync } from 'node:child_process';
import { ensureChromium } from './ensure-chromium.mjs';

const dist = process.env.E2E_DIST ?? 'dist';
const env = { ...process.env, CHROMIUM_PATH: ensureChromium(), E2E_DIST: dist };

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(run.status ?? 1);
