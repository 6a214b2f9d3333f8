// Finds a Chromium for the browser tests, installing one when none is found:
// Debian's package as root (this project's machines cannot download Playwright's own builds),
// otherwise Playwright's installer.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from './find-chromium.mjs';

export function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('No Chromium found: installing Debian’s chromium with apt-get (needed for the browser tests)…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } else {
    console.log('No Chromium found: installing Playwright’s Chromium with `npx playwright install chromium`…');
    execSync('npx playwright install chromium', { stdio: 'inherit' });
  }
  const installed = findChromium();
  if (!installed) throw new Error('Could not find or install Chromium. Set CHROMIUM_PATH to a Chromium or Chrome binary.');
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(ensureChromium());
