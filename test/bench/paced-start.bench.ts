/**
 * Start → first question in the browser, against an engine paced like a mid laptop (issue 14;
 * measured and printed, never asserted). The built app in headless Chromium talks to the fake
 * OpenAI-compatible server as to a remote engine; the server answers with the turn-latency
 * benchmark's scripted replies (test/bench/kv/replies.ts) and paces them like a local model
 * at 400 prefill / 20 decode tokens per second: before the first word it waits for what
 * WebLLM would prefill (WebLLMCacheBook: the whole prompt, or only the new round when the
 * request continues the previous one), then streams at 20 tokens/s; one request at a time.
 * Measured from the click on Start until question 1's text is on screen, and from sending
 * each of the first two answers until the interviewer's next words appear.
 * Needs a build (`npm run bench` builds first; $E2E_DIST picks the folder). Writes the
 * "paced-start" section of docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { test } from 'vitest';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { patchStoredSettings } from '../e2e/idb-helpers';
import { serveStatic } from '../e2e/static-server';
import { toWebLLMMessages } from '../../src/adapters/llm/webllm-engine';
import { loadTokenCounter } from '../../src/domain/tokens';
import type { ChatMessage } from '../../src/domain/chat';
import { WebLLMCacheBook } from '../doubles/webllm-reuse-rule';
import { startFakeOpenAI, type FakeReply } from '../fake-openai/server';
import { practiceResponder } from './kv/replies';
import { KV_JOB_DESCRIPTION, KV_QUESTION_COUNT, KV_QUESTIONS, KV_RESUME, answerText } from './fixtures/kv-material';
import { today, writeBenchSection } from './write-section';

const DIST = resolve(process.env.E2E_DIST ?? 'dist');
const PREFILL_PER_S = 400;
const DECODE_PER_S = 20;
const ANSWERS = 2;
/** How long the candidate takes to answer after the reply (reading and typing); the Node benchmark uses 30 s. */
const THINK_MS = 20_000;

interface Served {
  /** performance.now() when the request arrived, and when the paced engine was done with it. */
  at: number;
  done: number;
  text: string;
  prefilled: number;
  decoded: number;
  reused: boolean;
}

test('Start → first question in the browser, engine paced at 400/20', async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error(`No built app in ${DIST}: run \`npm run bench\` (it builds first) or \`npx vite build\`.`);
  const executablePath: string | null = findChromium();
  if (!executablePath) throw new Error('No Chromium found: set CHROMIUM_PATH (see scripts/find-chromium.mjs).');
  const count = await loadTokenCounter();
  const book = new WebLLMCacheBook(count);
  const script = practiceResponder(count);
  const served: Served[] = [];
  let busyUntil = 0;
  const app = await serveStatic(DIST);
  const fake = await startFakeOpenAI();
  fake.respondWith((request): FakeReply => {
    const messages = toWebLLMMessages(request.messages.map((m) => ({ role: m.role, content: m.content }) as ChatMessage));
    const turn = book.begin(messages);
    const reply = script({ messages: request.messages as ChatMessage[], json: request.json }, served.length);
    const text = typeof reply === 'string' ? reply : reply.text;
    const decoded = count(text);
    // Paced like the device, one request at a time: wait for the engine, prefill, then decode.
    const now = performance.now();
    const delayMs = Math.max(0, busyUntil - now) + (turn.prefilled / PREFILL_PER_S) * 1000;
    const words = text.match(/\s*\S+\s*/g)?.length ?? 1;
    const wordDelayMs = ((decoded / words) * 1000) / DECODE_PER_S;
    busyUntil = now + delayMs + (decoded / DECODE_PER_S) * 1000;
    // Served in full: the reply the engine holds is the whole text.
    turn.finish(text, 'stop');
    served.push({ at: now, done: busyUntil, text, prefilled: turn.prefilled, decoded, reused: turn.verdict.reused });
    return { text, delayMs, wordDelayMs, steady: true };
  });
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  const version = browser.version();
  const results: { label: string; seconds: number; requests: Served[]; pageSeconds: string }[] = [];
  /** The page's own time on the path: before the first request, and between one request's end and the next. */
  const pageTime = (startedAt: number, requests: Served[]) => {
    const gaps = requests.map((q, i) => Math.max(0, q.at - (i === 0 ? startedAt : requests[i - 1]!.done)) / 1000);
    return `${(gaps[0] ?? 0).toFixed(1)} s + ${gaps
      .slice(1)
      .reduce((a, b) => a + b, 0)
      .toFixed(1)} s`;
  };
  try {
    const context = await browser.newContext({ baseURL: app.url, serviceWorkers: 'block' });
    // The search model cannot be downloaded here; failing at once keeps the retriever on BM25.
    await context.route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
    const page = await context.newPage();
    await page.goto('/#/');
    await page.locator('main h1').first().waitFor();
    await patchStoredSettings(page, {
      engine: 'remote',
      remote: {
        presetId: 'custom',
        baseUrl: fake.url,
        model: 'fake-model',
        apiKey: 'test-key',
        acknowledgedHosts: [new URL(fake.url).host],
      },
    });
    await page.reload();
    await page.goto('/#/practice');
    await page.getByLabel('Job description', { exact: true }).fill(KV_JOB_DESCRIPTION);
    await page.getByLabel(/^Your resume/).fill(KV_RESUME);
    await page.getByRole('radio', { name: /^Professional/ }).check();
    await page.getByLabel('Questions', { exact: true }).fill(String(KV_QUESTION_COUNT));
    const log = page.getByRole('log', { name: 'Conversation' });
    const shows = (text: string) => log.getByText(text.slice(0, 40), { exact: false }).last();

    let from = served.length;
    const started = performance.now();
    await page.getByRole('button', { name: /^Start a \d+-question/ }).click();
    await shows(KV_QUESTIONS[0]!.text).waitFor({ timeout: 120_000 });
    console.log(
      'arrivals after Start (s):',
      served
        .slice(from)
        .map((q) => ((q.at - started) / 1000).toFixed(1))
        .join(', '),
    );
    results.push({
      label: 'Start → question 1 on screen',
      seconds: (performance.now() - started) / 1000,
      requests: served.slice(from),
      pageSeconds: pageTime(started, served.slice(from)),
    });
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    await stop.waitFor({ state: 'detached', timeout: 120_000 });

    for (let n = 0; n < ANSWERS; n++) {
      // The candidate reads the question and answers: meanwhile the engine writes the rest of the
      // guideline in the background (an answer sent before it is done waits for it).
      await page.waitForTimeout(THINK_MS);
      from = served.length;
      const box = page.getByLabel('Your answer');
      await box.fill(answerText(n));
      const sent = performance.now();
      await box.press('Enter');
      // The next reply's first words on screen (the marker is never shown).
      while (served.length === from) await new Promise((resolve) => setTimeout(resolve, 20));
      const reply = served.at(-1)!.text.replace(/^\[(NEXT|FOLLOW-UP)\]\s*/, '');
      await shows(reply.split(' ').slice(0, 3).join(' ')).waitFor({ timeout: 120_000 });
      results.push({
        label: `answer ${n + 1} sent → interviewer's first words`,
        seconds: (performance.now() - sent) / 1000,
        requests: served.slice(from),
        pageSeconds: pageTime(sent, served.slice(from)),
      });
      await stop.waitFor({ state: 'detached', timeout: 120_000 });
    }
    await context.close();
  } finally {
    await browser.close();
    await fake.close();
    await app.close();
  }
  const rows = [
    '| In the browser, engine paced at 400/20 | seconds | of which the page: before the first request + between requests | requests: tokens prefilled / decoded (continued the cache?) | goal |',
    '|---|---|---|---|---|',
    ...results.map(
      (r, i) =>
        `| ${r.label} | ${r.seconds.toFixed(1)} s | ${r.pageSeconds} | ${r.requests.map((q) => `${q.prefilled} / ${q.decoded} (${q.reused ? 'yes' : 'no'})`).join(' · ')} | ${i === 0 ? `< 12 s: ${r.seconds < 12 ? 'met' : 'missed'}` : `< 2 s median, < 5 s worst (see the Node table)`} |`,
    ),
  ].join('\n');
  console.log(rows);
  writeBenchSection(
    'paced-start',
    `## Start → first question in the browser (paced engine)

Measured ${today()} with headless Chromium ${version} (\`npx vitest run --config test/bench/vitest.config.ts test/bench/paced-start.bench.ts\`, after a build). The built app talks to the fake OpenAI-compatible server as a remote engine (custom preset, 8,192-token window); the server answers with the scripted replies of the turn-latency benchmark (the same ${KV_JOB_DESCRIPTION.length.toLocaleString('en-US')}-character job description, ${KV_RESUME.length.toLocaleString('en-US')}-character resume and ${KV_QUESTION_COUNT} questions) and paces each request like a local model at ${PREFILL_PER_S} prefill / ${DECODE_PER_S} decode tokens per second: before the first word it waits for what WebLLM would prefill under its cache reuse rule (\`WebLLMCacheBook\`, applied to the messages as our WebLLM adapter would send them), then streams at ${DECODE_PER_S} tokens/s on a fixed schedule (word i at i word-times after the first, so the Node timers' lateness does not add up over a reply), one request at a time. The candidate answers ${THINK_MS / 1000} s after each reply is complete (the rest of the guideline is written meanwhile; an answer sent sooner waits for it). The seconds include the page's own work (opening the interview screen, indexing, retrieval, validation, saving, rendering) and Playwright's click (about 0.1 s), shown in their own column; that column varies with the machine's load (this run: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(0)} at the end).

${rows}`,
  );
});
