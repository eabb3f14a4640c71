import type pg from 'pg';
import { Redis } from 'ioredis';
import { rateLimitStoreSettings, type Config } from '../config/index.js';

/** How failures turn into lockouts; the same rules for every store. */
export interface LockoutRules {
  maxFailures: number;
  baseSeconds: number;
  maxSeconds: number;
  resetSeconds: number;
}

/**
 * Failure counters per key. `fail` is atomic: it counts one failure and, at the limit,
 * starts a lockout whose length doubles with each lockout (capped). Counters and the
 * lockout count start over once a key has had no failure for `resetSeconds`.
 */
export interface FailureStore {
  /** Seconds until the key may try again; 0 when it may. */
  lockedFor(key: string, now: Date): Promise<number>;
  /** When the lockouts of many keys end (epoch ms, 0 = not locked), in one round trip, in the same order. */
  lockedUntilMany(keys: string[], now: Date): Promise<number[]>;
  /** Counts a failure; returns the lockout length in seconds when this failure started one. */
  fail(key: string, rules: LockoutRules, now: Date): Promise<number>;
  /**
   * One attempt, counted before it is evaluated, atomically: while the key is locked out
   * nothing is counted and `lockedFor` says for how long; otherwise a failure is counted as
   * `fail` does (`started`: the lockout it started, in seconds). Check-then-record let any
   * number of parallel attempts pass the check before the first failure was recorded; a
   * reservation lets exactly as many through as the budget has left.
   */
  reserve(key: string, rules: LockoutRules, now: Date): Promise<{ lockedFor: number; started: number }>;
  /**
   * Gives back a reservation whose attempt succeeded (or was never evaluated): one failure
   * less, and when the reservation started a lockout, that lockout lifted and uncounted.
   */
  refund(key: string, rules: LockoutRules, started: boolean): Promise<void>;
  reset(key: string): Promise<void>;
  /**
   * The keys starting with `prefix` that are locked out now, where the store can list them
   * cheaply (memory: one node's keys; postgres: an index on locked_until). Redis leaves it
   * out: listing would scan every key.
   */
  lockedKeys?(prefix: string, now: Date): Promise<string[]>;
  close(): Promise<void>;
}

const lockoutSeconds = (lockouts: number, r: LockoutRules) => Math.min(r.baseSeconds * 2 ** lockouts, r.maxSeconds);

export function memoryStore(): FailureStore {
  // Every method runs to its end without awaiting anything real, so each is atomic on the one event loop.
  const entries = new Map<string, { failures: number; lockouts: number; lockedUntil: number; updatedAt: number }>();
  const failNow = (key: string, r: LockoutRules, now: Date): number => {
    const t = now.getTime();
    let e = entries.get(key);
    if (!e || t - e.updatedAt > r.resetSeconds * 1000) e = { failures: 0, lockouts: 0, lockedUntil: 0, updatedAt: t };
    e.failures++;
    e.updatedAt = t;
    let started = 0;
    if (e.failures >= r.maxFailures) {
      started = lockoutSeconds(e.lockouts, r);
      e.lockouts++;
      e.failures = 0;
      e.lockedUntil = t + started * 1000;
    }
    entries.set(key, e);
    return started;
  };
  return {
    async lockedFor(key, now) {
      const e = entries.get(key);
      return e ? Math.max(0, Math.ceil((e.lockedUntil - now.getTime()) / 1000)) : 0;
    },
    async lockedUntilMany(keys, now) {
      return keys.map((k) => {
        const until = entries.get(k)?.lockedUntil ?? 0;
        return until > now.getTime() ? until : 0;
      });
    },
    fail: async (key, r, now) => failNow(key, r, now),
    async reserve(key, r, now) {
      // Check and count with no await between them: nothing else runs in between.
      const e = entries.get(key);
      const lockedFor = e ? Math.max(0, Math.ceil((e.lockedUntil - now.getTime()) / 1000)) : 0;
      if (lockedFor > 0) return { lockedFor, started: 0 };
      return { lockedFor: 0, started: failNow(key, r, now) };
    },
    async refund(key, r, started) {
      const e = entries.get(key);
      if (!e) return;
      if (started) {
        e.lockouts = Math.max(0, e.lockouts - 1);
        e.failures = Math.max(0, r.maxFailures - 1);
        e.lockedUntil = 0;
      } else e.failures = Math.max(0, e.failures - 1);
    },
    async lockedKeys(prefix, now) {
      return [...entries].filter(([k, e]) => k.startsWith(prefix) && e.lockedUntil > now.getTime()).map(([k]) => k);
    },
    async reset(key) {
      entries.delete(key);
    },
    async close() {},
  };
}

// One failure as one upsert: $1 key, $2 now, $3 max failures, $4 base, $5 max and $6 reset
// seconds. Counters start over when the last failure is older than the reset window; at the
// limit the failure count goes back to 0 and a lockout starts, doubling per lockout.
const STALE = 't.updated_at < $2::timestamptz - make_interval(secs => $6::float8)';
const FAILURES = `(case when ${STALE} then 0 else t.failures end) + 1`;
const LOCKOUTS = `case when ${STALE} then 0 else t.lockouts end`;
const FAIL_SQL = `
  insert into login_throttles as t (key, failures, lockouts, locked_until, updated_at)
  values ($1, case when $3::int <= 1 then 0 else 1 end, case when $3::int <= 1 then 1 else 0 end,
          case when $3::int <= 1 then $2::timestamptz + make_interval(secs => $4::float8) end, $2::timestamptz)
  on conflict (key) do update set
    failures = case when ${FAILURES} >= $3::int then 0 else ${FAILURES} end,
    lockouts = case when ${FAILURES} >= $3::int then ${LOCKOUTS} + 1 else ${LOCKOUTS} end,
    locked_until = case when ${FAILURES} >= $3::int
      then $2::timestamptz + make_interval(secs => least($4::float8 * power(2, ${LOCKOUTS}), $5::float8)) else t.locked_until end,
    updated_at = $2::timestamptz
  returning case when failures = 0 then ceil(extract(epoch from locked_until - $2::timestamptz))::int else 0 end as started`;

// The same upsert, except that a key still locked out is left as it is (no row comes back):
// the check and the count are one statement, so the row lock orders parallel attempts.
const RESERVE_SQL = FAIL_SQL.replace('  returning', '  where t.locked_until is null or t.locked_until <= $2::timestamptz\n  returning');

// $1 key, $2 whether the reservation started a lockout, $3 max failures.
const REFUND_SQL = `
  update login_throttles set
    failures = case when $2::boolean then greatest($3::int - 1, 0) else greatest(failures - 1, 0) end,
    lockouts = case when $2::boolean then greatest(lockouts - 1, 0) else lockouts end,
    locked_until = case when $2::boolean then null else locked_until end
  where key = $1`;

/**
 * Counters in PostgreSQL: every node sees the same numbers. One upsert per failure. The
 * table keeps its first name (`login_throttles`); it holds the keys of every budget.
 * Statements go to the pool as named (prepared) statements: a check and a failure are
 * parsed and planned once per connection, not per attempt, which more than doubles the
 * failures per second it takes (bench/limiter.mjs).
 */
export function postgresStore(pool: pg.Pool): FailureStore {
  return {
    async lockedFor(key, now) {
      const { rows } = await pool.query<{ locked_until: Date | null }>({ name: 'limits-locked-for', text: 'select locked_until from login_throttles where key = $1', values: [key] });
      const until = rows[0]?.locked_until;
      return until ? Math.max(0, Math.ceil((until.getTime() - now.getTime()) / 1000)) : 0;
    },
    async lockedUntilMany(keys, now) {
      if (keys.length === 0) return [];
      const { rows } = await pool.query<{ key: string; locked_until: Date | null }>({
        name: 'limits-locked-until-many',
        text: 'select key, locked_until from login_throttles where key = any($1::text[])',
        values: [keys],
      });
      const until = new Map(rows.map((r) => [r.key, r.locked_until?.getTime() ?? 0]));
      return keys.map((k) => {
        const u = until.get(k) ?? 0;
        return u > now.getTime() ? u : 0;
      });
    },
    async fail(key, r, now) {
      const { rows } = await pool.query<{ started: number }>({ name: 'limits-fail', text: FAIL_SQL, values: [key, now, r.maxFailures, r.baseSeconds, r.maxSeconds, r.resetSeconds] });
      return Number(rows[0]?.started ?? 0);
    },
    async reserve(key, r, now) {
      const { rows } = await pool.query<{ started: number }>({ name: 'limits-reserve', text: RESERVE_SQL, values: [key, now, r.maxFailures, r.baseSeconds, r.maxSeconds, r.resetSeconds] });
      if (rows[0]) return { lockedFor: 0, started: Number(rows[0].started) };
      // Locked out: the row was there and left alone. Its wait is read only on this path.
      const { rows: held } = await pool.query<{ locked_until: Date | null }>({ name: 'limits-locked-for', text: 'select locked_until from login_throttles where key = $1', values: [key] });
      const until = held[0]?.locked_until?.getTime() ?? 0;
      return { lockedFor: Math.max(1, Math.ceil((until - now.getTime()) / 1000)), started: 0 };
    },
    async refund(key, r, started) {
      await pool.query({ name: 'limits-refund', text: REFUND_SQL, values: [key, started, r.maxFailures] });
    },
    async reset(key) {
      await pool.query({ name: 'limits-reset', text: 'delete from login_throttles where key = $1', values: [key] });
    },
    async lockedKeys(prefix, now) {
      // login_throttles_locked_until: a range scan over the keys locked out now, a few at any time.
      const { rows } = await pool.query<{ key: string }>({
        name: 'limits-locked-keys',
        text: "select key from login_throttles where locked_until > $1 and starts_with(key, $2)",
        values: [now, prefix],
      });
      return rows.map((r) => r.key);
    },
    async close() {},
  };
}

const FAIL_SCRIPT = `
local t = tonumber(ARGV[1]); local maxF = tonumber(ARGV[2]); local base = tonumber(ARGV[3])
local maxS = tonumber(ARGV[4]); local resetS = tonumber(ARGV[5])
local e = redis.call('HMGET', KEYS[1], 'failures', 'lockouts', 'updated')
local failures = tonumber(e[1]) or 0; local lockouts = tonumber(e[2]) or 0; local updated = tonumber(e[3]) or 0
if t - updated > resetS * 1000 then failures = 0; lockouts = 0 end
failures = failures + 1
local started = 0
if failures >= maxF then
  started = math.min(base * 2 ^ lockouts, maxS)
  lockouts = lockouts + 1; failures = 0
  redis.call('HSET', KEYS[1], 'until', t + started * 1000)
end
redis.call('HSET', KEYS[1], 'failures', failures, 'lockouts', lockouts, 'updated', t)
redis.call('PEXPIRE', KEYS[1], resetS * 1000 + maxS * 1000)
return started`;

// The check and the count as one script: a key still locked out answers minus the seconds
// left and counts nothing; otherwise the failure is counted as FAIL_SCRIPT does.
const RESERVE_SCRIPT = `
local t0 = tonumber(ARGV[1]); local until0 = tonumber(redis.call('HGET', KEYS[1], 'until')) or 0
if until0 > t0 then return -math.ceil((until0 - t0) / 1000) end
${FAIL_SCRIPT}`;

const REFUND_SCRIPT = `
local maxF = tonumber(ARGV[1]); local started = ARGV[2] == '1'
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if started then
  local lockouts = tonumber(redis.call('HGET', KEYS[1], 'lockouts')) or 0
  redis.call('HSET', KEYS[1], 'failures', math.max(maxF - 1, 0), 'lockouts', math.max(lockouts - 1, 0), 'until', 0)
else
  local failures = tonumber(redis.call('HGET', KEYS[1], 'failures')) or 0
  redis.call('HSET', KEYS[1], 'failures', math.max(failures - 1, 0))
end
return 0`;

/** Counters in Redis, updated by one Lua script so concurrent failures never race. */
export function redisStore(url: string): FailureStore {
  const redis = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false });
  const prefix = 'latchkey:throttle:';
  return {
    async lockedFor(key, now) {
      const until = Number(await redis.hget(prefix + key, 'until')) || 0;
      return Math.max(0, Math.ceil((until - now.getTime()) / 1000));
    },
    async lockedUntilMany(keys, now) {
      if (keys.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const k of keys) pipeline.hget(prefix + k, 'until');
      const results = (await pipeline.exec()) ?? [];
      return keys.map((_k, i) => {
        const u = Number(results[i]?.[1]) || 0;
        return u > now.getTime() ? u : 0;
      });
    },
    async fail(key, r, now) {
      return Number(await redis.eval(FAIL_SCRIPT, 1, prefix + key, now.getTime(), r.maxFailures, r.baseSeconds, r.maxSeconds, r.resetSeconds));
    },
    async reserve(key, r, now) {
      const answer = Number(await redis.eval(RESERVE_SCRIPT, 1, prefix + key, now.getTime(), r.maxFailures, r.baseSeconds, r.maxSeconds, r.resetSeconds));
      return answer < 0 ? { lockedFor: -answer, started: 0 } : { lockedFor: 0, started: answer };
    },
    async refund(key, r, started) {
      await redis.eval(REFUND_SCRIPT, 1, prefix + key, r.maxFailures, started ? '1' : '0');
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** The configured store (RATE_LIMIT_STORE). */
export function failureStoreFor(config: Config, pool: pg.Pool): FailureStore {
  const settings = rateLimitStoreSettings(config);
  if (settings.store === 'postgres') return postgresStore(pool);
  if (settings.store === 'redis') return redisStore(settings.redisUrl);
  return memoryStore();
}
