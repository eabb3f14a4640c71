// Shared helpers of the benchmarks: starting and stopping the server and its tools, reading
// process memory from /proc, and small statistics. Everything targets 127.0.0.1 only.
import { spawn, execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const CLI = path.join(root, 'bin/latchkey.js');
export const BARE = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
export const PASSWORD = 'correct horse battery staple';
/** The PostgreSQL server benchmarks may create their own databases on (latchkey_bench_*). */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Creates the database latchkey_bench_<name>_<pid> on PG_ADMIN_URL (dropped first if left
 * over) and returns its URL and a drop() that also runs on interruption.
 */
export async function benchDatabase(name) {
  const { default: pg } = await import('pg');
  const dbName = `latchkey_bench_${name}_${process.pid}`;
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${dbName}`;
  const run = async (sql) => {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`drop database if exists ${dbName} with (force)`);
  await run(`create database ${dbName}`);
  let unregister = () => {};
  const drop = async () => {
    unregister();
    await run(`drop database if exists ${dbName} with (force)`);
  };
  unregister = onCleanup(drop);
  return { name: dbName, url: url.href, drop };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Clean-up on interruption: a benchmark stopped by SIGTERM or SIGINT (bench/run.mjs does so
 * when one overruns its time) still stops the processes it started, by their ids, and
 * removes its temp directories and databases. Registered in order, run in reverse.
 */
const cleanups = new Set();
export function onCleanup(fn) {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}
let interrupted = false;
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, async () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`benchmark interrupted (${signal}): cleaning up`);
    // Servers going down make open clients emit errors; they must not stop the clean-up.
    process.on('uncaughtException', (err) => console.error(`during clean-up: ${err.message}`));
    for (const fn of [...cleanups].reverse()) await Promise.resolve().then(fn).catch((err) => console.error(String(err)));
    process.exit(130);
  });
}

export function machine() {
  return `${cpus()[0]?.model?.trim() ?? 'unknown'} × ${availableParallelism()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}`;
}

/** A fresh directory under the system temp dir; removed by the caller. */
export function tempDir(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `latchkey-bench-${name}-`));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs a CLI command to completion and returns its stdout. */
export function cli(args, env, input) {
  return execFileSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 180_000,
  }).toString();
}

/** Process ids whose command line contains `needle` (not this process). */
export function pidsMatching(needle) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmd.includes(needle)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** Resident set size of one process in KiB (0 when it is gone). */
export function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export const mib = (kib) => kib / 1024;

/**
 * Starts a long-running process (`latchkey serve`, `latchkey worker`, the bare Fastify app)
 * with its output in a log file (so the benchmark process does not pay for reading it) and
 * resolves once `ready` matches the log. `stop()` ends it with SIGTERM (SIGKILL after a
 * timeout) and then ends any process left over whose command line names `dataDir` (the
 * embedded PostgreSQL of a server that was killed).
 */
export async function startProcess(args, { env = {}, ready, nodeArgs = [], dataDir, timeoutMs = 120_000, name = 'process' } = {}) {
  const logDir = tempDir('log');
  const logFile = path.join(logDir, 'out.log');
  const fd = openSync(logFile, 'w');
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    cwd: root,
  });
  closeSync(fd);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let unregister = () => {};
  const stop = async () => {
    unregister();
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exitPromise;
      clearTimeout(timer);
    }
    if (dataDir) {
      for (let i = 0; i < 50; i++) {
        const left = pidsMatching(dataDir);
        if (left.length === 0) break;
        if (i === 40) for (const pid of left) try { process.kill(pid, 'SIGKILL'); } catch {}
        await sleep(100);
      }
    }
    rmSync(logDir, { recursive: true, force: true });
  };
  unregister = onCleanup(stop);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = log();
    const m = ready ? ready.exec(text) : [''];
    if (m) return { child, pid: child.pid, match: m, url: m[1], startedAt, readyAt: performance.now(), log, stop, exited: () => exited };
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${name} ${exited ? `exited (${JSON.stringify(exited)})` : 'did not become ready in time'}:\n${text.slice(-4000)}`);
    }
    await sleep(25);
  }
}

const RUNNING = /Latchkey is running at (\S+)/;

/** `latchkey serve` with the given environment; `url` is where it listens. */
export const startServer = (env, opts = {}) =>
  startProcess([CLI, 'serve'], { env: { PORT: '0', LOG_LEVEL: 'warn', ...env }, ready: RUNNING, dataDir: env.DATA_DIR, name: 'latchkey serve', ...opts });

/** The bare Fastify baseline: one GET route returning {ok:true}. */
export const startBare = () => startProcess([BARE], { ready: /bare fastify listening at (\S+)/, name: 'bare fastify' });

/** One autocannon run; resolves with its result. */
export function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 10, ...opts }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The q-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** Signs in to the console API and returns the `lk_console` cookie value. */
export async function consoleCookie(url, org, login, password = PASSWORD) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organization: org, login, password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lk_console='));
  if (!cookie) throw new Error('login set no lk_console cookie');
  return cookie.split(';')[0].slice('lk_console='.length);
}

/** Creates a platform admin (and its organization) on the configured database. */
export const createAdmin = (env, org, email = `admin@${org}.example`) =>
  cli(['admin', 'create', '--email', email, '--org', org], env, `${PASSWORD}\n`);

/** A new org_admin API token of an organization. */
export const createToken = (env, org, name = 'bench') => cli(['token', 'create', '--org', org, '--name', name], env).trim();

/** Formats a table of rows (arrays of strings) with a header, for the console. */
export function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Prints a machine-readable result line that bench/run.mjs collects. */
export function report(name, figures) {
  console.log(`BENCH_RESULT ${JSON.stringify({ name, ...figures })}`);
}

/** Parent pid and CPU time (utime + stime, clock ticks) of one process, or undefined. */
function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

/** A process and all its descendants (e.g. the server and its embedded PostgreSQL). */
export function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const st = procStat(entry);
    if (st) children.set(st.ppid, [...(children.get(st.ppid) ?? []), Number(entry)]);
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/** Machine-wide busy and total CPU ticks from /proc/stat. */
function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/**
 * CPU accounting over an interval: `groups` maps a name to a function returning pids (read
 * at start and end; a process seen only at the end counts from its start, one gone by the end
 * is not counted). `end()` returns cores used per group,
 * the machine's busy cores, and `other`: busy cores not accounted to any group (other
 * people's processes on the machine, short-lived processes, the kernel's softirq work).
 */
export function cpuMeter(groups) {
  const HZ = 100;
  const sample = () => Object.fromEntries(Object.entries(groups).map(([k, f]) => [k, new Map(f().map((p) => [p, procStat(p)?.ticks ?? 0]))]));
  const t0 = performance.now();
  const m0 = machineTicks();
  const s0 = sample();
  return {
    end() {
      const seconds = (performance.now() - t0) / 1000;
      const m1 = machineTicks();
      const s1 = sample();
      const out = {};
      let accounted = 0;
      for (const k of Object.keys(groups)) {
        let ticks = 0;
        // A process that joined during the interval (a new backend) counts from its start.
        for (const [pid, t] of s1[k]) ticks += t - (s0[k].get(pid) ?? 0);
        out[k] = ticks / HZ / seconds;
        accounted += out[k];
      }
      const share = (m1.busy - m0.busy) / (m1.total - m0.total);
      out.machineBusy = share * availableParallelism();
      out.other = Math.max(0, out.machineBusy - accounted);
      return out;
    },
  };
}

/** "server 0.92, postgres 0.61, ..." for a cpuMeter result, in cores. */
export const formatCpu = (c) => Object.entries(c).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');

/**
 * Waits (at most maxWaitMs) until the machine is nearly idle, so that other work on a shared
 * machine does not skew a measurement; returns the busy cores seen last.
 */
export async function waitQuiet({ maxWaitMs = Number(process.env.BENCH_QUIET_MS ?? 20_000), maxBusyCores = 0.3 } = {}) {
  const end = Date.now() + maxWaitMs;
  for (;;) {
    const a = machineTicks();
    await sleep(1000);
    const b = machineTicks();
    const busy = ((b.busy - a.busy) / (b.total - a.total)) * availableParallelism();
    if (busy <= maxBusyCores || Date.now() > end) return busy;
  }
}

/** A TCP port that is free on 127.0.0.1 right now. */
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Connection URL of the embedded PostgreSQL of a data directory started on `port`. */
export function embeddedUrl(dataDir, port) {
  const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/latchkey`;
}
