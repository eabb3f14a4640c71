// Bulk import of users through `latchkey users import` (the same service as the API upload).
// Creates its own database latchkey_bench_imports_<pid> on the PostgreSQL server at
// 127.0.0.1:5432 (BENCH_PG_URL), migrates it with the CLI, then:
//   1. imports BENCH_INVITE_ROWS (default 100,000) users from a CSV with --invite: every
//      user, invitation, rendered message queued in the outbox and audit event written;
//      timed against the 20 s target; the counts checked in the database afterwards.
//   2. imports BENCH_LARGE_ROWS (default 1,000,000) users from a CSV (no invitations) and
//      samples the CLI's resident memory every 100 ms: the peak, and the peak of the first
//      tenth of the file, whose ratio says whether memory grows with the file (flat ≈ 1).
//   3. runs the large file again as a dry run (every row checked against the database and
//      the file's earlier rows: all reported existing), with the same memory sampling.
// Nothing is delivered (no worker runs): invitations are queued, as an import leaves them.
// Usage: npm run bench:import   (BENCH_LARGE_ROWS=0 skips steps 2 and 3)
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { summarise } from './profile-summary.mjs';
import { benchDatabase, CLI, cli, createAdmin, machine, mib, report, rssKiB, table, tempDir, waitQuiet } from './lib.mjs';

const INVITE_ROWS = Number(process.env.BENCH_INVITE_ROWS ?? 100_000);
const LARGE_ROWS = Number(process.env.BENCH_LARGE_ROWS ?? 1_000_000);
const TARGET_SECONDS = 20;
// BENCH_PROFILE=DIR: the invite run's CLI under --cpu-prof, its summary printed at the end.
const PROFILE = process.env.BENCH_PROFILE;
const ORG = 'bench';

/** Writes a CSV of `rows` users (prefix-numbered), with names, a group and an attribute. */
async function writeCsv(file, rows, prefix) {
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('username,email,first_name,last_name,groups,attributes.department\n');
  for (let i = 1; i <= rows; i++) {
    await write(`${prefix}${i},${prefix}${i}@example.com,First${i},"Last, ${i}",Staff,dept${i % 17}\n`);
  }
  await new Promise((r) => out.end(r));
  return statSync(file).size;
}

/** CPU time (utime + stime) of a process in seconds, or undefined once it is gone. */
function cpuSeconds(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Runs the CLI import and samples, every 100 ms, its resident memory and the CPU time of it
 * and of the PostgreSQL backends serving the bench database (the last value seen of each,
 * since they are gone by the end). `backends()` lists those backends' pids.
 */
function timedImport(args, env, backends, nodeArgs = []) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, CLI, 'users', 'import', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.length > 1e6) stdout = stdout.slice(-1e5);
    });
    child.stderr.on('data', (d) => (stderr += d));
    const samples = [];
    const cpu = new Map(); // pid → { party, seconds }
    const m0 = machineBusy();
    let pgPids = [];
    let listing = false;
    const timer = setInterval(() => {
      samples.push({ t: performance.now() - t0, kib: rssKiB(child.pid) });
      for (const [pid, party] of [[child.pid, 'cli'], ...pgPids.map((p) => [p, 'postgres'])]) {
        const sec = cpuSeconds(pid);
        if (sec !== undefined) cpu.set(pid, { party, seconds: sec });
      }
      if (!listing) {
        listing = true;
        backends()
          .then((p) => (pgPids = p))
          .finally(() => (listing = false));
      }
    }, 100);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      const busy = machineBusy();
      if (code !== 0) return reject(new Error(`import exited with ${code}: ${stderr}${stdout.slice(-2000)}`));
      const kib = samples.map((x) => x.kib).filter((k) => k > 0);
      const firstTenth = samples.filter((x) => x.t <= seconds * 100).map((x) => x.kib).filter((k) => k > 0);
      const sum = (party) => [...cpu.values()].filter((c) => c.party === party).reduce((a, c) => a + c.seconds, 0);
      const machineCores = ((busy.busy - m0.busy) / (busy.total - m0.total)) * availableParallelism();
      resolve({ seconds, stdout, peakKiB: Math.max(...kib), firstTenthPeakKiB: Math.max(...firstTenth), cliCpu: sum('cli'), pgCpu: sum('postgres'), machineCores });
    });
  });
}

/** Machine-wide busy and total CPU ticks. */
function machineBusy() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = f[3] + (f[4] ?? 0);
  return { busy: f.slice(0, 8).reduce((a, b) => a + b, 0) - idle, total: f.slice(0, 8).reduce((a, b) => a + b, 0) };
}

/** "cli 12.3 s, postgres 8.1 s of CPU; machine 2.00 cores busy" */
const cpuText = (r) => `cli ${r.cliCpu.toFixed(1)} s, postgres ${r.pgCpu.toFixed(1)} s; machine ${r.machineCores.toFixed(2)} cores busy`;

const database = await benchDatabase('imports');
const env = { DATABASE_URL: database.url, WORKER: 'false', PUBLIC_URL: 'http://latchkey.bench' };
const dir = tempDir('imports');
let db;
try {
  cli(['migrate'], env);
  createAdmin(env, ORG);
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  const orgId = (await db.query('select id from organizations where slug = $1', [ORG])).rows[0].id;
  await db.query(`insert into groups (organization_id, name) values ($1, 'Staff')`, [orgId]);
  // The PostgreSQL backends serving the CLI's connections to this database.
  const pgPids = async () => (await db.query('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database.name])).rows.map((r) => r.pid);

  const invitesFile = path.join(dir, 'invite.csv');
  const inviteBytes = await writeCsv(invitesFile, INVITE_ROWS, 'inv');
  const busy = await waitQuiet();
  const invite = await timedImport([invitesFile, '--org', ORG, '--invite'], env, pgPids, PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] : []);
  if (PROFILE) {
    const newest = readdirSync(PROFILE).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
    if (newest) console.log(`${summarise(path.join(PROFILE, newest), 30)}\n`);
  }
  const counts = (await db.query(
    `select (select count(*) from users where organization_id = $1 and username like 'inv%') as users,
            (select count(*) from invitations where organization_id = $1 and state = 'pending') as invitations,
            (select count(*) from outbox_messages where organization_id = $1 and kind = 'invitation_link' and state = 'queued') as messages,
            (select count(*) from audit_events where organization_id = $1 and action = 'invitation.sent') as audited`,
    [orgId],
  )).rows[0];
  for (const [k, v] of Object.entries(counts)) if (Number(v) !== INVITE_ROWS) throw new Error(`expected ${INVITE_ROWS} ${k}, found ${v}`);

  console.log(`machine: ${machine()}; PostgreSQL: ${(await db.query('show server_version')).rows[0].server_version} at ${new URL(database.url).host}; busy cores before: ${busy.toFixed(2)}\n`);
  const rows = [
    [
      `${INVITE_ROWS.toLocaleString('en')} users --invite (${(inviteBytes / 2 ** 20).toFixed(1)} MiB CSV)`,
      invite.seconds.toFixed(1),
      Math.round(INVITE_ROWS / invite.seconds).toLocaleString('en'),
      `${(invite.seconds / TARGET_SECONDS).toFixed(2)} of ${TARGET_SECONDS} s`,
      mib(invite.peakKiB).toFixed(0),
      cpuText(invite),
    ],
  ];
  // What the run would take if it had the machine's two cores to itself: the CPU it used,
  // spread over two cores, bounded below by the part that runs on one thread (the CLI).
  const idleEstimate = Math.max(invite.cliCpu, (invite.cliCpu + invite.pgCpu) / 2);
  const figures = {
    inviteRows: INVITE_ROWS,
    inviteSeconds: +invite.seconds.toFixed(1),
    inviteRatio: +(invite.seconds / TARGET_SECONDS).toFixed(2),
    inviteCliCpu: +invite.cliCpu.toFixed(1),
    invitePgCpu: +invite.pgCpu.toFixed(1),
    inviteCpuBoundSeconds: +idleEstimate.toFixed(1),
    inviteCpuBoundRatio: +(idleEstimate / TARGET_SECONDS).toFixed(2),
    invitePeakMiB: +mib(invite.peakKiB).toFixed(0),
  };

  if (LARGE_ROWS > 0) {
    const largeFile = path.join(dir, 'large.csv');
    const largeBytes = await writeCsv(largeFile, LARGE_ROWS, 'big');
    await waitQuiet();
      const large = await timedImport([largeFile, '--org', ORG], env, pgPids);
    const created = Number((await db.query(`select count(*) as n from users where organization_id = $1 and username like 'big%'`, [orgId])).rows[0].n);
    if (created !== LARGE_ROWS) throw new Error(`expected ${LARGE_ROWS} users, found ${created}`);
      const dry = await timedImport([largeFile, '--org', ORG, '--dry-run'], env, pgPids);
    if (!dry.stdout.includes(`${LARGE_ROWS} existing`)) throw new Error(`dry run did not report every row existing: ${dry.stdout.slice(-500)}`);
    const size = `${(largeBytes / 2 ** 20).toFixed(0)} MiB CSV`;
    for (const [name, r] of [[`${LARGE_ROWS.toLocaleString('en')} users (${size})`, large], [`same file, --dry-run (all existing)`, dry]]) {
      rows.push([name, r.seconds.toFixed(1), Math.round(LARGE_ROWS / r.seconds).toLocaleString('en'), `peak ${(r.peakKiB / r.firstTenthPeakKiB).toFixed(2)} × first tenth's`, mib(r.peakKiB).toFixed(0), cpuText(r)]);
    }
    Object.assign(figures, {
      largeRows: LARGE_ROWS,
      largeSeconds: +large.seconds.toFixed(1),
      largePeakMiB: +mib(large.peakKiB).toFixed(0),
      largeGrowth: +(large.peakKiB / large.firstTenthPeakKiB).toFixed(2),
      dryRunSeconds: +dry.seconds.toFixed(1),
      dryRunPeakMiB: +mib(dry.peakKiB).toFixed(0),
      dryRunGrowth: +(dry.peakKiB / dry.firstTenthPeakKiB).toFixed(2),
    });
  }
  console.log(table(['import', 'seconds', 'rows/s', 'ratio', 'peak RSS MiB (CLI)', 'CPU'], rows));
  console.log(`\nwith the two cores to itself, the invite run's CPU would take at least ${idleEstimate.toFixed(1)} s: ${(idleEstimate / TARGET_SECONDS).toFixed(2)} of the ${TARGET_SECONDS} s target`);
  report('imports', figures);
} finally {
  await db?.end();
  await database.drop();
}
