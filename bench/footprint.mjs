// Memory footprint and start time of `latchkey serve` on the embedded PostgreSQL:
//  - time to /ready answering 200 on an empty data directory (initdb + migrations) and on an
//    existing one (the second start, which is what a restart costs);
//  - RSS of the server process idle (5 s after start, and settled after 30 s) and during autocannon runs on /health and on
//    GET /api/v1/auth/me with an API token, sampled every 100 ms;
//  - RSS and PSS of the embedded PostgreSQL (the postmaster, whose command line names the
//    data directory, and all its children: backends, io workers, checkpointer, …). PSS
//    splits shared pages (shared_buffers) between the processes that map them, so its sum
//    is the honest total; the RSS sum counts shared pages once per process.
// Usage: npm run build:server && node bench/footprint.mjs   (BENCH_SECONDS per load run, default 10)
import { readFileSync, rmSync } from 'node:fs';
import {
  cannon, createAdmin, createToken, descendants, freePort, machine, mib, pidsMatching, report, rssKiB, sleep, startServer, table, tempDir,
} from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const SETTLE_MS = 30_000;

/** Proportional set size of one process in KiB (0 when it is gone). */
function pssKiB(pid) {
  try {
    const m = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Memory of the server process and of its embedded PostgreSQL processes, in KiB. */
function memory(serverPid, dataDir) {
  const pgPids = descendants(serverPid).slice(1);
  const withDataDir = pidsMatching(dataDir).filter((p) => p !== serverPid);
  return {
    serverRss: rssKiB(serverPid),
    pgRss: pgPids.reduce((s, p) => s + rssKiB(p), 0),
    pgPss: pgPids.reduce((s, p) => s + pssKiB(p), 0),
    pgProcesses: pgPids.length,
    pgDataDirRss: withDataDir.reduce((s, p) => s + rssKiB(p), 0),
  };
}

/** Starts the server on a known port and times spawn → first 200 from /ready. */
async function timedStart(env) {
  const port = await freePort();
  const t0 = performance.now();
  const server = await startServer({ ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const ok = await fetch(`${url}/ready`).then((r) => r.status === 200, () => false);
    if (ok) return { server, url, seconds: (performance.now() - t0) / 1000 };
    if (performance.now() - t0 > 120_000) throw new Error('/ready did not answer 200 within 120 s');
    await sleep(10);
  }
}

/** Runs autocannon while sampling memory every 100 ms; returns peak and mean. */
async function underLoad(server, dataDir, opts) {
  const samples = [];
  const timer = setInterval(() => samples.push(memory(server.pid, dataDir)), 100);
  const result = await cannon({ ...opts, connections: 10, duration: DURATION });
  clearInterval(timer);
  const peak = (k) => Math.max(...samples.map((s) => s[k]));
  const mean = (k) => samples.reduce((a, s) => a + s[k], 0) / samples.length;
  return { rps: result.requests.average, failed: result.non2xx + result.errors, serverPeak: peak('serverRss'), serverMean: mean('serverRss'), pgRssPeak: peak('pgRss'), pgPssPeak: peak('pgPss'), pgProcesses: peak('pgProcesses') };
}

const dataDir = tempDir('footprint');
// The shipped defaults (LOG_LEVEL=info: a log line per request, written to a file here; the
// outbox worker on) on an embedded PostgreSQL.
const env = { DATA_DIR: dataDir, LOG_LEVEL: 'info' };
let server;
try {
  const first = await timedStart(env);
  await first.server.stop();
  createAdmin(env, 'bench', 'bench@example.com');
  const token = createToken(env, 'bench');
  const second = await timedStart(env);
  server = second.server;
  await sleep(5000);
  const idle = memory(server.pid, dataDir);
  // V8 collects the start-up garbage only once the process has been idle for a while (its
  // memory reducer): the figure a resting server holds.
  await sleep(SETTLE_MS - 5000);
  const settled = memory(server.pid, dataDir);
  await cannon({ url: `${second.url}/health`, connections: 10, duration: 2 }); // warm-up
  const health = await underLoad(server, dataDir, { url: `${second.url}/health` });
  const me = await underLoad(server, dataDir, { url: `${second.url}/api/v1/auth/me`, headers: { authorization: `Bearer ${token}` } });
  await sleep(5000);
  const after = memory(server.pid, dataDir);

  console.log(`machine: ${machine()}; LOG_LEVEL=info, WORKER on, embedded PostgreSQL; autocannon 10 connections × ${DURATION} s`);
  console.log(
    table(
      ['figure', 'value'],
      [
        ['first start (empty data dir: initdb, migrations) → /ready 200', `${first.seconds.toFixed(2)} s`],
        ['second start (existing data dir) → /ready 200', `${second.seconds.toFixed(2)} s`],
        ['server RSS idle (5 s after start)', `${mib(idle.serverRss).toFixed(0)} MiB`],
        [`server RSS idle, settled (${SETTLE_MS / 1000} s after start)`, `${mib(settled.serverRss).toFixed(0)} MiB`],
        [`server RSS during /health load (${health.rps.toFixed(0)} req/s) peak / mean`, `${mib(health.serverPeak).toFixed(0)} / ${mib(health.serverMean).toFixed(0)} MiB`],
        [`server RSS during token /auth/me load (${me.rps.toFixed(0)} req/s) peak / mean`, `${mib(me.serverPeak).toFixed(0)} / ${mib(me.serverMean).toFixed(0)} MiB`],
        ['server RSS 5 s after the load', `${mib(after.serverRss).toFixed(0)} MiB`],
        [`embedded PostgreSQL idle: ${idle.pgProcesses} processes, RSS sum / PSS sum`, `${mib(idle.pgRss).toFixed(0)} / ${mib(idle.pgPss).toFixed(0)} MiB`],
        ['embedded PostgreSQL idle: RSS of processes whose command line names DATA_DIR', `${mib(idle.pgDataDirRss).toFixed(0)} MiB`],
        [`embedded PostgreSQL under /auth/me load: ${me.pgProcesses} processes, RSS sum / PSS sum peak`, `${mib(me.pgRssPeak).toFixed(0)} / ${mib(me.pgPssPeak).toFixed(0)} MiB`],
        ['failed requests', health.failed + me.failed],
      ],
    ),
  );
  report('footprint', {
    firstStartS: +first.seconds.toFixed(2),
    restartS: +second.seconds.toFixed(2),
    serverIdleMiB: +mib(idle.serverRss).toFixed(0),
    serverSettledMiB: +mib(settled.serverRss).toFixed(0),
    serverHealthPeakMiB: +mib(health.serverPeak).toFixed(0),
    serverMePeakMiB: +mib(me.serverPeak).toFixed(0),
    pgIdleRssMiB: +mib(idle.pgRss).toFixed(0),
    pgIdlePssMiB: +mib(idle.pgPss).toFixed(0),
    pgLoadPssMiB: +mib(me.pgPssPeak).toFixed(0),
  });
} finally {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
