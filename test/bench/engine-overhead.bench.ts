/**
 * Local engine overhead (measured and printed, never asserted): what WebLLMEngine adds on top
 * of WebLLM's own stream per delta (think stripping, usage/finish mapping, abort bookkeeping),
 * against a scripted in-memory engine, so the figure is the adapter's cost alone. A real model
 * on a laptop GPU produces ~10–60 tokens/s, i.e. 16–100 ms per token; the adapter's share
 * should be microseconds. Writes its table to the "Local engine" section of docs/benchmarks.md.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'vitest';
import { WebLLMEngine, type ChunkLike, type MLCEngineLike } from '../../src/adapters/llm/webllm-engine';
import { ThinkStripper } from '../../src/domain/think-strip';

const TOKENS = 20_000;
const pieces = Array.from({ length: TOKENS }, (_, i) => (i % 50 === 0 ? ' <thi' : i % 50 === 1 ? 'nk>x</think>' : ` word${i % 7}`));

function scriptedEngine(): MLCEngineLike {
  return {
    chat: {
      completions: {
        create: async () =>
          (async function* (): AsyncGenerator<ChunkLike> {
            for (const content of pieces) yield { choices: [{ delta: { content }, finish_reason: null }] };
            yield { choices: [], usage: { prompt_tokens: 1, completion_tokens: TOKENS, total_tokens: TOKENS + 1 } };
          })(),
      },
    },
    interruptGenerate: () => undefined,
    unload: async () => undefined,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function timeAsync(fn: () => Promise<void>, repeats = 7): Promise<number> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

test('WebLLMEngine per-delta overhead', async () => {
  const raw = await timeAsync(async () => {
    const stream = await scriptedEngine().chat.completions.create({});
    for await (const chunk of stream) void chunk;
  });
  const engine = new WebLLMEngine(scriptedEngine(), undefined, { id: 'bench-q4f32_1-MLC', contextWindow: 4096, kind: 'chat' });
  const adapted = await timeAsync(async () => {
    for await (const delta of engine.stream({ messages: [{ role: 'user', content: 'go' }], signal: new AbortController().signal }))
      void delta;
  });
  const strip = await timeAsync(async () => {
    const s = new ThinkStripper();
    for (const p of pieces) s.push(p);
    s.flush();
  });
  const us = (ms: number) => `${((ms * 1000) / TOKENS).toFixed(2)} µs`;
  const table = [
    `| ${TOKENS.toLocaleString('en')} streamed deltas (median of 7) | total | per delta |`,
    '|---|---|---|',
    `| scripted engine alone | ${raw.toFixed(1)} ms | ${us(raw)} |`,
    `| through WebLLMEngine.stream | ${adapted.toFixed(1)} ms | ${us(adapted)} |`,
    `| adapter overhead | ${(adapted - raw).toFixed(1)} ms | ${us(adapted - raw)} |`,
    `| ThinkStripper alone | ${strip.toFixed(1)} ms | ${us(strip)} |`,
  ].join('\n');
  console.log(table);

  const path = join(process.cwd(), 'docs/benchmarks.md');
  const start = '<!-- local-engine:start -->';
  const end = '<!-- local-engine:end -->';
  const section = `${start}\n## Local engine\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.versions.node} (\`npx vitest run --config test/bench/vitest.config.ts test/bench/engine-overhead.bench.ts\`). Scripted in-memory engine; no GPU. For scale: one token from a 1–3B model on a laptop GPU takes 16–100 ms.\n\n${table}\n${end}`;
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const next = doc.includes(start) ? doc.replace(new RegExp(`${start}[\\s\\S]*?${end}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
});
