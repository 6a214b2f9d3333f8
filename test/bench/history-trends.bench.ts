/**
 * History with 1,000 finished interviews, and the first page's JavaScript (issue 16; measured
 * and printed, never asserted).
 *
 * 1. The built app in headless Chromium, its IndexedDB seeded with 1,000 generated finished
 *    interviews (six questions each, a full report, a two-kilobyte job description; two in three
 *    answered by voice, with metrics and timed words). A PerformanceObserver installed before the
 *    app loads records every main-thread long task. Measured: opening History from Home until the
 *    list and every skill chart are drawn, then opening the delivery view until its three charts
 *    are drawn (it reads the spoken answers then), and a cold load of #/history for comparison.
 *    Goal: no task over 50 ms.
 * 2. The first page: every script the home page requests (service worker blocked, so nothing is
 *    precached behind it), each gzip -9 compressed as served. Goal: under 50 KB gzip.
 *
 * Needs `dist` (or $E2E_DIST): `npm run bench` builds it first. Writes the "history-trends"
 * section of docs/benchmarks.md.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright';
import { test } from 'vitest';
import { findChromium } from '../../scripts/find-chromium.mjs';
import { serveStatic } from '../e2e/static-server';
import { today, writeBenchSection } from './write-section';

const SESSIONS = 1_000;
const LONG_TASK_GOAL_MS = 50;
const FIRST_PAGE_GOAL_KB = 50;
const DIST = resolve(process.env.E2E_DIST ?? 'dist');

function installObservers(): void {
  const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** Writes `count` finished interviews and their messages into the app's database, generated in the page. */
async function seed(page: Page, count: number): Promise<void> {
  await page.evaluate(async (count) => {
    let state = 42;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const words = (n: number) =>
      Array.from({ length: n }, (_, i) => ['system', 'latency', 'team', 'deploy', 'metric', 'customer', 'review'][i % 7]).join(' ');
    const jobs = ['Senior Backend Engineer', 'Staff Data Engineer', 'Engineering Manager', 'Site Reliability Engineer', 'Product Engineer'];
    const types = ['behavioral', 'professional', 'resume'] as const;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('rehearse');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const start = Date.UTC(2025, 0, 1);
    for (let batch = 0; batch < count; batch += 50) {
      const tx = db.transaction(['sessions', 'sessionSummaries', 'messages'], 'readwrite');
      for (let i = batch; i < Math.min(count, batch + 50); i++) {
        const id = `bench-${i}`;
        const at = start + i * 17 * 3_600_000;
        const job = jobs[i % jobs.length]!;
        const score = (base: number) => Math.max(0, Math.min(10, Math.round(base + random() * 4 - 2 + i / 400)));
        const questions = Array.from({ length: 6 }, (_, q) => ({
          id: `q${q}`,
          text: `Question ${q}: tell me about ${words(12)}?`,
          topic: 'topic',
          requirement: `Requirement ${q} ${words(8)}`,
          requirementQuoted: true,
        }));
        const session = {
          id,
          mode: 'practice',
          title: `${types[i % 3]} · ${job}`,
          status: 'finished',
          createdAt: at,
          updatedAt: at + 1_800_000,
          usage: { promptTokens: 9000, completionTokens: 3000, totalTokens: 12000 },
          engines: [{ at, engineId: 'remote:groq', label: 'Groq · Llama-3.3-70B' }],
          jobKey: `job-${i % jobs.length}`,
          setup: {
            jobDescription: `${job}\n${words(300)}`,
            resume: words(300),
            type: types[i % 3],
            questionCount: 6,
            style: 'neutral',
            language: 'en',
          },
          guideline: { questions, groundedIn: ['c1', 'c2'] },
          interviewState: { phase: 'finished', asked: [0, 1, 2, 3, 4, 5] },
          feedback: {
            overallScore: Math.round(50 + random() * 30 + i / 50),
            summary: words(70),
            categories: { relevance: score(6), depth: score(5), structure: score(5), clarity: score(6), confidence: score(6) },
            questions: questions.map((q) => ({
              questionId: q.id,
              question: q.text,
              requirement: q.requirement,
              score: score(6),
              evidence: [words(10), words(8)],
              strengths: [words(12)],
              improvements: [words(14)],
              sampleAnswer: words(110),
            })),
            strengths: [words(10), words(10)],
            improvements: [words(10), words(10)],
            engineId: 'remote:groq',
            createdAt: at + 1_800_000,
          },
        };
        tx.objectStore('sessions').put(session);
        // Its summary, as the app writes it with every session (domain/session-summary's
        // sessionSummaryOf; this runs in the page, which cannot import it).
        tx.objectStore('sessionSummaries').put({
          id,
          mode: session.mode,
          title: session.title,
          status: session.status,
          createdAt: session.createdAt,
          updatedAt: session.updatedAt,
          revision: 0,
          jobKey: session.jobKey,
          jobTitle: job,
          type: session.setup.type,
          questionCount: 6,
          language: 'en',
          style: session.setup.style,
          feedback: { overallScore: session.feedback.overallScore, categories: session.feedback.categories },
          scoredAt: session.feedback.createdAt,
          questions: session.feedback.questions.map((q) => ({ id: q.questionId, score: q.score })),
        });
        const spoken = i % 3 !== 2;
        for (let m = 0; m < 13; m++) {
          const answer = m % 2 === 1;
          const duration = 50 + random() * 40;
          const n = 150;
          tx.objectStore('messages').put({
            id: `${id}-m${m}`,
            sessionId: id,
            index: m,
            role: answer ? 'user' : 'assistant',
            text: answer ? words(n) : `Question ${m}: tell me about ${words(20)}?`,
            createdAt: at + m * 60_000,
            questionIndex: Math.floor(m / 2),
            kind: answer ? 'answer' : m === 12 ? 'closing' : 'question',
            ...(answer && spoken
              ? {
                  spoken: true,
                  metrics: {
                    durationSeconds: duration,
                    wordCount: n,
                    wordsPerMinute: (n / duration) * 60,
                    fillerCount: Math.round(random() * 6),
                    fillersPerMinute: 3,
                    fillers: { um: 2, like: 1 },
                    pausesOver2s: Math.round(random() * 3),
                    longestPauseSeconds: 2.4,
                  },
                  words: Array.from({ length: n }, (_, w) => ({ text: 'word', start: w * 0.4, end: w * 0.4 + 0.3 })),
                }
              : {}),
          });
        }
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
    db.close();
  }, count);
}

const takeLongTasks = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    const tasks = w.__longTasks.map((t) => t.duration);
    w.__longTasks = [];
    return tasks;
  });

/** Two frames and a quiet moment, so a task still running after the last element appeared is counted. */
const settle = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 300)))));

interface Step {
  label: string;
  ms: number;
  /** Wall-clock durations of the long tasks the PerformanceObserver saw. */
  longTasks: number[];
  /** CPU time (thread time) of the main-thread tasks over 50 ms wall in the trace, longest first. */
  longTaskCpu: number[];
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * Runs `action` (which returns once the step is drawn) under the long-task observer; `traced`,
 * also under a trace, whose thread times say how much of a long task was CPU work (on a machine
 * shared with other work a task's wall time includes waiting for a core). Tracing itself costs
 * the page work, so the long tasks the goal counts come from the untraced pass.
 */
async function measureStep(browser: Browser, page: Page, traced: boolean, label: string, action: () => Promise<void>): Promise<Step> {
  await settle(page);
  await takeLongTasks(page);
  if (traced) await browser.startTracing(page, { categories: ['toplevel', 'disabled-by-default-devtools.timeline'] });
  const t0 = Date.now();
  await action();
  const ms = Date.now() - t0;
  await settle(page);
  const longTasks = await takeLongTasks(page);
  if (!traced) return { label, ms, longTasks, longTaskCpu: [] };
  const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
  // The page's renderer main thread: of the threads named CrRendererMain, the busiest.
  const busy = new Map<string, number>();
  const mains = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  for (const e of events)
    if (e.name === 'RunTask' && mains.has(`${e.pid}:${e.tid}`))
      busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
  const main = [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const longTaskCpu = events
    .filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) > LONG_TASK_GOAL_MS * 1000)
    .map((e) => (e.tdur ?? 0) / 1000)
    .sort((a, b) => b - a);
  return { label, ms, longTasks, longTaskCpu };
}

async function measureHistory(browser: Browser, appUrl: string, traced: boolean): Promise<Step[]> {
  const context = await browser.newContext({ baseURL: appUrl, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(installObservers);
  const steps: Step[] = [];
  try {
    await page.goto('/#/');
    await page.locator('main h1').first().waitFor();
    await seed(page, SESSIONS);
    const trends = page.getByRole('region', { name: 'Progress over time' });
    const charts = trends.locator('svg[role="img"]');
    // Home with that history: its recent list and the drill line (the queue of weak questions,
    // derived from every interview's question scores).
    await page.goto('about:blank');
    steps.push(
      await measureStep(browser, page, traced, 'cold load of Home: recent interviews and "Due for practice"', async () => {
        await page.goto('/#/');
        await page.getByTestId('drill-due').waitFor();
      }),
    );

    // Opening History from Home: the screen, its list and every skill chart.
    steps.push(
      await measureStep(
        browser,
        page,
        traced,
        `open History from Home: list and 6 skill charts of ${SESSIONS.toLocaleString('en')} interviews`,
        async () => {
          await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
          await charts.nth(5).waitFor();
        },
      ),
    );
    // The delivery view: reads the spoken answers of every interview, then draws 3 charts.
    steps.push(
      await measureStep(browser, page, traced, 'open the delivery view: read spoken answers, draw pace, fillers, pauses', async () => {
        await trends.getByText('Delivery of spoken answers over time').click();
        await charts.nth(8).waitFor({ timeout: 120_000 });
      }),
    );
    // A filter change redraws every chart (the delivery figures come from memory now).
    steps.push(
      await measureStep(browser, page, traced, 'filter by type (behavioral): redraw skill and delivery charts', async () => {
        await trends.getByLabel('Interview type').selectOption('behavioral');
        const behavioral = Math.ceil(SESSIONS / 3); // every third interview, from the first
        await trends.locator(`svg[role="img"][aria-label*="${behavioral} spoken interviews"]`).first().waitFor();
      }),
    );
    // One job's coverage, from History's link: reads that job's interviews (and attempts) only.
    steps.push(
      await measureStep(browser, page, traced, 'open one job’s requirement coverage from History', async () => {
        await page
          .getByRole('link', { name: /^Requirement coverage for / })
          .first()
          .click();
        await page.getByRole('heading', { level: 1, name: 'Requirements you have covered' }).waitFor();
        await page.locator('.coverage p.hint').first().waitFor();
      }),
    );
    // For comparison: loading the app straight on #/history (start-up included).
    await page.goto('about:blank');
    steps.push(
      await measureStep(browser, page, traced, 'cold load of #/history (app start-up included)', async () => {
        await page.goto('/#/history');
        await charts.nth(5).waitFor();
      }),
    );
  } finally {
    await context.close();
  }
  return steps;
}

async function measureFirstPage(browser: Browser, appUrl: string): Promise<{ file: string; raw: number; gzip: number }[]> {
  const context = await browser.newContext({ baseURL: appUrl, serviceWorkers: 'block' });
  const page = await context.newPage();
  const pending: Promise<{ file: string; raw: number; gzip: number }>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response
        .body()
        .then((body) => ({ file: new URL(response.url()).pathname.slice(1), raw: body.length, gzip: gzipSync(body, { level: 9 }).length })),
    );
  });
  try {
    await page.goto('/#/');
    await page.locator('main h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    return (await Promise.all(pending)).sort((a, b) => b.gzip - a.gzip);
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

test('History with 1,000 interviews, and the first page', async () => {
  if (!existsSync(join(DIST, 'index.html')))
    throw new Error(`No built app in ${DIST}: run \`npm run bench\` (it builds first) or \`npx vite build\`.`);
  const executablePath: string | null = findChromium();
  if (!executablePath) throw new Error('No Chromium found: set CHROMIUM_PATH (see scripts/find-chromium.mjs).');
  const app = await serveStatic(DIST);
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-gpu',
    ],
  });
  const version = browser.version();
  let steps: Step[];
  let tracedSteps: Step[];
  let scripts: { file: string; raw: number; gzip: number }[];
  try {
    scripts = await measureFirstPage(browser, app.url);
    steps = await measureHistory(browser, app.url, false);
    tracedSteps = await measureHistory(browser, app.url, true);
  } finally {
    await browser.close();
    await app.close();
  }
  const gzip = scripts.reduce((sum, s) => sum + s.gzip, 0);
  const raw = scripts.reduce((sum, s) => sum + s.raw, 0);
  const rows = steps.map((s, i) => {
    const longest = s.longTasks.length ? Math.max(...s.longTasks) : 0;
    const traced = tracedSteps[i]!;
    const cpu = traced.longTaskCpu.length
      ? `${traced.longTaskCpu.length} (the longest: ${traced.longTaskCpu[0]!.toFixed(0)} ms of CPU)`
      : 'none';
    return `| ${s.label} | ${(s.ms / 1000).toFixed(2)} s | ${s.longTasks.length} | ${s.longTasks.length ? `${longest.toFixed(0)} ms` : 'none'} | ${cpu} | ${longest <= LONG_TASK_GOAL_MS ? 'met' : 'missed'} |`;
  });
  const body = [
    '## History trends with 1,000 interviews, and the first page',
    '',
    `Measured ${today()} by \`npm run bench\` (\`test/bench/history-trends.bench.ts\`), Chromium ${version}, the built app, IndexedDB seeded with ${SESSIONS.toLocaleString('en')} generated finished interviews (6 questions, a full report, a 2 KB job description; two in three answered by voice with metrics and timed words: 13,000 messages). Long tasks from a PerformanceObserver installed before the app loads; each step ends two frames and 300 ms after its last chart appears. The steps run twice in fresh contexts: untraced, for the figures the goal counts, then under a Chromium trace for the CPU time of any long task (tracing adds work to the page, so that pass sees more and longer tasks).`,
    '',
    `| step | time to drawn | main-thread tasks > ${LONG_TASK_GOAL_MS} ms | longest | traced pass: tasks > ${LONG_TASK_GOAL_MS} ms in the trace (CPU of the longest) | goal: none over ${LONG_TASK_GOAL_MS} ms |`,
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `| JavaScript the home page requests (service worker blocked) | gzip -9 | raw | goal < ${FIRST_PAGE_GOAL_KB} KB gzip |`,
    '|---|---|---|---|',
    `| ${scripts.length} files | ${kb(gzip)} | ${kb(raw)} | ${gzip < FIRST_PAGE_GOAL_KB * 1024 ? 'met' : `missed by ${kb(gzip - FIRST_PAGE_GOAL_KB * 1024)}`} |`,
    ...scripts.map((s) => `| ${s.file} | ${kb(s.gzip)} | ${kb(s.raw)} | |`),
  ].join('\n');
  writeBenchSection('history-trends', body);
  console.log(`\n${body}\n`);
});
