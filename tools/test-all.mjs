// `npm test`: every check CI runs, in order, with one closing line "Summary: N passed, N failed, N skipped".
// Typecheck, lint and format count as one check each; unit and e2e tests count one per test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const artifacts = resolve(root, 'e2e/artifacts');
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`=== ${label}: exit ${r.status} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return r.status === 0;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) totals.passed++;
  else {
    totals.failed++;
    failures.push(label);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const npx = (bin) => resolve(root, 'node_modules/.bin', bin);

check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
check('lint', npx('eslint'), ['.']);
check('format', npx('prettier'), ['--check', '.', '--log-level', 'warn']);
// Security checks that need a service CI may not reach exit 3 when they could not check anything: SKIPPED, not passed.
function checkOrSkip(label, cmd, args) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  console.log(`=== ${label}: exit ${r.status}${r.status === 3 ? ' (skipped)' : ''}`);
  if (r.status === 0) totals.passed++;
  else if (r.status === 3) totals.skipped++;
  else {
    totals.failed++;
    failures.push(label);
  }
}
checkOrSkip('electronegativity', process.execPath, ['tools/electronegativity.mjs']);
checkOrSkip('npm audit (production)', process.execPath, ['tools/audit.mjs']);

mkdirSync(artifacts, { recursive: true });
const unitReport = resolve(artifacts, 'unit.json');
rmSync(unitReport, { force: true });
const unitOk = run('unit tests', npx('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${unitReport}`,
]);
const unit = readJson(unitReport);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
  if (!unitOk && unit.numFailedTests === 0) {
    totals.failed++;
    failures.push('unit tests (runner error)');
  }
} else {
  totals.failed++;
  failures.push('unit tests (no report)');
}

if (run('build', 'npm', ['run', '--silent', 'build'])) {
  const e2eReport = resolve(artifacts, 'report.json');
  rmSync(e2eReport, { force: true });
  const e2eOk = run('e2e tests', npx('playwright'), ['test', '-c', 'e2e/playwright.config.ts']);
  const e2e = readJson(e2eReport);
  if (e2e?.stats) {
    totals.passed += e2e.stats.expected + e2e.stats.flaky;
    totals.failed += e2e.stats.unexpected;
    totals.skipped += e2e.stats.skipped;
    if (!e2eOk && e2e.stats.unexpected === 0) {
      totals.failed++;
      failures.push('e2e (runner error)');
    }
  } else {
    totals.failed++;
    failures.push('e2e (no report)');
  }
} else {
  totals.failed++;
  failures.push('build');
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
if (!existsSync(resolve(root, 'out/renderer/index.html'))) console.log('(renderer bundle missing)');
console.log(`\nSummary: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
