// Invitation creation throughput: POST /api/v1/organizations/{org}/users with
// {username, email, invite:true}, each a new user. Every request writes the user, the
// invitation and the outbox message (plus two audit events) in one transaction. The server
// runs with WORKER=false so delivery does not compete, on a fresh embedded PostgreSQL.
// Usage: npm run build:server && node bench/invitations.mjs
//   BENCH_SECONDS (default 10) per run, BENCH_ROUNDS (default 3), BENCH_CONNECTIONS (default 10),
//   BENCH_PROFILE=DIR writes a --cpu-prof profile of the server to DIR and prints its summary,
//   BENCH_SYNC_COMMIT=off sets synchronous_commit=off on the (temporary) embedded PostgreSQL,
//   to see how much of the time is waiting for the WAL flush of each commit.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { summarise } from './profile-summary.mjs';
import {
  cannon, cpuMeter, createAdmin, createToken, descendants, embeddedUrl, formatCpu, freePort, machine, median, report, startServer, table, tempDir, waitQuiet,
} from './lib.mjs';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PROFILE = process.env.BENCH_PROFILE;
const SYNC_COMMIT = process.env.BENCH_SYNC_COMMIT;
const TARGET = 1000;

async function tableScans(db) {
  // pg_stat views lag by up to the stats flush interval; ask for fresh values.
  await db.query('select pg_stat_clear_snapshot()');
  await new Promise((r) => setTimeout(r, 1200));
  return (await db.query('select relname, seq_scan::int, seq_tup_read::bigint::float8 as seq_tup_read, coalesce(idx_scan, 0)::int as idx_scan from pg_stat_user_tables')).rows;
}
/** Database-wide counters: commits, WAL records and bytes, MultiXact SLRU pages touched. */
async function dbCounters(db) {
  const { rows } = await db.query(`select
    (select xact_commit from pg_stat_database where datname = current_database())::float8 as commits,
    (select wal_records from pg_stat_wal)::float8 as wal_records,
    (select wal_bytes from pg_stat_wal)::float8 as wal_bytes,
    (select sum(blks_zeroed + blks_hit + blks_read) from pg_stat_slru where name ilike 'multi%')::float8 as multixact_pages,
    (select count(*) from pg_stat_activity where wait_event_type = 'Lock')::int as waiting`);
  return rows[0];
}
const scanDelta = (a, b) =>
  b
    .map((t) => {
      const before = a.find((x) => x.relname === t.relname) ?? { seq_scan: 0, seq_tup_read: 0, idx_scan: 0 };
      return { relname: t.relname, seq_scan: t.seq_scan - before.seq_scan, seq_tup_read: t.seq_tup_read - before.seq_tup_read, idx_scan: t.idx_scan - before.idx_scan };
    })
    .sort((x, y) => y.seq_tup_read - x.seq_tup_read);

const dataDir = tempDir('invitations');
const dbPort = await freePort();
const env = { DATA_DIR: dataDir, EMBEDDED_DB_PORT: String(dbPort), WORKER: 'false' };
let server;
let db;
try {
  createAdmin(env, 'bench', 'bench@example.com');
  const token = createToken(env, 'bench');
  server = await startServer(env, PROFILE ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`] } : {});
  db = new pg.Client({ connectionString: embeddedUrl(dataDir, dbPort) });
  db.on('error', () => {}); // the server's shutdown ends this connection
  await db.connect();
  if (SYNC_COMMIT) {
    await db.query(`alter system set synchronous_commit = ${SYNC_COMMIT === 'off' ? 'off' : 'on'}`);
    await db.query('select pg_reload_conf()');
  }
  const syncCommit = (await db.query('show synchronous_commit')).rows[0].synchronous_commit;

  let n = 0;
  const invite = (duration) =>
    cannon({
      url: server.url,
      connections: CONNECTIONS,
      duration,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/organizations/bench/users',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          setupRequest: (req) => {
            const i = n++;
            return { ...req, body: JSON.stringify({ username: `invitee${i}`, email: `invitee${i}@example.com`, invite: true }) };
          },
        },
      ],
    });

  await invite(3); // warm-up
  const scans0 = await tableScans(db);
  const counters0 = await dbCounters(db);
  const runs = [];
  const cpu = [];
  for (let round = 0; round < ROUNDS; round++) {
    await waitQuiet();
    const meter = cpuMeter({ server: () => [server.pid], postgres: () => descendants(server.pid).slice(1), autocannon: () => [process.pid] });
    const r = await invite(DURATION);
    cpu.push(meter.end());
    runs.push(r);
  }
  const rates = runs.map((r) => r['2xx'] / r.duration);
  const rate = median(rates);
  const p99 = median(runs.map((r) => r.latency.p99));
  const p50 = median(runs.map((r) => r.latency.p50));
  const failed = runs.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0);

  // Every accepted request left one user, one pending invitation and one queued email.
  const counts = (
    await db.query(`select
      (select count(*) from users where username like 'invitee%')::int as users,
      (select count(*) from invitations i join users u on u.id = i.user_id where u.username like 'invitee%' and i.state = 'pending')::int as invitations,
      (select count(*) from outbox_messages where kind = 'invitation_link' and state = 'queued')::int as outbox`)
  ).rows[0];
  const scans = scanDelta(scans0, await tableScans(db));
  const counters1 = await dbCounters(db);
  const med = Object.fromEntries(Object.keys(cpu[0]).map((k) => [k, median(cpu.map((c) => c[k]))]));

  console.log(`machine: ${machine()}`);
  console.log(`autocannon: ${CONNECTIONS} connections, ${ROUNDS} runs × ${DURATION} s, median; WORKER=false, embedded PostgreSQL (synchronous_commit=${syncCommit}), DB_POOL_SIZE default`);
  console.log(
    table(
      ['figure', 'value'],
      [
        ['invitations/s (201 responses per second)', rate.toFixed(0)],
        ['each run', rates.map((x) => x.toFixed(0)).join(', ')],
        ['latency p50 / p99 ms', `${p50} / ${p99}`],
        [`ratio to target ${TARGET}/s`, (rate / TARGET).toFixed(2)],
        ['failed requests', failed],
        ['users / pending invitations / queued emails in the database', `${counts.users} / ${counts.invitations} / ${counts.outbox}`],
        ['CPU in cores (median)', formatCpu(med)],
        ['CPU per invitation', `server ${((med.server / rate) * 1e6).toFixed(0)} µs + postgres ${((med.postgres / rate) * 1e6).toFixed(0)} µs`],
      ],
    ),
  );
  console.log('\ntable access during the measured runs (pg_stat_user_tables, per accepted invitation):');
  const accepted = runs.reduce((s, r) => s + r['2xx'], 0);
  console.log(
    table(
      ['table', 'seq scans', 'rows read by seq scans', 'index scans'],
      scans.filter((t) => t.seq_scan + t.idx_scan > 0).map((t) => [t.relname, (t.seq_scan / accepted).toFixed(2), (t.seq_tup_read / accepted).toFixed(0), (t.idx_scan / accepted).toFixed(2)]),
    ),
  );
  const per = (k) => ((counters1[k] - counters0[k]) / accepted).toFixed(1);
  console.log(`per accepted invitation: ${per('commits')} commits, ${per('wal_records')} WAL records, ${per('wal_bytes')} WAL bytes, ${per('multixact_pages')} MultiXact SLRU page accesses`);
  if (counts.users !== n - failed && failed === 0) console.log(`note: ${n} requests built, ${counts.users} users stored (autocannon builds a few requests it never sends)`);
  report('invitations', { rate: Math.round(rate), ratioToTarget: +(rate / TARGET).toFixed(2), p50, p99, failed, consistent: counts.users === counts.invitations && counts.invitations === counts.outbox });
} finally {
  await db?.end();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
if (PROFILE) {
  const newest = readdirSync(PROFILE).filter((f) => f.endsWith('.cpuprofile')).sort().pop();
  if (newest) console.log(`\n${summarise(path.join(PROFILE, newest), 30)}`);
}
