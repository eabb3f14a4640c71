// Audit log search and export with 1,000,000 events in one organization (and 200,000 of
// another interleaved with them, so the organization filter has work to do). Creates its own database
// latchkey_bench_audit_<pid> on the PostgreSQL server at 127.0.0.1:5432 (BENCH_PG_URL),
// migrates it with the CLI, seeds a year of events with one INSERT … SELECT FROM
// generate_series (10,000 people; 60 % login.succeeded, 20 % login.failed, …, 1 % with an
// impersonator), then times sequential API requests per filter after warm-up, prints
// EXPLAIN (ANALYZE, BUFFERS) of the same query shapes, and streams the whole export while
// sampling the server's memory. The database is dropped at the end.
// Usage: npm run build:server && node bench/audit-at-scale.mjs
//   BENCH_EVENTS (default 1000000), BENCH_REQUESTS per kind (default 200),
//   BENCH_SECTION_SECONDS time cap per kind (default 30).
import pg from 'pg';
import { benchDatabase, createAdmin, createToken, cli, machine, mib, quantile, report, rssKiB, startServer, table } from './lib.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const SECTION_SECONDS = Number(process.env.BENCH_SECTION_SECONDS ?? 30);
const WARMUP = 20;
const TARGET_P95_MS = 20;
const ORG = 'trail';
const PEOPLE = 10_000;

const database = await benchDatabase('audit');
const env = { DATABASE_URL: database.url, WORKER: 'false' };
let server;
let db;
try {
  cli(['migrate'], env);
  createAdmin(env, ORG);
  createAdmin(env, 'noise');
  const token = createToken(env, ORG);
  db = new pg.Client({ connectionString: database.url });
  db.on('error', () => {}); // the server's shutdown ends this connection
  await db.connect();
  const orgId = (await db.query('select id from organizations where slug = $1', [ORG])).rows[0].id;
  const noiseId = (await db.query('select id from organizations where slug = $1', ['noise'])).rows[0].id;

  await db.query(`create table bench_people as select i, gen_random_uuid() as id, 'person' || i as name from generate_series(0, ${PEOPLE - 1}) i`);
  await db.query('create unique index on bench_people (i)');
  // Every sixth event is the other organization's, so the two are interleaved in id order as
  // organizations on one server are.
  const TOTAL = Math.round(EVENTS * 1.2);
  const seed = () =>
    db.query(
      `insert into audit_events (organization_id, occurred_at, actor_type, actor_id, actor_label, impersonator_id, impersonator_label, action, target_type, target_id, ip, user_agent, data)
       select case when g % 6 = 5 then $3::uuid else $1::uuid end,
              now() - interval '365 days' + g * (interval '365 days' / $2::int),
              'user', a.id, a.name,
              case when g % 100 = 42 then i.id end, case when g % 100 = 42 then i.name end,
              case when g % 100 < 60 then 'login.succeeded' when g % 100 < 80 then 'login.failed' when g % 100 < 85 then 'login.locked_out'
                   when g % 100 < 90 then 'user.updated' when g % 100 < 95 then 'invitation.sent' when g % 100 < 98 then 'password.changed'
                   when g % 100 < 99 then 'group.member_added' else 'api_token.created' end,
              'user', t.id, '198.51.100.' || (g % 250), 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', jsonb_build_object('n', g)
       from generate_series(1, $2::int) g
       join bench_people a on a.i = g % ${PEOPLE}
       join bench_people t on t.i = (g * 7) % ${PEOPLE}
       join bench_people i on i.i = (g / 100) % 50`,
      [orgId, TOTAL, noiseId],
    );
  let t0 = performance.now();
  await seed();
  const seedSeconds = (performance.now() - t0) / 1000;
  await db.query('vacuum (analyze) audit_events');
  const tableSize = (await db.query(`select pg_size_pretty(pg_total_relation_size('audit_events')) as s`)).rows[0].s;
  const person = async (i) => (await db.query('select id from bench_people where i = $1', [i])).rows[0].id;

  server = await startServer(env);
  const headers = { authorization: `Bearer ${token}` };
  const base = `${server.url}/api/v1/organizations/${ORG}/audit-events`;
  const get = async (query) => {
    const t = performance.now();
    const res = await fetch(`${base}?${new URLSearchParams(query)}`, { headers });
    const body = await res.json();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${base}?${new URLSearchParams(query)}: ${res.status} ${JSON.stringify(body)}`);
    return { ms, body };
  };
  const ids = [];
  for (let k = 0; k < 200; k++) ids.push(await person((k * 53) % PEOPLE));
  const impersonators = [];
  for (let k = 0; k < 50; k++) impersonators.push(await person(k));
  const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
  const day = () => {
    const start = new Date(Date.now() - Math.floor(Math.random() * 360 + 2) * 86_400_000);
    return { since: start.toISOString(), until: new Date(start.getTime() + 86_400_000).toISOString() };
  };

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
  function pager(query) {
    let cursor;
    return async () => {
      const r = await get({ ...query, ...(cursor && { cursor }) });
      cursor = r.body.nextCursor ?? undefined;
      return r;
    };
  }

  const results = [];
  results.push(await section('newest 100, no filter', () => get({})));
  results.push(await section('no filter, cursor pages 101+', pager({}), { warmup: 100 }));
  results.push(await section('action=login.failed (20 %)', () => get({ action: 'login.failed' })));
  results.push(await section('action=login.* (85 %)', () => get({ action: 'login.*' })));
  results.push(await section('action=group.* (1 %), cursor pages', pager({ action: 'group.*' })));
  results.push(await section('actorId=<one of 10,000>', () => get({ actorId: pick(ids) })));
  results.push(await section('impersonatorId=<one of 50>', () => get({ impersonatorId: pick(impersonators) })));
  results.push(await section('targetId=<one of 10,000>', () => get({ targetId: pick(ids) })));
  results.push(await section('one day (since/until)', () => get(day())));
  results.push(await section('one day + action=password.changed', () => get({ ...day(), action: 'password.changed' })));
  results.push(await section('actorId + action=login.*', () => get({ actorId: pick(ids), action: 'login.*' })));

  // The query shapes of src/features/audit/queries.ts listEvents().
  const who = ids[0];
  const { since, until } = day();
  const select = `select * from audit_events where organization_id = $1`;
  const shapes = [
    ['no filter', `${select} order by occurred_at desc, id desc limit 101`, [orgId]],
    ['action prefix login.%', `${select} and action collate "C" like 'login.%' order by occurred_at desc, id desc limit 101`, [orgId]],
    ['action prefix group.%', `${select} and action collate "C" like 'group.%' order by occurred_at desc, id desc limit 101`, [orgId]],
    ['actor', `${select} and actor_id = $2 order by occurred_at desc, id desc limit 101`, [orgId, who]],
    ['impersonator', `${select} and impersonator_id = $2 order by occurred_at desc, id desc limit 101`, [orgId, impersonators[0]]],
    ['one day', `${select} and occurred_at >= $2 and occurred_at < $3 order by occurred_at desc, id desc limit 101`, [orgId, since, until]],
    ['one day + action', `${select} and action collate "C" = 'password.changed' and occurred_at >= $2 and occurred_at < $3 order by occurred_at desc, id desc limit 101`, [orgId, since, until]],
    ['target', `${select} and target_id = $2 order by occurred_at desc, id desc limit 101`, [orgId, who]],
    ['actor + action prefix', `${select} and actor_id = $2 and action collate "C" like 'login.%' order by occurred_at desc, id desc limit 101`, [orgId, who]],
  ];
  const plans = [];
  for (const [name, text, values] of shapes) {
    const plan = (await db.query(`explain (analyze, buffers, costs off) ${text}`, values)).rows.map((r) => r['QUERY PLAN']);
    const indexes = [...new Set(plan.flatMap((l) => [...l.matchAll(/Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/g)].map((m) => m[1])))];
    const seq = plan.some((l) => /Seq Scan/.test(l));
    const time = /Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1];
    plans.push({ name, plan, indexes, seq, time });
  }

  // The whole organization's export, streamed; the server's memory sampled meanwhile.
  const rssBefore = rssKiB(server.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, rssKiB(server.pid));
  }, 50);
  t0 = performance.now();
  const res = await fetch(`${base}/export`, { headers });
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  const exportSeconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);

  console.log(`machine: ${machine()}; PostgreSQL: ${(await db.query('show server_version')).rows[0].server_version} at ${new URL(database.url).host}`);
  console.log(`seeded ${TOTAL.toLocaleString('en')} events (${EVENTS.toLocaleString('en')} in the organization searched, the rest interleaved in another) in ${seedSeconds.toFixed(1)} s, all indexes in place; table + indexes ${tableSize}`);
  console.log(`sequential requests through the API with an org_admin token (100 per page), after warm-up; target p95 ≤ ${TARGET_P95_MS} ms\n`);
  console.log(
    table(
      ['request', 'n', 'p50 ms', 'p95 ms', 'max ms', 'items/page', 'p95 within target'],
      results.map((r) => [r.name, r.n, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), r.itemsPerRequest.toFixed(1), r.p95 <= TARGET_P95_MS ? 'yes' : 'NO']),
    ),
  );
  console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the list query shapes:');
  console.log(table(['shape', 'indexes used', 'seq scan', 'execution ms'], plans.map((p) => [p.name, p.indexes.join(', ') || '-', p.seq ? 'YES' : 'no', p.time])));
  for (const p of plans) console.log(`\n-- ${p.name}\n${p.plan.join('\n')}`);
  console.log(
    `\nexport of all ${lines.toLocaleString('en')} events: ${exportSeconds.toFixed(1)} s (${Math.round(lines / exportSeconds).toLocaleString('en')} events/s, ${(bytes / 1048576 / exportSeconds).toFixed(1)} MiB/s, ${(bytes / 1048576).toFixed(0)} MiB); server RSS ${mib(rssBefore).toFixed(0)} MiB before, peak ${mib(rssPeak).toFixed(0)} MiB`,
  );
  report('audit-at-scale', {
    events: EVENTS,
    seedSeconds: +seedSeconds.toFixed(1),
    ...Object.fromEntries(results.flatMap((r, i) => [[`p50_${i}`, +r.p50.toFixed(1)], [`p95_${i}`, +r.p95.toFixed(1)]])),
    sections: results.map((r) => r.name),
    withinTarget: results.filter((r) => r.p95 <= TARGET_P95_MS).length,
    exportLines: lines,
    exportSeconds: +exportSeconds.toFixed(1),
    exportRssBeforeMiB: +mib(rssBefore).toFixed(0),
    exportRssPeakMiB: +mib(rssPeak).toFixed(0),
  });
} finally {
  await server?.stop();
  await db?.end();
  await database.drop();
}
