// Authenticated request throughput: GET /api/v1/auth/me with the console session cookie and
// with an API token, versus a bare Fastify route started in its own process in the same run.
// Usage: npm run build:server && node bench/auth-requests.mjs
//   BENCH_SECONDS (default 10) per run, BENCH_CONNECTIONS (default 10), BENCH_ROUNDS (default 3),
//   BENCH_LOG_LEVEL (default warn; "info" logs every request as the server's default does),
//   BENCH_TARGETS (default "bare,health,session,token"; bare is always measured),
//   BENCH_PROFILE=DIR writes a --cpu-prof profile of the server to DIR and prints its summary.
// One process each (no cluster): the server, the bare app and autocannon share the same
// 2 cores, and the server's embedded PostgreSQL shares them too.
import { rmSync } from 'node:fs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { summarise } from './profile-summary.mjs';
import { cannon, consoleCookie, cpuMeter, waitQuiet, descendants, formatCpu, createAdmin, createToken, machine, median, report, startBare, startServer, table, tempDir } from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'warn';
const PROFILE = process.env.BENCH_PROFILE;

const dataDir = tempDir('auth');
const env = { DATA_DIR: dataDir, WORKER: 'false', LOG_LEVEL };
let server;
let bare;
try {
  createAdmin(env, 'bench', 'bench@example.com');
  const token = createToken(env, 'bench');
  server = await startServer(env, PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {});
  bare = await startBare();
  const cookie = await consoleCookie(server.url, 'bench', 'bench@example.com');

  const targets = {
    bare: { url: `${bare.url}/ok` },
    // The same server without authentication or database work: separates the cost of the
    // application's framework setup from the cost of authenticating.
    health: { url: `${server.url}/health` },
    session: { url: `${server.url}/api/v1/auth/me`, headers: { cookie: `lk_console=${cookie}` } },
    token: { url: `${server.url}/api/v1/auth/me`, headers: { authorization: `Bearer ${token}` } },
  };
  const wanted = new Set(['bare', ...(process.env.BENCH_TARGETS ?? 'bare,health,session,token').split(',')]);
  for (const name of Object.keys(targets)) if (!wanted.has(name)) delete targets[name];
  // Each must answer 200 for what it claims to be before anything is measured.
  for (const [name, t] of Object.entries(targets)) {
    const res = await fetch(t.url, { headers: t.headers });
    const body = await res.json();
    const expected = name === 'bare' || name === 'health' ? true : body.via === (name === 'session' ? 'console' : 'api_token');
    if (res.status !== 200 || !expected || (name === 'bare' && body.ok !== true)) throw new Error(`${name}: unexpected ${res.status} ${JSON.stringify(body)}`);
  }
  for (const t of Object.values(targets)) await cannon({ ...t, connections: CONNECTIONS, duration: 3 }); // warm-up

  const results = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(targets).map((k) => [k, []]));
  const groups = {
    server: () => [server.pid],
    postgres: () => descendants(server.pid).slice(1),
    bare: () => [bare.pid],
    autocannon: () => [process.pid],
  };
  for (let round = 0; round < ROUNDS; round++) {
    // Interleaved, so drift over the run (CPU boost, autovacuum) hits all three alike.
    for (const [name, t] of Object.entries(targets)) {
      await waitQuiet();
      const meter = cpuMeter(groups);
      results[name].push(await cannon({ ...t, connections: CONNECTIONS, duration: DURATION }));
      cpu[name].push(meter.end());
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, runs]) => [
      name,
      {
        rps: median(runs.map((r) => r.requests.average)),
        p99: median(runs.map((r) => r.latency.p99)),
        failed: runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
      },
    ]),
  );
  const ratio = (name) => (summary[name] ? summary[name].rps / summary.bare.rps : NaN);
  for (const name of ['health', 'session', 'token']) summary[name] ??= { rps: NaN, p99: NaN, failed: 0 };
  console.log(`machine: ${machine()}`);
  console.log(`autocannon: ${CONNECTIONS} connections, ${ROUNDS} rounds × ${DURATION} s, median; server LOG_LEVEL=${LOG_LEVEL}, embedded PostgreSQL`);
  console.log(
    table(
      ['request', 'req/s', 'p99 ms', 'ratio to bare', 'failed'],
      [
        ['bare Fastify GET /ok', summary.bare.rps.toFixed(0), summary.bare.p99, '1.00', summary.bare.failed],
        ['Latchkey GET /health (no auth, no database)', summary.health.rps.toFixed(0), summary.health.p99, ratio('health').toFixed(2), summary.health.failed],
        ['session cookie GET /api/v1/auth/me', summary.session.rps.toFixed(0), summary.session.p99, ratio('session').toFixed(2), summary.session.failed],
        ['API token GET /api/v1/auth/me', summary.token.rps.toFixed(0), summary.token.p99, ratio('token').toFixed(2), summary.token.failed],
      ].filter((row) => row[1] !== 'NaN'),
    ),
  );
  console.log('\nCPU used during the runs, in cores (of 2), median; other = busy time of processes outside this benchmark:');
  for (const [name, samples] of Object.entries(cpu)) {
    const med = Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((c) => c[k]))]));
    const rps = summary[name].rps;
    const perRequest = name === 'bare' ? `bare ${((med.bare / rps) * 1e6).toFixed(0)} µs` : `server ${((med.server / rps) * 1e6).toFixed(0)} µs + postgres ${((med.postgres / rps) * 1e6).toFixed(0)} µs`;
    console.log(`  ${name.padEnd(8)} ${formatCpu(med)}; CPU per request: ${perRequest}`);
  }
  report('auth-requests', {
    bareRps: Math.round(summary.bare.rps),
    sessionRps: Math.round(summary.session.rps),
    sessionP99: summary.session.p99,
    sessionRatio: +ratio('session').toFixed(2),
    tokenRps: Math.round(summary.token.rps),
    tokenP99: summary.token.p99,
    tokenRatio: +ratio('token').toFixed(2),
    healthRps: Math.round(summary.health.rps),
    failed: summary.session.failed + summary.token.failed + summary.bare.failed + summary.health.failed,
  });
} finally {
  await bare?.stop();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (PROFILE) {
  const newest = readdirSync(PROFILE).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
  if (newest) console.log(`\n${summarise(path.join(PROFILE, newest), 30)}`);
}
