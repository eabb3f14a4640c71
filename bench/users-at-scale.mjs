// User list and search latency with 1,000,000 users in one organization.
// Creates its own database latchkey_bench_users_<pid> on the PostgreSQL server at
// 127.0.0.1:5432 (BENCH_PG_URL), migrates it with the CLI, seeds the users with one
// INSERT … SELECT FROM generate_series, then times sequential API requests after warm-up:
// username prefix search, email prefix search, deep cursor pages (unfiltered, and within a
// large search result), and prints EXPLAIN (ANALYZE, BUFFERS) of the same query shapes.
// The database is dropped at the end.
// Usage: npm run build:server && node bench/users-at-scale.mjs
//   BENCH_USERS (default 1000000), BENCH_REQUESTS per kind (default 300),
//   BENCH_SECTION_SECONDS time cap per kind (default 60).
import pg from 'pg';
import { benchDatabase, createAdmin, createToken, cli, machine, quantile, report, startServer, table } from './lib.mjs';

const USERS = Number(process.env.BENCH_USERS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const SECTION_SECONDS = Number(process.env.BENCH_SECTION_SECONDS ?? 60);
const WARMUP = 30;
const TARGET_P95_MS = 20;
const ORG = 'scale';

const database = await benchDatabase('users');
const env = { DATABASE_URL: database.url, WORKER: 'false' };
let server;
let db;
try {
  cli(['migrate'], env);
  createAdmin(env, ORG);
  const token = createToken(env, ORG);
  db = new pg.Client({ connectionString: database.url });
  db.on('error', () => {}); // the server's shutdown ends this connection
  await db.connect();
  const orgId = (await db.query('select id from organizations where slug = $1', [ORG])).rows[0].id;

  // Seed: user1 … userN, emails u1@example.com … ; all indexes of the table in place.
  let t0 = performance.now();
  await db.query(
    `insert into users (organization_id, username, email, status)
     select $1, 'user' || g, 'u' || g || '@example.com', 'active' from generate_series(1, $2::int) g`,
    [orgId, USERS],
  );
  const seedSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await db.query('vacuum (analyze) users');
  const analyzeSeconds = (performance.now() - t0) / 1000;
  const tableSize = (await db.query(`select pg_size_pretty(pg_total_relation_size('users')) as s`)).rows[0].s;

  server = await startServer(env);
  const headers = { authorization: `Bearer ${token}` };
  const base = `${server.url}/api/v1/organizations/${ORG}/users`;
  const get = async (query) => {
    const t = performance.now();
    const res = await fetch(`${base}?${new URLSearchParams(query)}`, { headers });
    const body = await res.json();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${base}?${new URLSearchParams(query)}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };
  const rnd = () => 10_000 + Math.floor(Math.random() * Math.min(89_999, USERS - 10_000));

  /** Times `count` sequential requests from `next()`, after `warmup` untimed ones; time-capped. */
  async function section(name, next, { warmup = WARMUP, count = REQUESTS } = {}) {
    for (let i = 0; i < warmup; i++) await next();
    const times = [];
    let items = 0;
    const end = Date.now() + SECTION_SECONDS * 1000;
    while (times.length < count && Date.now() < end) {
      const { ms, body } = await next();
      times.push(ms);
      items += body.items.length;
    }
    return { name, n: times.length, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: Math.max(...times), itemsPerRequest: items / times.length };
  }

  /** A cursor walk: each call returns the next page, starting over when the end is reached. */
  function pager(query) {
    let cursor;
    return async () => {
      const r = await get({ ...query, ...(cursor && { cursor }) });
      cursor = r.body.nextCursor ?? undefined;
      return r;
    };
  }

  const results = [];
  results.push(await section('username prefix: search=user<5 digits>&limit=50', () => get({ search: `user${rnd()}`, limit: '50' })));
  results.push(await section('email prefix: search=u<5 digits>@&limit=50', () => get({ search: `u${rnd()}@`, limit: '50' })));
  // Pages 201 to 200+REQUESTS of the whole list: the first 200 pages are the warm-up.
  results.push(await section('unfiltered list, cursor pages 201+ (limit=50)', pager({ limit: '50' }), { warmup: 200 }));
  // A search with ~11% of all users (user5…), paged deep with its cursor.
  results.push(await section('search=user5 (111,111 matches), cursor pages 201+', pager({ search: 'user5', limit: '50' }), { warmup: 200 }));
  // A short prefix's first page: hundreds of thousands of matches, one page read.
  results.push(await section('short prefix: search=user<1 digit>&limit=50, first page', () => get({ search: `user${1 + Math.floor(Math.random() * 9)}`, limit: '50' }), { count: Math.min(REQUESTS, 100) }));

  // The query shapes of src/features/users/queries.ts list(): byte-order keys; a search is
  // two ordered range scans (username, else email) merged on the sort key.
  const U = `lower(username) collate "C"`;
  const E = `lower(email) collate "C"`;
  const after = async (where, offset) =>
    (await db.query(`select ${U} as u, id from users where organization_id = $1 and ${where} order by ${U}, id limit 1 offset ${offset}`, [orgId])).rows[0];
  const middle = await after('true', Math.floor(USERS / 2));
  const inUser5 = await after(`${U} like 'user5%'`, 10_000);
  const lastUser5 = (await db.query(`select ${U} as u, id from users where organization_id = $1 and ${U} like 'user5%' order by ${U} desc, id desc limit 1`, [orgId])).rows[0];
  const branch = (key, match, cursor) =>
    `(select users.*, ${key} as sort_key from users where organization_id = $1 ${match} ${cursor ? `and (${key}, id) > ($3, $4::uuid)` : ''} order by ${key}, id limit 51)`;
  const search = (cursor) =>
    `select * from (${branch(U, `and ${U} like $2`, cursor)} union all ${branch(E, `and ${E} like $2 and ${U} not like $2`, cursor)}) m order by sort_key collate "C", id limit 51`;
  const shapes = [
    ['username prefix search=user12345', search(false), [orgId, 'user12345%']],
    ['email prefix search=u12345@', search(false), [orgId, 'u12345@%']],
    ['unfiltered page, cursor in the middle', `select users.*, ${U} as sort_key from users where organization_id = $1 and (${U}, id) > ($2, $3::uuid) order by ${U}, id limit 51`, [orgId, middle.u, middle.id]],
    ['search=user5, page 201', search(true), [orgId, 'user5%', inUser5.u, inUser5.id]],
    ['search=user5, after the last match', search(true), [orgId, 'user5%', lastUser5.u, lastUser5.id]],
    ['short prefix search=user9, first page', search(false), [orgId, 'user9%']],
  ];
  const plans = [];
  for (const [name, text, values] of shapes) {
    const plan = (await db.query(`explain (analyze, buffers, costs off) ${text}`, values)).rows.map((r) => r['QUERY PLAN']);
    const indexes = [...new Set(plan.flatMap((l) => [...l.matchAll(/Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1])))];
    const seq = plan.some((l) => /Seq Scan/.test(l));
    const sort = plan.some((l) => /(^|\s)(Incremental )?Sort/.test(l) && !/Sort Key|Sort Method/.test(l));
    const time = /Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1];
    plans.push({ name, plan, indexes, seq, sort, time });
  }

  console.log(`machine: ${machine()}; PostgreSQL: ${(await db.query('show server_version')).rows[0].server_version} at ${new URL(database.url).host}`);
  console.log(`seeded ${USERS.toLocaleString('en')} users in ${seedSeconds.toFixed(1)} s (${Math.round(USERS / seedSeconds).toLocaleString('en')} rows/s, all 8 indexes in place); vacuum analyze ${analyzeSeconds.toFixed(1)} s; table + indexes ${tableSize}`);
  console.log(`sequential requests through the API with an org_admin token, after warm-up; target p95 ≤ ${TARGET_P95_MS} ms\n`);
  console.log(
    table(
      ['request', 'n', 'p50 ms', 'p95 ms', 'max ms', 'items/page', 'p95 within target'],
      results.map((r) => [r.name, r.n, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), r.itemsPerRequest.toFixed(1), r.p95 <= TARGET_P95_MS ? 'yes' : 'NO']),
    ),
  );
  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the list query shapes:');
  console.log(table(['shape', 'indexes used', 'seq scan', 'sort node', 'execution ms'], plans.map((p) => [p.name, p.indexes.join(', ') || '-', p.seq ? 'YES' : 'no', p.sort ? 'yes' : 'no', p.time])));
  for (const p of plans) console.log(`\n-- ${p.name}\n${p.plan.join('\n')}`);
  report('users-at-scale', {
    users: USERS,
    seedSeconds: +seedSeconds.toFixed(1),
    ...Object.fromEntries(results.flatMap((r, i) => [[`p50_${i}`, +r.p50.toFixed(1)], [`p95_${i}`, +r.p95.toFixed(1)]])),
    sections: results.map((r) => r.name),
    withinTarget: results.filter((r) => r.p95 <= TARGET_P95_MS).length,
  });
} finally {
  await server?.stop();
  await db?.end();
  await database.drop();
}
