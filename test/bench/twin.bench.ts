/**
 * Twin benchmarks (measured and printed, never asserted):
 *  1. Q&A CSV import (papaparse + header mapping) at 10k and 50k rows;
 *  2. first question on a profile (BM25 index build + rank) and later questions (rank only);
 *  3. building the system message with the real tokenizer (gpt-tokenizer).
 * Writes its table to the "Twin" section of docs/benchmarks.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'vitest';
import { parseQaCsv } from '../../src/adapters/files/csv-import';
import { RetrieverTwinRanker } from '../../src/app/twin/twin-ranker';
import { Bm25Retriever } from '../../src/domain/retrieval/bm25-retriever';
import { buildQuestionNotes, buildTwinSystem, twinBudgets } from '../../src/domain/twin/system-message';
import { loadTokenCounter } from '../../src/domain/tokens';
import type { TwinProfile } from '../../src/domain/twin/types';

const TOPICS = ['conflict', 'leadership', 'Rust', 'deadlines', 'testing', 'mentoring', 'failure', 'salary', 'remote work', 'design'];

function csv(rows: number): string {
  const lines = ['Question,Answer'];
  for (let i = 0; i < rows; i++) {
    const topic = TOPICS[i % TOPICS.length];
    lines.push(
      `"Tell me about ${topic} situation ${i}?","In situation ${i} I handled ${topic} by listening first, then, with data, proposing a small experiment."`,
    );
  }
  return lines.join('\n');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const out = fn();
  return [out, performance.now() - start];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, performance.now() - start];
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;

test('twin benchmarks', async () => {
  const rows: string[] = ['| Step | 10,000 rows | 50,000 rows |', '|---|---|---|'];
  const count = await loadTokenCounter();
  const results: Record<number, { parse: number; first: number; next: number; system: number }> = {};
  for (const n of [10_000, 50_000]) {
    const text = csv(n);
    const [imported, parse] = time(() => parseQaCsv(text, (i) => `q${i}`));
    const profile: TwinProfile = {
      id: `p${n}`,
      name: 'Ada',
      systemPrompt: 'You are {{name}}.',
      resume: 'Compiler engineer. '.repeat(400),
      qa: imported.pairs,
      projects: TOPICS.map((t, i) => ({ id: `x${i}`, title: `${t} project`, description: `Work about ${t}.`, tags: [t] })),
      createdAt: 1,
      updatedAt: 1,
    };
    const ranker = new RetrieverTwinRanker(new Bm25Retriever());
    const [ranking, first] = await timeAsync(() => ranker.rank(profile, 'How do you handle conflict in Rust code review?'));
    const later: number[] = [];
    for (let i = 0; i < 7; i++) later.push((await timeAsync(() => ranker.rank(profile, `What about ${TOPICS[i]} and deadlines?`)))[1]);
    const systemTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      systemTimes.push(
        time(() => [
          buildTwinSystem({
            name: 'Ada',
            instructions: profile.systemPrompt,
            resume: profile.resume,
            budgets: twinBudgets(8192),
            countTokens: count,
          }),
          buildQuestionNotes({
            name: 'Ada',
            question: 'conflict',
            qa: ranking.qa,
            projects: ranking.projects,
            budgets: twinBudgets(8192),
            countTokens: count,
          }),
        ])[1],
      );
    }
    results[n] = { parse, first, next: median(later), system: median(systemTimes) };
  }
  const a = results[10_000]!;
  const b = results[50_000]!;
  rows.push(`| CSV import (papaparse + mapping) | ${ms(a.parse)} | ${ms(b.parse)} |`);
  rows.push(`| first question: BM25 index + rank | ${ms(a.first)} | ${ms(b.first)} |`);
  rows.push(`| later question: rank (median of 7) | ${ms(a.next)} | ${ms(b.next)} |`);
  rows.push(`| system message + question notes build, 8k window, long resume (median of 7) | ${ms(a.system)} | ${ms(b.system)} |`);
  const table = rows.join('\n');
  console.log(table);

  const path = join(process.cwd(), 'docs/benchmarks.md');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = '<!-- twin:start -->';
  const end = '<!-- twin:end -->';
  const section = `${start}\n## Twin\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.versions.node} (\`npx vitest run --config test/bench/vitest.config.ts test/bench/twin.bench.ts\`). BM25 only (no embedder in Node). With the hybrid retriever the saved questions are embedded when the profile changes; after a page reload the stored vectors are reused (\`Retriever.holds\`), so the first question embeds only itself.\n\n${table}\n${end}`;
  const next = current.includes(start)
    ? current.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section)
    : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
});
