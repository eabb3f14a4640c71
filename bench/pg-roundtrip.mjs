// The cost of one PostgreSQL round trip on this machine, the unit every request of the
// server pays several times: sequential queries on one pg connection, wall time and this
// process's CPU per query. Usage: node bench/pg-roundtrip.mjs [postgres-url]
//   (default: the server at 127.0.0.1:5432, database test; BENCH_QUERIES, default 3000)
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { PG_ADMIN_URL, machine, report } from './lib.mjs';

/** CPU time of a process in µs (utime + stime from /proc, 100 Hz ticks). */
function cpuUs(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10_000;
}

const N = Number(process.env.BENCH_QUERIES ?? 3000);
const client = new pg.Client({ connectionString: process.argv[2] ?? PG_ADMIN_URL });
await client.connect();
// The backend serving this connection, when the server runs on this machine (it must).
const backend = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
const results = {};
try {
  for (const [label, text, values] of [
    ['simple protocol: select 1', 'select 1', undefined],
    ['extended protocol: select $1::int (as Kysely sends)', 'select $1::int', [1]],
  ]) {
    for (let i = 0; i < 200; i++) await client.query(text, values); // warm-up
    const cpu0 = process.cpuUsage();
    const b0 = cpuUs(backend);
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await client.query(text, values);
    const wallUs = ((performance.now() - t0) / N) * 1000;
    const cpu = process.cpuUsage(cpu0);
    results[label] = { wallUs, userUs: cpu.user / N, sysUs: cpu.system / N, serverUs: (cpuUs(backend) - b0) / N };
  }
} finally {
  await client.end();
}
console.log(`machine: ${machine()}; ${N} sequential queries each`);
for (const [label, r] of Object.entries(results)) {
  console.log(`${label.padEnd(52)} ${r.wallUs.toFixed(0)} µs/query wall; client CPU ${(r.userUs + r.sysUs).toFixed(0)} µs (user ${r.userUs.toFixed(0)}, sys ${r.sysUs.toFixed(0)}); PostgreSQL backend CPU ${r.serverUs.toFixed(0)} µs`);
}
const ext = Object.values(results)[1];
report('pg-roundtrip', { wallUs: Math.round(ext.wallUs), clientCpuUs: Math.round(ext.userUs + ext.sysUs), serverCpuUs: Math.round(ext.serverUs) });
