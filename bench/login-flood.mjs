// Signed-in people during a login flood: session checks (GET /api/v1/auth/me with console
// session cookies) measured alone, then while a password-login flood (wrong and right
// passwords over many accounts) runs against the same server. Prints the loaded rate as a
// ratio of the unloaded one, and the p99 of the checks under load.
// Usage: npm run build:server && node bench/login-flood.mjs
//   BENCH_SECONDS (default 10) per run, BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (10, the
//   session checks), BENCH_FLOOD_CONNECTIONS (32, the sign-ins), BENCH_ACCOUNTS (40),
//   BENCH_SESSIONS (20 signed-in sessions), BENCH_RIGHT_EVERY (4: one sign-in in 4 has the
//   right password), BENCH_ENV='{"ARGON2_CONCURRENCY":"2"}' extra server environment,
//   BENCH_PROFILE=DIR writes a --cpu-prof profile of the server to DIR and prints its summary.
// The sign-in lockouts are raised so that every flood request reaches argon2, as a
// credential-stuffing storm from many addresses over many accounts would: the per-address and
// per-account limits would otherwise answer most of the flood from 127.0.0.1 without hashing.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { summarise } from './profile-summary.mjs';
import {
  cannon, consoleCookie, cpuMeter, createAdmin, createToken, descendants, formatCpu, machine, median, PASSWORD, report, startServer, table, tempDir, waitQuiet,
} from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_FLOOD_CONNECTIONS ?? 32);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 40);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 20);
const RIGHT_EVERY = Number(process.env.BENCH_RIGHT_EVERY ?? 4);
const PROFILE = process.env.BENCH_PROFILE;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 10;

const dataDir = tempDir('flood');
const env = {
  DATA_DIR: dataDir,
  WORKER: 'false',
  LOG_LEVEL: 'warn',
  LOGIN_MAX_FAILURES: '1000',
  LOGIN_FAILURE_CAP: '100',
  LOGIN_IP_MAX_FAILURES: '100000',
  ...JSON.parse(process.env.BENCH_ENV ?? '{}'),
};
let server;
try {
  createAdmin(env, 'bench', 'bench@example.com');
  const token = createToken(env, 'bench');
  server = await startServer(env, PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {});
  const api = async (method, url, body) => {
    const res = await fetch(`${server.url}/api/v1${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const logins = ['bench@example.com'];
  for (let i = 1; i < ACCOUNTS; i++) {
    const user = await api('POST', '/organizations/bench/users', { username: `flood${i}`, email: `flood${i}@example.com`, privilege: 'org_admin' });
    await api('POST', `/organizations/bench/users/${user.id}/password`, { password: PASSWORD, temporary: false });
    logins.push(`flood${i}@example.com`);
  }
  const cookies = [];
  for (let i = 0; i < SESSIONS; i++) cookies.push(await consoleCookie(server.url, 'bench', logins[i % logins.length]));
  let nextCookie = 0;
  const check = {
    url: `${server.url}/api/v1/auth/me`,
    connections: CONNECTIONS,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, cookie: `lk_console=${cookies[nextCookie++ % cookies.length]}` } }) }],
  };
  const me = await fetch(check.url, { headers: { cookie: `lk_console=${cookies[0]}` } });
  if (me.status !== 200 || (await me.json()).via !== 'console') throw new Error(`session check: unexpected ${me.status}`);
  let nextLogin = 0;
  const flood = {
    url: `${server.url}/api/v1/auth/login`,
    method: 'POST',
    connections: FLOOD_CONNECTIONS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const n = nextLogin++;
          // Each account sees right and wrong passwords in turn.
          const password = (n + Math.floor(n / logins.length)) % RIGHT_EVERY === 0 ? PASSWORD : `wrong ${n}`;
          return { ...req, body: JSON.stringify({ organization: 'bench', login: logins[n % logins.length], password }) };
        },
      },
    ],
  };
  // Warm-up of both paths (JIT, pools, caches).
  await cannon({ ...check, duration: 3 });
  await cannon({ ...flood, duration: 3 });

  const groups = { server: () => [server.pid], postgres: () => descendants(server.pid).slice(1), autocannon: () => [process.pid] };
  const runs = { alone: [], loaded: [], flood: [] };
  const cpu = { alone: [], loaded: [] };
  for (let round = 0; round < ROUNDS; round++) {
    await waitQuiet();
    let meter = cpuMeter(groups);
    runs.alone.push(await cannon({ ...check, duration: DURATION }));
    cpu.alone.push(meter.end());
    await waitQuiet();
    meter = cpuMeter(groups);
    // The flood starts first and ends last, so the checks run entirely under it.
    const floodRun = cannon({ ...flood, duration: DURATION + 2 });
    await new Promise((r) => setTimeout(r, 1000));
    runs.loaded.push(await cannon({ ...check, duration: DURATION }));
    cpu.loaded.push(meter.end());
    runs.flood.push(await floodRun);
  }
  const rps = (name) => median(runs[name].map((r) => r.requests.average));
  const p = (name, q) => median(runs[name].map((r) => r.latency[q]));
  const failed = (name) => runs[name].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0);
  const floodStatus = {};
  for (const r of runs.flood) for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) floodStatus[k] = (floodStatus[k] ?? 0) + v.count;
  const ratio = rps('loaded') / rps('alone');
  console.log(`machine: ${machine()}`);
  console.log(`${SESSIONS} console sessions over ${Math.min(SESSIONS, ACCOUNTS)} accounts; checks: ${CONNECTIONS} connections; flood: ${FLOOD_CONNECTIONS} connections over ${ACCOUNTS} accounts, one in ${RIGHT_EVERY} with the right password; ${ROUNDS} rounds × ${DURATION} s, median`);
  console.log(
    table(
      ['run', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'failed'],
      [
        ['session checks alone', rps('alone').toFixed(0), p('alone', 'p50'), p('alone', 'p99'), p('alone', 'max'), failed('alone')],
        ['session checks during the flood', rps('loaded').toFixed(0), p('loaded', 'p50'), p('loaded', 'p99'), p('loaded', 'max'), failed('loaded')],
        ['the flood: POST /api/v1/auth/login', rps('flood').toFixed(1), p('flood', 'p50'), p('flood', 'p99'), p('flood', 'max'), JSON.stringify(floodStatus)],
      ],
    ),
  );
  console.log(`ratio loaded / alone: ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}); p99 under load ${p('loaded', 'p99')} ms (target ≤ ${TARGET_P99_MS} ms)`);
  console.log('\nCPU used during the runs, in cores (of 2), median; other = busy time of processes outside this benchmark:');
  for (const [name, samples] of Object.entries(cpu)) {
    const med = Object.fromEntries(Object.keys(samples[0]).map((k) => [k, median(samples.map((c) => c[k]))]));
    console.log(`  ${name.padEnd(7)} ${formatCpu(med)}`);
  }
  report('login-flood', {
    aloneRps: Math.round(rps('alone')),
    aloneP99: p('alone', 'p99'),
    loadedRps: Math.round(rps('loaded')),
    loadedP99: p('loaded', 'p99'),
    ratio: +ratio.toFixed(2),
    floodRps: +rps('flood').toFixed(1),
    floodP99: p('flood', 'p99'),
    met: ratio >= TARGET_RATIO && p('loaded', 'p99') <= TARGET_P99_MS,
    failed: failed('alone') + failed('loaded'),
  });
} finally {
  await server?.stop();
}
if (PROFILE) {
  const newest = readdirSync(PROFILE).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
  if (newest) console.log(`\n${summarise(path.join(PROFILE, newest), 30)}`);
}
