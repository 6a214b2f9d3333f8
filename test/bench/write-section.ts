/**
 * Writes one benchmark's table into docs/benchmarks.md between its
 * `<!-- name:start -->` and `<!-- name:end -->` markers (appended when the section is new),
 * so re-running a benchmark replaces only its own figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeBenchSection(name: string, body: string): void {
  const path = join(process.cwd(), 'docs/benchmarks.md');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  // A function replacement, so `$` in the figures is never read as a pattern.
  writeFileSync(path, re.test(doc) ? doc.replace(re, () => section) : `${doc.trimEnd()}\n\n${section}\n`);
}

/** The value at quantile q (0–1) of the samples, nearest-rank. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const today = (): string => new Date().toISOString().slice(0, 10);
