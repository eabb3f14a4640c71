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

const report = 'test-results/vitest.json';
rmSync(report, { force: true });
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)]);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (r.numTotalTests === 0) process.exit(1);
  if (status !== 0 && r.numFailedTests === 0) console.log('The test run reported errors outside the tests (see "Unhandled Errors" above).');
}
process.exit(status);
