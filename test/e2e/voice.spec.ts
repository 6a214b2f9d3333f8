/**
 * Voice end to end in real Chromium (Playwright project `voice`):
 * - a fake microphone plays speech that espeak-ng spoke (+ 4 s of silence); the real
 *   MicRecorder's silence detector stops on its own; the real ML worker runs the real
 *   transformers.js Whisper pipeline on the tiny generated model, fetched from a local model
 *   mirror; the transcript lands in the answer box; the sent answer carries delivery
 *   metrics, survives a reload and shows in the report;
 * - interviewer replies are spoken through speech-dispatcher + espeak-ng (a private
 *   instance with a null audio sink) when "Speak replies" is on, and not at all when off;
 * - a refused microphone gives a clear message and typing still works;
 * - nothing but our own origin, the model mirror and the (fake) remote engine is contacted.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test as base, expect, expectAccessible } from './fixtures';
import { fakeOpenAIFixtures, type FakeOpenAIFixtures } from '../fake-openai/playwright';
import { TINY_WHISPER_ID, TINY_WHISPER_TEXT, tinyWhisperFiles } from '../fixtures/tiny-whisper';
import { startModelServer, type ModelServer } from './model-server';
import {
  denyMicrophone,
  spokenUtterances,
  spyOnSpeech,
  startSpeechDispatcher,
  writeSettings,
  type SpeechDispatcher,
} from './voice-helpers';
import { answer, conversation, fillSetup, interviewer, savedReplies, waitForReplies } from './practice-helpers';

const test = base.extend<FakeOpenAIFixtures>(fakeOpenAIFixtures);

/** What the tiny Whisper hears in any loud audio, as the app shows it (trimmed). */
const TRANSCRIPT = TINY_WHISPER_TEXT.trim();
/** The interviewer streams without delays: these tests are about voice, not streaming. */
const fastInterviewer = () => interviewer({ followUpAfter: [], wordDelayMs: 0 });

let models: ModelServer;
let speechd: SpeechDispatcher | undefined;

test.beforeAll(async () => {
  models = await startModelServer({ [TINY_WHISPER_ID]: tinyWhisperFiles() });
  // Before the browser starts: Chromium's libspeechd reads SPEECHD_ADDRESS from its environment.
  speechd = await startSpeechDispatcher();
  if (speechd) process.env.SPEECHD_ADDRESS = speechd.address;
});

test.afterAll(async () => {
  await models?.close();
  speechd?.stop();
});

/** Starts a 3-question interview and waits for the greeting (generous: other test runs may share the CPU). */
async function startInterview(page: Page): Promise<void> {
  await fillSetup(page, { questions: 3 });
  await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
  await expect(page).toHaveURL(/#\/interview\//);
  await waitForReplies(page, 1, 30_000);
}

const micButton = (page: Page, name: 'Start recording' | 'Stop recording') => page.getByRole('button', { name, exact: true });
const answerBox = (page: Page) => page.getByLabel('Your answer', { exact: true });
const userMessages = (page: Page) => conversation(page).locator(':scope > article[aria-label="You"]');

test('a spoken answer: fake mic → silence auto-stop → Whisper in the ML worker → saved with delivery metrics → report', async ({
  page,
  fakeOpenAI,
  requestLog,
}) => {
  test.setTimeout(150_000);
  fakeOpenAI.respondWith(fastInterviewer());
  await writeSettings(page, {
    remoteBaseUrl: fakeOpenAI.url,
    modelHost: models.url,
    voice: { speakReplies: false, handsFree: false, whisperModel: TINY_WHISPER_ID },
  });
  await startInterview(page);

  // Recording: the button turns into "Stop recording", the clock runs and the meter moves with the speech.
  await micButton(page, 'Start recording').click();
  await expect(micButton(page, 'Stop recording')).toHaveAttribute('aria-pressed', 'true');
  const meter = page.getByRole('meter', { name: 'Microphone level' });
  await expect(meter).toBeVisible();
  await expect.poll(async () => Number(await meter.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(10);

  // Nobody presses stop: the silence after the sentence ends the recording, then Whisper runs.
  await expect(meter).toBeHidden({ timeout: 20_000 });
  await expect(answerBox(page)).toHaveValue(TRANSCRIPT, { timeout: 90_000 });
  await expect(answerBox(page)).toBeFocused();
  await expect(micButton(page, 'Start recording')).toBeEnabled();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Sent as a spoken answer: delivery notes under it.
  await answerBox(page).press('Enter');
  const spoken = userMessages(page).last();
  await expect(spoken).toContainText(TRANSCRIPT);
  const delivery = spoken.getByRole('region', { name: 'Delivery' });
  // Five words ("whisper." carries the period); the span is within the ~9 s recording, not Whisper's 30 s window.
  await expect(delivery).toContainText(/Spoken for [\d.]+ s, 5 words\./);
  const spokenFor = Number(/Spoken for ([\d.]+) s/.exec((await delivery.textContent()) ?? '')?.[1]);
  expect(spokenFor).toBeGreaterThan(0);
  expect(spokenFor).toBeLessThan(12);
  await waitForReplies(page, 2);

  // Saved in IndexedDB: a reload shows the answer with its metrics again.
  await page.reload();
  await expect(userMessages(page).last()).toContainText(TRANSCRIPT);
  await expect(userMessages(page).last().getByRole('region', { name: 'Delivery' })).toContainText('5 words');

  // The report sums up how it was spoken: overall (with targets) and under the question.
  await page.getByRole('button', { name: 'Finish and get feedback' }).click();
  await expect(page).toHaveURL(/#\/report\//, { timeout: 30_000 });
  const overall = page.getByRole('region', { name: 'Delivery' });
  await expect(overall).toContainText('From 1 spoken answer.');
  await expect(overall.getByTestId('delivery-summary')).toContainText('Target: 120–160 words per minute.');
  const perQuestion = page.getByTestId('delivery');
  await expect(perQuestion).toHaveCount(1);
  const line = ((await perQuestion.textContent()) ?? '').replace(/\s+/g, ' ');
  // Five words over a few seconds: the numbers are shown, but pace and filler rate are not judged.
  const speaking = Number(/Speaking time\W*([\d.]+) s/.exec(line)?.[1]);
  expect(Math.abs(speaking - spokenFor)).toBeLessThanOrEqual(0.5);
  const wpm = Number(/Pace\W*(\d+) words per minute — too short to judge/.exec(line)?.[1]);
  expect(Math.abs(wpm - (5 * 60) / spokenFor) / wpm).toBeLessThan(0.05);
  expect(line).toMatch(/Filler words\W*0 per minute \(0 in all\) — none heard/);
  expect(line).toMatch(/Pauses over 2 s\W*\d+ —/);
  const longest = Number(/Longest pause\W*([\d.]+) s/.exec(line)?.[1]);
  expect(longest).toBeGreaterThanOrEqual(0);
  expect(longest).toBeLessThan(spokenFor);
  await expectAccessible(page, 'report with delivery (light)');
  // The Markdown export carries the same numbers: a Delivery table and the line under the question.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export Markdown' }).click()]);
  const markdown = await readFile((await download.path())!, 'utf8');
  expect(markdown).toContain('## Delivery\n\nFrom 1 spoken answer.');
  expect(markdown).toContain(`| Pace | ${wpm} words per minute | 120–160 words per minute | too short to judge |`);
  expect(markdown).toContain(
    `**Delivery:** Speaking time: ${speaking} s · Pace: ${wpm} words per minute · Filler words: 0 per minute (0 in all)`,
  );
  expect(markdown).toContain(`Longest pause: ${longest} s`);
  // Phone width and dark theme: nothing wider than the screen, still accessible.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expectAccessible(page, 'report with delivery (dark, 360 px)');
  await overall.screenshot({ path: test.info().outputPath('report-delivery-360-dark.png') });

  // Whisper came from the mirror (q8 weights on WASM), the ONNX runtime from our origin, nothing from elsewhere.
  expect(models.served(TINY_WHISPER_ID)).toEqual(
    expect.arrayContaining(['config.json', 'onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']),
  );
  const app = new URL(page.url()).origin;
  expect(requestLog.urls.some((u) => u.startsWith(app) && /ort-wasm-simd-threaded.*\.wasm$/.test(u))).toBe(true);
  expect(requestLog.foreign([models.url, new URL(fakeOpenAI.url).origin])).toEqual([]);
});

test('hands-free: the mic opens after each reply, silence sends the answer, and Alt+P pauses and resumes', async ({ page, fakeOpenAI }) => {
  test.setTimeout(150_000);
  fakeOpenAI.respondWith(fastInterviewer());
  // Replies are not read aloud here (that has its own test): the mic opens as soon as a reply is complete.
  await writeSettings(page, {
    remoteBaseUrl: fakeOpenAI.url,
    modelHost: models.url,
    voice: { speakReplies: false, handsFree: true, whisperModel: TINY_WHISPER_ID },
  });
  await startInterview(page);
  const bar = page.getByRole('group', { name: 'Hands-free' });

  // Nobody touches anything: the mic opens, the speech ends in silence, Whisper runs, the answer is sent.
  await expect(micButton(page, 'Stop recording')).toBeVisible({ timeout: 20_000 });
  await expect(bar).toContainText('Listening.');
  await expect(userMessages(page)).toHaveCount(1, { timeout: 90_000 });
  await expect(userMessages(page).last()).toContainText(TRANSCRIPT);
  await expect(userMessages(page).last().getByRole('region', { name: 'Delivery' })).toContainText('5 words');
  await waitForReplies(page, 2);

  // The next reply opens the mic again; Alt+P pauses: nothing more is sent by itself.
  await expect(micButton(page, 'Stop recording')).toBeVisible({ timeout: 20_000 });
  await page.keyboard.press('Alt+P');
  await expect(bar).toHaveAttribute('data-paused', 'true');
  await expect(bar).toContainText('Paused: nothing is sent by itself.');
  await expect(bar.getByRole('button', { name: 'Resume hands-free' })).toBeVisible();
  await expect(micButton(page, 'Start recording')).toBeEnabled({ timeout: 90_000 });
  await expect(userMessages(page)).toHaveCount(1);

  // Alt+P again: listening at once.
  await page.keyboard.press('Alt+P');
  await expect(bar).toHaveAttribute('data-paused', 'false');
  await expect(micButton(page, 'Stop recording')).toBeVisible();
  await expectAccessible(page, 'interview in hands-free mode');
});

test('replies are spoken through speech-dispatcher when "Speak replies" is on, and not when off', async ({ page, fakeOpenAI }) => {
  test.skip(!speechd, 'speech-dispatcher with its espeak-ng module is not installed');
  test.setTimeout(90_000);
  fakeOpenAI.respondWith(fastInterviewer());
  await spyOnSpeech(page);
  await writeSettings(page, { remoteBaseUrl: fakeOpenAI.url, modelHost: models.url, voice: { speakReplies: true, rate: 2 } });

  await startInterview(page);
  const greeting = (await savedReplies(page).first().innerText()).trim();
  // Sentence by sentence, each one really started and ended.
  await expect
    .poll(async () => (await spokenUtterances(page)).map((u) => `${u.text} → ${u.events.join(',')}`), { timeout: 30_000 })
    .toEqual([
      'Welcome, and thanks for making the time. → start,end',
      'This is a short practice interview. → start,end',
      expect.stringMatching(/^Tell me about .* → start,end$/),
    ]);
  const spoken = await spokenUtterances(page);
  expect(greeting).toContain(spoken.at(-1)!.text);
  // The voices are espeak-ng's, listed through speech-dispatcher (Chromium fills the list after the first utterance).
  const voices = await page.evaluate(() => speechSynthesis.getVoices().map((v) => v.name));
  expect(voices.some((name) => /espeak/i.test(name))).toBe(true);

  // "Speak replies" off (Settings → Voice): the next reply is shown, nothing is spoken.
  await page.goto('/#/settings');
  const speakReplies = page.getByRole('checkbox', { name: /Speak the interviewer’s replies/ });
  await speakReplies.uncheck();
  await expect(speakReplies).not.toBeChecked();
  await page.goBack();
  await waitForReplies(page, 1);
  const before = (await spokenUtterances(page)).length;
  // The greeting was read once: three sentences, not again each time the voice state changed.
  expect(before).toBe(3);
  await answer(page, 'I split the work into small steps and checked each one with the team.');
  await page.waitForTimeout(500);
  expect((await spokenUtterances(page)).length).toBe(before);

  // Read aloud still reads a reply on request (its accessible name is its visible text, for voice control).
  const reply = savedReplies(page).last();
  await reply.getByRole('button', { name: 'Read aloud', exact: true }).click();
  await expect
    .poll(async () => (await spokenUtterances(page)).slice(before).map((u) => `${u.text} → ${u.events.join(',')}`), { timeout: 20_000 })
    .toEqual(['Thank you. → start,end', 'Describe how you have helped a junior colleague grow. → start,end']);
  await expect(reply).toContainText('Thank you. Describe how you have helped a junior colleague grow.');
});

test('a refused microphone says how to allow it, and typing still works', async ({ page, fakeOpenAI }) => {
  test.setTimeout(60_000);
  fakeOpenAI.respondWith(fastInterviewer());
  const fetchedBefore = models.served(TINY_WHISPER_ID).length;
  await denyMicrophone(page);
  await writeSettings(page, {
    remoteBaseUrl: fakeOpenAI.url,
    modelHost: models.url,
    voice: { speakReplies: false, whisperModel: TINY_WHISPER_ID },
  });
  await startInterview(page);

  await answerBox(page).focus();
  await page.keyboard.press('Alt+M');
  const alert = page.getByRole('alert').filter({ hasText: 'Voice input did not work' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/microphone/i);
  await expect(alert).toContainText('You can always type your answer instead.');
  await expect(micButton(page, 'Start recording')).toBeEnabled();

  await answer(page, 'I would write it down and type it out.');
  await expect(userMessages(page).last().getByRole('region', { name: 'Delivery' })).toHaveCount(0);
  // No model was fetched for a recording that never happened.
  expect(models.served(TINY_WHISPER_ID).length).toBe(fetchedBefore);
});

test('Models screen: a speech model per interview language, sizes before download, a partial download read as such, delete asks first', async ({
  page,
  fakeOpenAI,
}) => {
  test.setTimeout(150_000);
  // The tiny model under the ids of the two models the app offers for Whisper Tiny.
  const ENGLISH = 'onnx-community/whisper-tiny.en_timestamped';
  const MULTILINGUAL = 'onnx-community/whisper-tiny_timestamped';
  const mirror = await startModelServer({ [ENGLISH]: tinyWhisperFiles(), [MULTILINGUAL]: tinyWhisperFiles() });
  try {
    await writeSettings(page, { remoteBaseUrl: fakeOpenAI.url, modelHost: mirror.url, voice: { whisperModel: MULTILINGUAL } });
    await page.goto('/#/models');
    const panel = page.getByRole('region', { name: 'Search and speech models' });
    const row = (label: string) => panel.getByRole('listitem').filter({ has: page.getByText(label, { exact: true }) });
    const english = row('Speech model for English interviews');
    const other = row('Speech model for other languages');
    const checklist = page.getByTestId('offline-checklist');
    const item = (label: string) => checklist.getByRole('listitem').filter({ hasText: `${label}:` });

    // Two rows, each its own model and expected size.
    await expect(english).toContainText(ENGLISH);
    await expect(other).toContainText(MULTILINGUAL);
    await expect(english.getByTestId('support-model-whisper-en')).toHaveText(
      'Not downloaded — about 45 MB, up to 125 MB on a graphics card',
    );
    await expect(other.getByTestId('support-model-whisper-other')).toHaveText(
      'Not downloaded — about 45 MB, up to 125 MB on a graphics card',
    );
    await expectAccessible(page, 'models with speech rows');

    // English only: the checklist says English is ready and other languages are not.
    await english.getByRole('button', { name: 'Download for offline use' }).click();
    await expect(english.getByTestId('support-model-whisper-en')).toHaveText(/^Downloaded \(\d/, { timeout: 60_000 });
    expect(mirror.served(ENGLISH)).toEqual(
      expect.arrayContaining(['onnx/encoder_model_quantized.onnx', 'onnx/decoder_model_merged_quantized.onnx']),
    );
    expect(mirror.served(MULTILINGUAL)).toEqual([]);
    await expect(item('Speech model for English interviews')).toHaveAttribute('data-ready', 'true');
    await expect(item('Speech model for other languages')).toHaveAttribute('data-ready', 'false');
    await expect(item('Speech model for other languages')).toContainText('only needed for interviews in other languages');

    // A download cut short (one file never arrived) is not "Downloaded".
    await page.evaluate(async (id) => {
      const cache = await caches.open('transformers-cache');
      for (const request of await cache.keys()) {
        if (request.url.includes(`/${id}/`) && request.url.includes('decoder_model_merged')) await cache.delete(request);
      }
    }, ENGLISH);
    await page.reload();
    await expect(english.getByTestId('support-model-whisper-en')).toHaveText(
      /^Partly downloaded \(.+ so far\) — download again to finish$/,
    );
    await expect(item('Speech model for English interviews')).toHaveAttribute('data-ready', 'false');
    await english.getByRole('button', { name: 'Finish download' }).click();
    await expect(english.getByTestId('support-model-whisper-en')).toHaveText(/^Downloaded \(\d/, { timeout: 60_000 });
    await expect(item('Speech model for English interviews')).toHaveAttribute('data-ready', 'true');

    // Delete asks first, names the model and says it comes back when needed; Cancel keeps it.
    await english.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the speech model for English interviews?' });
    await expect(dialog).toContainText(ENGLISH);
    await expect(dialog).toContainText('It downloads again the next time it is needed');
    await expectAccessible(page, 'models: delete speech model');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(english.getByTestId('support-model-whisper-en')).toHaveText(/^Downloaded/);
    await english.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(dialog).toBeHidden();
    await expect(english.getByTestId('support-model-whisper-en')).toHaveText(
      'Not downloaded — about 45 MB, up to 125 MB on a graphics card',
    );
    expect(
      await page.evaluate(
        async (id) => (await (await caches.open('transformers-cache')).keys()).filter((r) => r.url.includes(`/${id}/`)).length,
        ENGLISH,
      ),
    ).toBe(0);
  } finally {
    await mirror.close();
  }
});
