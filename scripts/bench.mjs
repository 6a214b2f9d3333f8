// `npm run bench`: the first-page size figure, then every benchmark in test/bench (timings
// are measured and printed, never asserted; each writes its table into docs/benchmarks.md).
// The build goes to $E2E_DIST (default dist): test/bench/streaming-ui.bench.ts drives that
// build in Chromium, so it always measures the code as it is now. Arguments go to Vitest, so
// `npm run bench -- turn-latency` runs one benchmark (after the build); without a build:
// `npx vitest run --config test/bench/vitest.config.ts test/bench/turn-latency.bench.ts`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { firstLoadSize } from './size.mjs';

/** Replaces (or appends) the <!-- name:start --> … <!-- name:end --> section of docs/benchmarks.md. */
function writeSection(name, body) {
  const path = 'docs/benchmarks.md';
  const doc = readFileSync(path, 'utf8');
  const block = `<!-- ${name}:start -->\n${body.trim()}\n<!-- ${name}:end -->`;
  const re = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  writeFileSync(path, re.test(doc) ? doc.replace(re, block) : doc.replace(/^# Benchmarks\n/, `# Benchmarks\n\n${block}\n`));
}

const dist = process.env.E2E_DIST ?? 'dist';
const build = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--emptyOutDir', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const { gzip, raw, files } = firstLoadSize(dist);
writeSection(
  'first-load',
  `## First page load\n\nMeasured ${new Date().toISOString().slice(0, 10)} by \`npm run bench\` (\`scripts/size.mjs\`): the entry chunk and its static imports.\n\n| JavaScript before Home appears | gzip | raw | goal ≤ 50 KB gzip (issue 16) |\n|---|---|---|---|\n| ${files.join(', ')} | ${(gzip / 1024).toFixed(1)} KB | ${(raw / 1024).toFixed(1)} KB | ${gzip <= 50 * 1024 ? 'met' : 'missed'} |\n\nNone of web-llm, transformers.js or pdf.js is in it (they load in workers or on demand); \`test/e2e/shell.spec.ts\` checks that in the browser.`,
);
console.log(
  `\nFirst page JavaScript: ${(gzip / 1024).toFixed(1)} KB gzip (${(raw / 1024).toFixed(1)} KB raw, ${files.length} file(s)); budget 50 KB gzip: ${gzip <= 50 * 1024 ? 'met' : 'MISSED'}\n`,
);

const run = spawnSync('npx', ['vitest', 'run', '--config', 'test/bench/vitest.config.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
