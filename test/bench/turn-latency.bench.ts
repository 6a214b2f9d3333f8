/**
 * Turn latency on a local model, from token counts (issue 14; measured and printed, never
 * asserted). The real PracticeService and TwinService (driven by test/bench/kv/drive.ts) talk
 * to the KV-cache double (test/doubles/kv-cache-engine.ts), which applies WebLLM 0.2.86's
 * cache reuse rule to every request and counts prompt tokens, tokens prefilled and tokens
 * decoded; test/bench/kv/timeline.ts turns the counts into seconds on two device profiles.
 * The replies come from test/bench/kv/replies.ts. Writes the "turn-latency" section of
 * docs/benchmarks.md.
 */
import { test } from 'vitest';
import { completedAssessments, type AssessedQuestion } from '../../src/domain/feedback';
import { loadTokenCounter, type TokenCounter } from '../../src/domain/tokens';
import { KvCacheEngine, type KvRecord } from '../doubles/kv-cache-engine';
import { ScriptedChatEngine, type Responder } from '../doubles/scripted-chat-engine';
import { drivePractice, driveTwin, type DriveHooks } from './kv/drive';
import { kindOf, practiceResponder, twinResponder } from './kv/replies';
import { PROFILES, simulate, tokensBefore, type Position, type StepTimes, type TimedStep } from './kv/timeline';
import { KV_JOB_DESCRIPTION, KV_QUESTIONS, KV_RESUME, TWIN_QUESTIONS } from './fixtures/kv-material';
import { quantile, today, writeBenchSection } from './write-section';

const CONTEXT_WINDOW = 4096;
const THINK_PRACTICE_S = 30;
const THINK_TWIN_S = 10;

interface Run {
  engine: KvCacheEngine;
  steps: TimedStep[];
  /** Request kind by index (guideline, turn, summary…). */
  kinds: string[];
}

/** Runs a drive against a fresh double and records where each step's text appeared. */
async function record(
  responder: (count: (t: string) => number) => Responder,
  drive: typeof drivePractice | typeof driveTwin,
  marks: Record<string, (soFar: string) => boolean> = {},
): Promise<Run & { result: Awaited<ReturnType<typeof drive>> }> {
  const count = await loadTokenCounter();
  const requests: Parameters<Responder>[0][] = [];
  // One responder for the whole run (it remembers which follow-ups it asked).
  const script = responder(count);
  const scripted = new ScriptedChatEngine((request, call) => (requests.push(request), script(request, call)), {
    contextWindow: CONTEXT_WINDOW,
  });
  const engine = new KvCacheEngine(scripted, { count, contextWindow: CONTEXT_WINDOW });
  const steps: TimedStep[] = [];
  const position = (): Position => engine.position()!;
  const hooks: DriveHooks = {
    step(label) {
      engine.phase = label;
      steps.push({ label, from: engine.records.length, to: engine.records.length, marks: {} });
    },
    visible(soFar) {
      const step = steps.at(-1)!;
      step.firstText ??= position();
      for (const [name, seen] of Object.entries(marks)) if (!step.marks![name] && seen(soFar)) step.marks![name] = position();
    },
    done() {
      const step = steps.at(-1)!;
      step.to = engine.records.length;
      engine.phase = `after ${step.label}`;
    },
  };
  const result = await drive({ engine, count, hooks });
  return { engine, steps, kinds: requests.map(kindOf), result };
}

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${Math.round((100 * a) / b)} %`);
const s = (v: number) => `${v.toFixed(1)} s`;
const n = (v: number) => v.toLocaleString('en-US');
const met = (ok: boolean) => (ok ? 'met' : 'missed');

/** "yes", or "no: why" for the request that streamed a step's text. */
function reuse(r: KvRecord): string {
  if (r.verdict.reused) return 'yes';
  return `no: ${r.verdict.reason}${r.verdict.detail ? ` (${r.verdict.detail})` : ''}`;
}

/** The request whose text the user waited for in this step (the last one when none showed text). */
const shownRequest = (step: TimedStep) => step.firstText?.request ?? step.to - 1;

function stepRows(run: Run, times: StepTimes[][]): string[] {
  const { engine, steps, kinds } = run;
  return steps.map((step, i) => {
    const records = engine.records.slice(step.from, step.to);
    const shown = engine.records[shownRequest(step)]!;
    const kindsHere = records.map((r) => kinds[r.index]).join(', ');
    const prompt = records.reduce((sum, r) => sum + r.promptTokens, 0);
    const prefilled = records.reduce((sum, r) => sum + r.prefilled, 0);
    const decoded = records.reduce((sum, r) => sum + r.decoded, 0);
    // A step with no request of its own shows what an earlier step wrote ahead (the report, written
    // while the candidate was idle): it was on screen before the user acted.
    const continued = records.length === 0 ? 'no request: written earlier' : reuse(shown);
    const wait = (seconds: number) => (seconds < 0 ? `0 s (ready ${s(-seconds)} before)` : s(seconds));
    return `| ${step.label} | ${kindsHere} | ${n(prompt)} | ${n(prefilled)} | ${continued} | ${n(decoded)} | ${times.map((t) => wait(t[i]!.firstText)).join(' | ')} |`;
  });
}

function totalsRow(run: Run): string {
  const r = run.engine.records;
  const prompt = r.reduce((sum, x) => sum + x.promptTokens, 0);
  const prefilled = r.reduce((sum, x) => sum + x.prefilled, 0);
  const decoded = r.reduce((sum, x) => sum + x.decoded, 0);
  const turns = r.filter((x) => run.kinds[x.index] === 'turn');
  return `| **total** | ${r.length} requests | ${n(prompt)} | ${n(prefilled)} (${pct(prefilled, prompt)}) | ${turns.filter((x) => x.verdict.reused).length} of ${turns.length} turns | ${n(decoded)} | | |`;
}

function resetReasons(run: Run): string {
  const reasons = new Map<string, number>();
  for (const r of run.engine.records) {
    if (run.kinds[r.index] !== 'turn' || r.verdict.reused) continue;
    const key = reuse(r).slice(4);
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return [...reasons].map(([why, count]) => `${why} × ${count}`).join('; ') || 'none';
}

const header = (first: string) => [
  `| ${first} | requests | prompt tokens | prefilled | reply continued the cache? | decoded | first word, ${PROFILES.map((p) => p.label).join(' | first word, ')} |`,
  '|---|---|---|---|---|---|---|---|',
];
const med = (v: number[]) => quantile(v, 0.5);
const worst = (v: number[]) => Math.max(...v);
const [SLOW, FAST] = [0, 1];

interface Report {
  goals: string[];
  table: string;
  notes: string[];
}

/**
 * The feedback is written after the closing reply, while the candidate reads it; Finish joins
 * it and shows the assessments complete so far. The drive waits for that background request
 * before it presses Finish, so Finish sees the whole feedback at once: the report's first part
 * was on screen from where the first assessment was complete in the feedback's text, which is
 * found here with the app's own reader (`completedAssessments`).
 */
function firstAssessmentWrittenAhead(run: Run, assessed: readonly AssessedQuestion[] | undefined, count: TokenCounter): void {
  const finish = run.steps.find((step) => step.label === 'finish');
  const feedback = run.engine.records.find((r) => run.kinds[r.index] === 'feedback');
  if (!finish || !feedback || !assessed || feedback.index >= finish.from) return;
  const text = feedback.text;
  let end = 0;
  while (end < text.length && completedAssessments(text.slice(0, end), assessed).length === 0) end++;
  if (end >= text.length) return;
  // Tokens decoded before that point (the record's count includes an empty think block when thinking is off).
  const decoded = feedback.decoded - count(text) + count(text.slice(0, end));
  const position = { request: feedback.index, decoded };
  finish.firstText = position;
  finish.marks = { ...finish.marks, report: position };
}

/** The practice interview's goal rows, per-step table and notes. */
async function practiceReport(): Promise<Report> {
  const q1 = KV_QUESTIONS[0]!.text.slice(0, 30);
  const run = await record(practiceResponder, drivePractice, { question1: (soFar) => soFar.includes(q1), report: () => true });
  firstAssessmentWrittenAhead(run, 'assessed' in run.result ? run.result.assessed : undefined, await loadTokenCounter());
  const times = PROFILES.map((p) => simulate(run.engine.records, run.steps, p, THINK_PRACTICE_S));
  const records = run.engine.records;
  const turns = records.filter((r) => run.kinds[r.index] === 'turn');
  const reused = turns.filter((r) => r.verdict.reused).length;
  const prompt = records.reduce((sum, r) => sum + r.promptTokens, 0);
  const prefilled = records.reduce((sum, r) => sum + r.prefilled, 0);
  const start = run.steps[0]!;
  const critical = tokensBefore(records, start.from, start.marks!.question1 ?? start.firstText!);
  const firstReply = tokensBefore(records, start.from, start.firstText!);
  const answers = run.steps.flatMap((step, i) => (step.label.startsWith('answer') ? [i] : []));
  const finish = run.steps.findIndex((step) => step.label === 'finish');
  const waits = times.map((t) => answers.map((i) => t[i]!.firstText));
  // Negative: the first assessment was written (after the closing reply) before Finish was pressed: on screen at once.
  const report = times.map((t) => Math.max(0, t[finish]!.marks.report!));
  const kinds = (kind: string) => run.kinds.filter((k) => k === kind).length;
  return {
    goals: [
      `| practice: interviewer turns that continue the cache | ${reused} of ${turns.length} (${pct(reused, turns.length)}) | ≥ 90 % | ${met(reused >= 0.9 * turns.length)} |`,
      `| practice: tokens prefilled / prompt tokens sent, all requests | ${n(prefilled)} / ${n(prompt)} (${pct(prefilled, prompt)}) | ≤ 30 % | ${met(prefilled <= 0.3 * prompt)} |`,
      `| Start → first question: tokens decoded on the critical path (prefilled) | ${n(critical.decoded)} (${n(critical.prefilled)}) | ≤ 120 decoded | ${met(critical.decoded <= 120)} |`,
      `| Start → first question, 400/20 · 1,500/50 | ${s(times[SLOW]![0]!.marks.question1 ?? NaN)} · ${s(times[FAST]![0]!.marks.question1 ?? NaN)} | < 12 s in the browser (paced engine) | see the browser table (paced-start) |`,
      `| wait before an interviewer turn's first word, 400/20: median · worst | ${s(med(waits[SLOW]!))} · ${s(worst(waits[SLOW]!))} | < 2 s · < 5 s | ${met(med(waits[SLOW]!) < 2 && worst(waits[SLOW]!) < 5)} |`,
      `| same, 1,500/50 | ${s(med(waits[FAST]!))} · ${s(worst(waits[FAST]!))} | | |`,
      `| Finish → first part of the report, 400/20 · 1,500/50 | ${s(report[SLOW]!)} · ${s(report[FAST]!)} | < 10 s on 400/20 | ${met(report[SLOW]! < 10)} |`,
      `| JSON repair requests (practice) | ${kinds('repair')} | counted | |`,
    ],
    table: [...header('Practice step'), ...stepRows(run, times), totalsRow(run)].join('\n'),
    notes: [
      `Practice: Start → first word of the first reply (the greeting that carries question 1): ${n(firstReply.decoded)} tokens decoded and ${n(firstReply.prefilled)} prefilled on the critical path, ${PROFILES.map((p, i) => `${s(times[i]![0]!.firstText)} on ${p.label}`).join(', ')}; question 1 itself starts ${n(critical.decoded - firstReply.decoded)} tokens later. ${'interviewerTurns' in run.result ? run.result.interviewerTurns : '?'} interviewer replies, ${kinds('summary')} summary request(s). Turns that reset the cache, by reason: ${resetReasons(run)}.`,
    ],
  };
}

/** The twin conversation's goal rows, per-question table and notes. */
async function twinReport(): Promise<Report> {
  const run = await record(twinResponder, driveTwin);
  const times = PROFILES.map((p) => simulate(run.engine.records, run.steps, p, THINK_TWIN_S));
  const answers = run.engine.records.filter((r) => run.kinds[r.index] === 'turn');
  const reused = answers.filter((r) => r.verdict.reused).length;
  const waits = times.map((t) => t.map((x) => x.firstText));
  const result = run.result as Awaited<ReturnType<typeof driveTwin>>;
  return {
    goals: [
      `| twin: answers that continue the cache | ${reused} of ${answers.length} (${pct(reused, answers.length)}) | ≥ 80 % | ${met(reused >= 0.8 * answers.length)} |`,
      `| wait before a twin answer's first word, 400/20: median · worst | ${s(med(waits[SLOW]!))} · ${s(worst(waits[SLOW]!))} | < 2 s · < 5 s | ${met(med(waits[SLOW]!) < 2 && worst(waits[SLOW]!) < 5)} |`,
      `| same, 1,500/50 | ${s(med(waits[FAST]!))} · ${s(worst(waits[FAST]!))} | | |`,
    ],
    table: [...header('Twin question'), ...stepRows(run, times), totalsRow(run)].join('\n'),
    notes: [
      `Twin: ${result.modelAnswers} model answers, ${result.savedAnswers} saved answers, ${run.kinds.filter((k) => k === 'summary').length} summary request(s). Answers that reset the cache, by reason: ${resetReasons(run)}.`,
    ],
  };
}

/** A report that says the run failed, so one broken mode does not hide the other's figures. */
async function orFailure(what: string, make: () => Promise<Report>): Promise<Report> {
  try {
    return await make();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(error);
    return { goals: [`| ${what} | not measured: the run failed (${message}) | | |`], table: '', notes: [] };
  }
}

test('turn latency on a local model (KV-cache double, two device profiles)', async () => {
  const practice = await orFailure('practice', practiceReport);
  const twin = await orFailure('twin', twinReport);
  const goals = ['| Goal (issue 14) | today | goal | |', '|---|---|---|---|', ...practice.goals, ...twin.goals].join('\n');
  const notes = [...practice.notes, ...twin.notes].join('\n\n');
  const practiceTable = practice.table;
  const twinTable = twin.table;
  console.log(`${goals}\n\n${notes}\n\n${practiceTable}\n\n${twinTable}`);
  writeBenchSection(
    'turn-latency',
    `## Turn latency on a local model (KV cache)

Measured ${today()} by \`npx vitest run --config test/bench/vitest.config.ts test/bench/turn-latency.bench.ts\` (also part of \`npm run bench\`). The real \`PracticeService\` and \`TwinService\` (in-memory repositories, BM25 retrieval; all calls in \`test/bench/kv/drive.ts\`) send their requests to \`test/doubles/kv-cache-engine.ts\`, which applies WebLLM 0.2.86's KV-cache reuse rule to the request our WebLLM adapter would build (unit tests check it against WebLLM's own \`preparePrefillInput\`): the cache is kept only when a request repeats the previous one — system message, earlier messages, and the previous reply exactly as generated — and the previous reply was not stopped or cut; otherwise the whole prompt is prefilled. It holds one engine state, so a JSON or summary request between two turns evicts the conversation. Tokens are counted with gpt-tokenizer (cl100k, an approximation of Llama/Qwen vocabularies) plus an approximate chat-template overhead (4 tokens a message, 3 for the reply header). Seconds are arithmetic on two device profiles, prefill/decode tokens per second: **400/20** (a mid laptop) and **1,500/50**; one request at a time; the first token comes with the prefill. Context window ${n(CONTEXT_WINDOW)} tokens; a ${n(KV_JOB_DESCRIPTION.length)}-character job description and a ${n(KV_RESUME.length)}-character resume; 8 planned questions, follow-ups on two; a twin profile with the same resume, 25 saved answers and 4 projects, asked ${TWIN_QUESTIONS.length} questions none of the saved answers matches. Replies are scripted at realistic lengths (\`test/bench/kv/replies.ts\`). The user acts ${THINK_PRACTICE_S} s (practice) or ${THINK_TWIN_S} s (twin) after the reply they waited for is complete; background requests (the rest of the guideline, a summary, the feedback) keep the engine busy meanwhile, and a turn sent before they end waits for them. The report's first part counts from where the first assessment was complete in the feedback written after the closing reply (a negative wait reads "ready before").

${goals}

${notes}

"first word" is the wait from the user's action (Start, an answer sent, Finish, a question sent) to the first visible text of the reply. When the services' API changes, update \`test/bench/kv/drive.ts\` (every call into them); when the prompts change their wording, \`test/bench/kv/replies.ts\` (how the scripted model recognises a request).

${practiceTable}

${twinTable}`,
  );
});
