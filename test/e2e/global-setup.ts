import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { speechWav } from './playwright.config';

/** Makes the spoken answer the fake microphone plays (espeak-ng), once per run. */
export default function globalSetup(): void {
  if (existsSync(speechWav)) return;
  mkdirSync(dirname(speechWav), { recursive: true });
  try {
    // Speech, then 4 s of silence so the recorder's silence detector can stop on its own.
    execFileSync('espeak-ng', [
      '-s',
      '150',
      '-w',
      `${speechWav}.raw.wav`,
      'I led the migration of our billing system to a new database with zero downtime.',
    ]);
    execFileSync('sox', [`${speechWav}.raw.wav`, '-r', '48000', '-c', '1', speechWav, 'pad', '0.5', '4']);
  } catch (e) {
    console.warn(`Could not make the fake-microphone WAV (espeak-ng and sox are needed for voice tests): ${String(e)}`);
  }
}
