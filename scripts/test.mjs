// `npm test`: lint, type-check, unit tests, browser + e2e tests — every step runs, then one
// summary; the last line is "N passed, N failed, N skipped" (tests counted across all steps, each
// static check counted as one; CI reads the "N passed, N failed" at its start).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const reports = '.cache/test-reports';
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [];
function run(name, command, args, env = {}) {
  console.log(`\n━━ ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  return { ok: result.status === 0, seconds };
}

function check(name, command, args) {
  const { ok, seconds } = run(name, command, args);
  steps.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0, seconds, ok });
}

// svelte-check type-checks every file of tsconfig.json (.ts and .svelte, tests included), so a
// separate `tsc --noEmit` would check the same files a second time. (Run side by side on 2 cores,
// ESLint and svelte-check took as long as one after the other: they stay sequential.)
check('lint (eslint)', 'npx', ['eslint', '.']);
check('types (svelte-check)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--threshold', 'error']);
check('format (prettier)', 'npx', ['prettier', '--check', '.']);

{
  const file = `${reports}/unit.json`;
  const { ok, seconds } = run('unit (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  let passed = 0;
  let failed = ok ? 0 : 1;
  let skipped = 0;
  if (existsSync(file)) {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    passed = json.numPassedTests;
    failed = json.numFailedTests + (ok || json.numFailedTests > 0 ? 0 : 1);
    // Skipped and todo tests: a test that never runs proves nothing, so the summary shows them.
    skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  }
  steps.push({ name: 'unit (vitest)', passed, failed, skipped, seconds, ok });
}

{
  const file = `${process.cwd()}/${reports}/e2e.json`;
  const { ok, seconds } = run('browser + e2e (playwright)', 'node', ['scripts/e2e.mjs'], { E2E_JSON: file });
  let passed = 0;
  let failed = ok ? 0 : 1;
  let skipped = 0;
  if (existsSync(file)) {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    passed = json.stats.expected;
    failed = json.stats.unexpected + json.stats.flaky + (ok || json.stats.unexpected > 0 ? 0 : 1);
    skipped = json.stats.skipped ?? 0;
  }
  steps.push({ name: 'browser + e2e (playwright)', passed, failed, skipped, seconds, ok });
}

console.log('\n━━ Summary');
for (const s of steps)
  console.log(
    `${s.ok ? '✔' : '✘'} ${s.name.padEnd(28)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed ${String(s.skipped).padStart(3)} skipped  (${s.seconds}s)`,
  );
const passed = steps.reduce((n, s) => n + s.passed, 0);
const failed = steps.reduce((n, s) => n + s.failed, 0);
const skipped = steps.reduce((n, s) => n + s.skipped, 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && steps.every((s) => s.ok) ? 0 : 1);
