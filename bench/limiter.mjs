// The failure limiter's stores side by side with rate-limiter-flexible doing the same job:
// count a failure and start an exponential lockout at the limit, check a key, and read the
// lockouts of 100 users at once (the users list). Memory, PostgreSQL (a bench database on
// 127.0.0.1:5432) and Redis (127.0.0.1:6379), each with the same bounded number of
// operations, BENCH_CONCURRENCY of them in flight.
// Usage: npm run build:server && node bench/limiter.mjs
//   BENCH_OPS (default 4000 per measurement), BENCH_CONCURRENCY (default 8), BENCH_ROUNDS
//   (default 5), BENCH_REDIS_URL
import pg from 'pg';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis } from 'rate-limiter-flexible';
import { connect } from '../dist/db/database.js';
import { migrateToLatest } from '../dist/db/migrate.js';
import { memoryStore, postgresStore, redisStore } from '../dist/limits/stores.js';
import { benchDatabase, machine, median, report, table } from './lib.mjs';

const OPS = Number(process.env.BENCH_OPS ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const rules = { maxFailures: 5, baseSeconds: 60, maxSeconds: 900, resetSeconds: 3600 };

/**
 * The same contract (a FailureStore) built from rate-limiter-flexible's parts, the way its
 * docs do escalating lockouts: a failure counter, a lockout counter (penalty) and a block.
 * It reads time from Date.now() only; `now` is ignored. Three keys per failure key, and up
 * to three round trips for a failure that starts a lockout.
 */
function flexibleStore(make) {
  const failures = make({ keyPrefix: 'f', points: 1e9, duration: rules.resetSeconds });
  const lockouts = make({ keyPrefix: 'l', points: 1e9, duration: rules.resetSeconds + rules.maxSeconds });
  const blocks = make({ keyPrefix: 'b', points: 1, duration: rules.maxSeconds });
  const wait = (res) => (res && res.consumedPoints > 1 ? res.msBeforeNext : 0);
  return {
    async lockedFor(key) {
      return Math.ceil(wait(await blocks.get(key)) / 1000);
    },
    async lockedUntilMany(keys) {
      // No many-keys read in the library: one get per key.
      const now = Date.now();
      return Promise.all(keys.map(async (k) => {
        const ms = wait(await blocks.get(k));
        return ms > 0 ? now + ms : 0;
      }));
    },
    async fail(key, r) {
      const res = await failures.consume(key);
      if (res.consumedPoints % r.maxFailures !== 0) return 0;
      const n = (await lockouts.penalty(key)).consumedPoints;
      const seconds = Math.min(r.baseSeconds * 2 ** (n - 1), r.maxSeconds);
      await blocks.block(key, seconds);
      return seconds;
    },
    async reset(key) {
      await Promise.all([failures.delete(key), lockouts.delete(key), blocks.delete(key)]);
    },
  };
}

/** `ops` operations with `CONCURRENCY` in flight; operations per second. */
async function rate(ops, op) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < ops) await op(next++);
  }));
  return ops / ((performance.now() - t0) / 1000);
}

async function measure(store) {
  const now = () => new Date();
  // 500 keys: every fifth failure of a key starts a lockout, as under a spraying attack.
  const failAndCheck = await rate(OPS, async (i) => {
    const key = `acct:bench:${i % 500}`;
    await store.lockedFor(key, now());
    await store.fail(key, rules, now());
  });
  const users = Array.from({ length: 100 }, (_v, i) => `acct:bench:${i * 5}`);
  const many = await rate(Math.max(50, OPS / 10), () => store.lockedUntilMany(users, now()));
  for (let i = 0; i < 500; i++) await store.reset(`acct:bench:${i}`);
  return { failAndCheck, many };
}

const db = await benchDatabase('limiter');
const database = connect(db.url, 10);
await migrateToLatest(database.db);
const pool = new pg.Pool({ connectionString: db.url, max: 10 });
await pool.query('create table rlflx (key varchar(255) primary key, points integer not null default 0, expire bigint)');
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });

const pgLimiter = (o) => new RateLimiterPostgres({ storeClient: pool, tableName: 'rlflx', tableCreated: true, clearExpiredByTimeout: false, ...o, keyPrefix: `bench_${o.keyPrefix}` });
const candidates = [
  ['memory', 'latchkey', () => memoryStore()],
  ['memory', 'rate-limiter-flexible', () => flexibleStore((o) => new RateLimiterMemory(o))],
  ['postgres', 'latchkey', () => postgresStore(database.pool)],
  ['postgres', 'rate-limiter-flexible', () => flexibleStore(pgLimiter)],
  ['redis', 'latchkey', () => redisStore(REDIS_URL)],
  ['redis', 'rate-limiter-flexible', () => flexibleStore((o) => new RateLimiterRedis({ storeClient: redis, ...o, keyPrefix: `bench:${o.keyPrefix}` }))],
];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const rows = [];
const results = {};
try {
  // The two implementations of a store take turns, round after round, and each keeps its
  // median: load from elsewhere on the machine then weighs on both alike.
  for (const storeName of ['memory', 'postgres', 'redis']) {
    const pair = candidates.filter(([s]) => s === storeName).map(([, impl, make]) => ({ impl, store: make(), runs: [] }));
    for (const c of pair) await measure(c.store); // warm-up
    for (let round = 0; round < ROUNDS; round++) for (const c of pair) c.runs.push(await measure(c.store));
    for (const c of pair) {
      await c.store.close?.();
      const r = { failAndCheck: median(c.runs.map((x) => x.failAndCheck)), many: median(c.runs.map((x) => x.many)) };
      results[`${storeName}/${c.impl}`] = r;
      rows.push([storeName, c.impl, r.failAndCheck.toFixed(0), r.many.toFixed(0)]);
    }
  }
} finally {
  redis.disconnect();
  await pool.end();
  await database.close();
  await db.drop();
}
console.log(`machine: ${machine()}; ${OPS} check + fail operations, ${CONCURRENCY} in flight, median of ${ROUNDS} alternating rounds`);
console.log(table(['store', 'implementation', 'check + fail /s', '100-user lockout read /s'], rows));
for (const s of ['memory', 'postgres', 'redis']) {
  const ours = results[`${s}/latchkey`];
  const lib = results[`${s}/rate-limiter-flexible`];
  console.log(`${s}: latchkey / rate-limiter-flexible = ${(ours.failAndCheck / lib.failAndCheck).toFixed(2)} (check + fail), ${(ours.many / lib.many).toFixed(2)} (100-user read)`);
}
report('limiter', Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { failAndCheck: Math.round(v.failAndCheck), many: Math.round(v.many) }])));
