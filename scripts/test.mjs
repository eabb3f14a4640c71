// The whole test suite: makes sure a browser is there, builds, runs Vitest, and ends with
// one "N passed, N failed" line.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0) {
    console.log('Installing Chromium for the browser tests (apt-get)…');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } else {
    console.error(`Browser tests need Chromium at ${CHROMIUM}: run "sudo apt-get install -y chromium" (Debian/Ubuntu) and try again.`);
    process.exit(1);
  }
}

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
if (run('npm', ['run', '--silent', 'build']) !== 0) process.exit(1);
// Type-check what the build doesn't compile: the console and the tests.
if (run('npx', ['tsc', '-p', 'console', '--noEmit']) !== 0) process.exit(1);
if (run('npx', ['tsc', '-p', 'tsconfig.test.json']) !== 0) process.exit(1);

// Tests that compare response times (no enumeration by timing) run after the others, one file
// at a time: beside other files on two cores their medians measure the neighbours' load.
const TIMING = ['test/login-security.test.ts', 'test/recovery-security.test.ts'];
const args = process.argv.slice(2);
const runs = args.length > 0 ? [{ report: 'test-results/vitest.json', args }] : [
  { report: 'test-results/vitest.json', args: TIMING.flatMap((f) => ['--exclude', f]) },
  { report: 'test-results/vitest-timing.json', args: [...TIMING, '--maxWorkers=1'] },
];
let status = 0;
const totals = { passed: 0, failed: 0, skipped: 0, total: 0 };
for (const r of runs) {
  rmSync(r.report, { force: true });
  const s = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${r.report}`, ...r.args]);
  if (s !== 0) status = s;
  if (!existsSync(r.report)) continue;
  const j = JSON.parse(readFileSync(r.report, 'utf8'));
  totals.passed += j.numPassedTests;
  totals.failed += j.numFailedTests;
  totals.skipped += j.numPendingTests + j.numTodoTests;
  totals.total += j.numTotalTests;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
if (totals.total === 0) process.exit(1);
if (status !== 0 && totals.failed === 0) console.log('The test run reported errors outside the tests (see "Unhandled Errors" above).');
process.exit(status);
