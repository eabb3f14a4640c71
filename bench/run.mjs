// Runs every benchmark in sequence with short durations and prints a summary table.
// Usage: npm run build:server && node bench/run.mjs   (BENCH_ONLY=name,name to pick some)
// Each benchmark is a child process with a time limit; one that overruns is sent SIGTERM (it
// then stops its own servers and drops its databases) and SIGKILL 30 s later. The whole run
// stays under 15 minutes.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { machine, table } from './lib.mjs';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const TOTAL_LIMIT_S = 14 * 60;

/** name, script, environment (short durations), time limit in seconds. */
const benches = [
  ['pg-roundtrip', 'pg-roundtrip.mjs', { BENCH_QUERIES: '2000' }, 60],
  ['login', 'login.mjs', { BENCH_SECONDS: '5' }, 120],
  ['login-flood', 'login-flood.mjs', { BENCH_SECONDS: '5', BENCH_ROUNDS: '2', BENCH_QUIET_MS: '5000' }, 150],
  ['auth-requests', 'auth-requests.mjs', { BENCH_SECONDS: '5', BENCH_ROUNDS: '3', BENCH_QUIET_MS: '5000' }, 180],
  ['invitations', 'invitations.mjs', { BENCH_SECONDS: '5', BENCH_ROUNDS: '3', BENCH_QUIET_MS: '5000' }, 150],
  ['users-at-scale', 'users-at-scale.mjs', { BENCH_REQUESTS: '200', BENCH_SECTION_SECONDS: '30' }, 300],
  ['outbox', 'outbox.mjs', { BENCH_MESSAGES: '5000', BENCH_BATCH_SIZES: '20,100', BENCH_DRAIN_SECONDS: '60', BENCH_QUIET_MS: '5000' }, 240],
  ['footprint', 'footprint.mjs', { BENCH_SECONDS: '5' }, 150],
];
const only = process.env.BENCH_ONLY?.split(',');

function runOne(script, env, limitS) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [here(script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    let timedOut = false;
    const term = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, limitS * 1000);
    const kill = setTimeout(() => child.kill('SIGKILL'), (limitS + 30) * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(term);
      clearTimeout(kill);
      resolve({ code, signal, timedOut, out, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** The headline figures of each benchmark, from its BENCH_RESULT line. */
const headline = {
  'pg-roundtrip': (r) => [`${r.wallUs} µs per query round trip`, `client CPU ${r.clientCpuUs} µs, PostgreSQL CPU ${r.serverCpuUs} µs`],
  login: (r) => [`${r.loginRate}/s logins, p99 ${r.p99} ms`, `ratio to raw argon2id ${r.ratio}`],
  'login-flood': (r) => [
    `session checks ${r.aloneRps}/s alone, ${r.loadedRps}/s (p99 ${r.loadedP99} ms) during ${r.floodRps}/s sign-ins`,
    `ratio ${r.ratio} (target ≥ 0.5 with p99 ≤ 10 ms)`,
  ],
  'auth-requests': (r) => [
    `session ${r.sessionRps}/s (p99 ${r.sessionP99} ms), token ${r.tokenRps}/s (p99 ${r.tokenP99} ms), bare ${r.bareRps}/s`,
    `ratio session ${r.sessionRatio}, token ${r.tokenRatio} (target ≥ 0.5)`,
  ],
  invitations: (r) => [`${r.rate} invitations/s, p99 ${r.p99} ms`, `ratio to 1000/s ${r.ratioToTarget}; rows consistent: ${r.consistent}`],
  'users-at-scale': (r) => [
    `${r.users} users seeded in ${r.seedSeconds} s; p95 ${r.sections.map((_, i) => r[`p95_${i}`]).join(' / ')} ms`,
    `${r.withinTarget} of ${r.sections.length} request kinds with p95 ≤ 20 ms`,
  ],
  outbox: (r) => [
    Object.keys(r).filter((k) => k.startsWith('rate_')).map((k) => `${r[k]}/s (batch ${k.slice('rate_batch'.length)})`).join(', '),
    `duplicates ${Object.keys(r).filter((k) => k.startsWith('duplicates_')).map((k) => r[k]).join(' / ')}; all delivered: ${r.allDelivered} (target ≥ 500/s)`,
  ],
  footprint: (r) => [`server RSS idle ${r.serverIdleMiB} MiB (settled ${r.serverSettledMiB} MiB), under load ≤ ${Math.max(r.serverHealthPeakMiB, r.serverMePeakMiB)} MiB`, `restart → ready ${r.restartS} s; PostgreSQL PSS idle ${r.pgIdlePssMiB} MiB, load ${r.pgLoadPssMiB} MiB`],
};

const runStarted = performance.now();
const rows = [];
for (const [name, script, env, limit] of benches) {
  if (only && !only.includes(name)) continue;
  const left = TOTAL_LIMIT_S - (performance.now() - runStarted) / 1000;
  if (left < 30) {
    rows.push([name, 'skipped', '(total time limit reached)', '', '']);
    continue;
  }
  console.log(`\n=== ${name} (${script}) ===`);
  const r = await runOne(script, env, Math.min(limit, left));
  let result;
  for (const line of r.out.split('\n')) if (line.startsWith('BENCH_RESULT ')) result = JSON.parse(line.slice('BENCH_RESULT '.length));
  // login.mjs predates the BENCH_RESULT line: read its printed figures.
  if (!result && name === 'login') {
    const rate = /password login via API \(median of 3\):\s+([\d.]+)\/s, p99 (\d+) ms/.exec(r.out);
    const ratio = /ratio login \/ raw verify:\s+([\d.]+)/.exec(r.out);
    if (rate && ratio) result = { loginRate: rate[1], p99: rate[2], ratio: ratio[1] };
  }
  const status = r.timedOut ? 'TIMED OUT' : r.code === 0 ? 'ok' : `FAILED (${r.code ?? r.signal})`;
  const [main, detail] = result && headline[name] ? headline[name](result) : ['(no result)', ''];
  rows.push([name, status, main, detail, `${r.seconds.toFixed(0)} s`]);
}
console.log(`\n=== summary (${new Date().toISOString().slice(0, 10)}, ${machine()}) ===`);
console.log(table(['benchmark', 'status', 'result', 'ratio / check', 'took'], rows));
console.log(`total: ${((performance.now() - runStarted) / 60_000).toFixed(1)} min`);
process.exitCode = rows.every((r) => r[1] === 'ok') ? 0 : 1;
