import { sql } from 'kysely';
import { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.js';
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
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

const lockoutSeconds = (lockouts: number, r: LockoutRules) => Math.min(r.baseSeconds * 2 ** lockouts, r.maxSeconds);

export function memoryStore(): FailureStore {
  const entries = new Map<string, { failures: number; lockouts: number; lockedUntil: number; updatedAt: number }>();
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
    async fail(key, r, now) {
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
    },
    async reset(key) {
      entries.delete(key);
    },
    async close() {},
  };
}

/**
 * Counters in PostgreSQL: every node sees the same numbers. One upsert per failure. The
 * table keeps its first name (`login_throttles`); it holds the keys of every budget.
 */
export function postgresStore(db: Kysely<DB>): FailureStore {
  return {
    async lockedFor(key, now) {
      const row = await db.selectFrom('login_throttles').select('locked_until').where('key', '=', key).executeTakeFirst();
      return row?.locked_until ? Math.max(0, Math.ceil((row.locked_until.getTime() - now.getTime()) / 1000)) : 0;
    },
    async lockedUntilMany(keys, now) {
      if (keys.length === 0) return [];
      const rows = await db.selectFrom('login_throttles').select(['key', 'locked_until']).where('key', 'in', keys).execute();
      const until = new Map(rows.map((r) => [r.key, r.locked_until?.getTime() ?? 0]));
      return keys.map((k) => {
        const u = until.get(k) ?? 0;
        return u > now.getTime() ? u : 0;
      });
    },
    async fail(key, r, now) {
      // Fresh counters when the last failure is older than the reset window.
      const stale = sql`login_throttles.updated_at < ${now}::timestamptz - make_interval(secs => ${r.resetSeconds})`;
      const failures = sql`(case when ${stale} then 0 else login_throttles.failures end) + 1`;
      const lockouts = sql`case when ${stale} then 0 else login_throttles.lockouts end`;
      const seconds = sql`least(${r.baseSeconds}::float8 * power(2, ${lockouts}), ${r.maxSeconds})`;
      const result = await sql<{ started: number }>`
        insert into login_throttles as login_throttles (key, failures, lockouts, locked_until, updated_at)
        values (${key}, case when 1 >= ${r.maxFailures} then 0 else 1 end, case when 1 >= ${r.maxFailures} then 1 else 0 end,
                case when 1 >= ${r.maxFailures} then ${now}::timestamptz + make_interval(secs => ${r.baseSeconds}) end, ${now})
        on conflict (key) do update set
          failures = case when ${failures} >= ${r.maxFailures} then 0 else ${failures} end,
          lockouts = case when ${failures} >= ${r.maxFailures} then ${lockouts} + 1 else ${lockouts} end,
          locked_until = case when ${failures} >= ${r.maxFailures} then ${now}::timestamptz + make_interval(secs => ${seconds}) else login_throttles.locked_until end,
          updated_at = ${now}
        returning case when failures = 0 then ceil(extract(epoch from locked_until - ${now}::timestamptz))::int else 0 end as started`.execute(db);
      return Number(result.rows[0]?.started ?? 0);
    },
    async reset(key) {
      await db.deleteFrom('login_throttles').where('key', '=', key).execute();
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
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** The configured store (RATE_LIMIT_STORE). */
export function failureStoreFor(config: Config, db: Kysely<DB>): FailureStore {
  const settings = rateLimitStoreSettings(config);
  if (settings.store === 'postgres') return postgresStore(db);
  if (settings.store === 'redis') return redisStore(settings.redisUrl);
  return memoryStore();
}
