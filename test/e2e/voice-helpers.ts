/**
 * Helpers for the voice e2e spec: a private speech-dispatcher (so Chromium's speechSynthesis
 * really speaks, through espeak-ng, into an ALSA null sink), a spy on the real utterances,
 * a microphone that refuses, and writing the settings record before the app reads it.
 */
import { patchStoredSettings } from './idb-helpers';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { VoiceSettings } from '../../src/domain/records';

export interface SpeechDispatcher {
  /** Value for SPEECHD_ADDRESS, e.g. `unix_socket:/tmp/…/speechd.sock`. */
  address: string;
  stop(): void;
}

/**
 * Starts speech-dispatcher with its own config (espeak-ng only, audio into ALSA's null
 * device) on its own socket, so parallel runs and the host's audio setup don't matter.
 * Returns undefined when speech-dispatcher or its espeak-ng module is not installed.
 */
export async function startSpeechDispatcher(): Promise<SpeechDispatcher | undefined> {
  const moduleConf = '/etc/speech-dispatcher/modules/espeak-ng.conf';
  if (!existsSync('/usr/bin/speech-dispatcher') || !existsSync(moduleConf)) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'rehearse-speechd-'));
  mkdirSync(join(dir, 'modules'));
  copyFileSync(moduleConf, join(dir, 'modules', 'espeak-ng.conf'));
  writeFileSync(
    join(dir, 'speechd.conf'),
    [
      'LogLevel 2',
      'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"',
      'DefaultModule espeak-ng',
      'DefaultLanguage "en"',
      // No sound card on test machines: ALSA's null device accepts the audio and drops it.
      'AudioOutputMethod "alsa"',
      'AudioALSADevice "null"',
      '',
    ].join('\n'),
  );
  const socket = join(dir, 'speechd.sock');
  // -s: stay in the foreground as our child (stopped by its pid in stop()). -t 600: should the
  // test process die without stop(), it still exits after 10 minutes without clients.
  const child: ChildProcess = spawn('speech-dispatcher', ['-s', '-t', '600', '-C', dir, '-c', 'unix_socket', '-S', socket, '-L', dir], {
    cwd: dir,
    stdio: 'ignore',
  });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  if (!existsSync(socket)) {
    stop();
    return undefined;
  }
  return { address: `unix_socket:${socket}`, stop };
}

/** What the spy saw of one real utterance. */
export interface SpokenUtterance {
  text: string;
  events: string[];
}

declare global {
  interface Window {
    __spoken?: SpokenUtterance[];
  }
}

/**
 * Init script: records every utterance handed to the real `speechSynthesis.speak` and the
 * events the browser fires for it (start, end, error:<reason>). It only listens; the
 * utterance still goes to the real synthesizer.
 */
export async function spyOnSpeech(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const spoken: SpokenUtterance[] = [];
    window.__spoken = spoken;
    const speak = SpeechSynthesis.prototype.speak;
    SpeechSynthesis.prototype.speak = function (this: SpeechSynthesis, utterance: SpeechSynthesisUtterance) {
      const entry: SpokenUtterance = { text: utterance.text, events: [] };
      spoken.push(entry);
      utterance.addEventListener('start', () => entry.events.push('start'));
      utterance.addEventListener('end', () => entry.events.push('end'));
      utterance.addEventListener('error', (e) => entry.events.push(`error:${e.error}`));
      speak.call(this, utterance);
    };
  });
}

export const spokenUtterances = (page: Page): Promise<SpokenUtterance[]> => page.evaluate(() => window.__spoken ?? []);

/** Init script: the microphone is refused, as when the user blocks it for this site. */
export async function denyMicrophone(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const refuse = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    Object.defineProperty(MediaDevices.prototype, 'getUserMedia', { value: refuse, configurable: true });
  });
}

export interface TestSettings {
  /** Base URL of the fake OpenAI server (remote engine, host acknowledged). */
  remoteBaseUrl: string;
  /** Model mirror base URL (settings.modelHost). */
  modelHost: string;
  voice: Partial<VoiceSettings>;
}

/**
 * Writes the settings record the way the Settings screens save it, then reloads: the app
 * reads settings once at start-up. The first visit creates the database.
 */
export async function writeSettings(page: Page, settings: TestSettings): Promise<void> {
  await page.goto('/#/');
  await expect(page.locator('main h1').first()).toBeVisible();
  await patchStoredSettings(page, {
    engine: 'remote',
    remote: {
      presetId: 'custom',
      baseUrl: settings.remoteBaseUrl,
      model: 'fake-model',
      apiKey: 'test-key',
      acknowledgedHosts: [new URL(settings.remoteBaseUrl).host],
    },
    modelHost: settings.modelHost,
    voice: settings.voice,
  });
  await page.reload();
  await expect(page.locator('main h1').first()).toBeVisible();
}
