import type pg from 'pg';
import type { Config } from '../config/index.js';
import type { Clock, Context } from '../context.js';
import { failureStoreFor, type FailureStore, type LockoutRules } from './stores.js';

export { memoryStore, postgresStore, redisStore, type FailureStore, type LockoutRules } from './stores.js';

/**
 * A named failure budget: how many failures of one key start a lockout and how long it
 * lasts. Each feature that guards a secret against guessing (sign-in, code entry, PIN
 * entry, recovery) defines its budgets; the name keeps their counters apart in the one store,
 * so the same key under two budgets never shares a count.
 */
export interface Budget extends LockoutRules {
  name: string;
}

/**
 * Failure counting with exponential lockouts, over the configured store. Every method
 * takes one budget and the keys it applies to; a check answers for the most locked key.
 */
export interface Limiter {
  /** Seconds until every key may try again (0 = now). */
  check(budget: Budget, keys: readonly string[]): Promise<number>;
  /** Counts one failure for each key; the longest lockout this started, in seconds (0 = none). */
  fail(budget: Budget, keys: readonly string[]): Promise<number>;
  /** Forgets the keys' failures and lockouts. */
  reset(budget: Pick<Budget, 'name'>, keys: readonly string[]): Promise<void>;
  /** When each key's lockout ends (null = not locked out), in the same order, in one store round trip. */
  lockedUntil(budget: Pick<Budget, 'name'>, keys: readonly string[]): Promise<(Date | null)[]>;
  /** The keys of a budget starting with `prefix` that are locked out now; undefined when the store can't list them (redis). */
  lockedKeys(budget: Pick<Budget, 'name'>, prefix: string): Promise<string[] | undefined>;
  close(): Promise<void>;
}

// `<budget>:<key>`: the sign-in budgets are named `acct` and `ip`, so their stored keys
// are the ones earlier versions wrote and counters survive an upgrade.
const storeKey = (budget: Pick<Budget, 'name'>, key: string) => `${budget.name}:${key}`;

/** A limiter over a store, reading time from the clock (tests move it forward). */
export function createLimiter(store: FailureStore, clock: Clock): Limiter {
  return {
    async check(budget, keys) {
      const now = clock.now();
      const waits = await Promise.all(keys.map((k) => store.lockedFor(storeKey(budget, k), now)));
      return Math.max(0, ...waits);
    },
    async fail(budget, keys) {
      const now = clock.now();
      const started = await Promise.all(keys.map((k) => store.fail(storeKey(budget, k), budget, now)));
      return Math.max(0, ...started);
    },
    async reset(budget, keys) {
      await Promise.all(keys.map((k) => store.reset(storeKey(budget, k))));
    },
    async lockedUntil(budget, keys) {
      const until = await store.lockedUntilMany(keys.map((k) => storeKey(budget, k)), clock.now());
      return until.map((ms) => (ms > 0 ? new Date(ms) : null));
    },
    async lockedKeys(budget, prefix) {
      if (!store.lockedKeys) return undefined;
      const stored = storeKey(budget, '');
      return (await store.lockedKeys(storeKey(budget, prefix), clock.now())).map((k) => k.slice(stored.length));
    },
    close: () => store.close(),
  };
}

/** The limiter over the store chosen by RATE_LIMIT_STORE. */
export const limiterFor = (config: Config, pool: pg.Pool, clock: Clock) => createLimiter(failureStoreFor(config, pool), clock);

/*
 * Which limiter serves a context. The limiter is wired, not a member of `Context`: the core
 * context holds what every service needs, and only the few flows that count failures need
 * this. `createServices` (main.ts, and through it the test app) binds one per context, so
 * two applications in one process (tests) keep their own stores. Keyed weakly: a context
 * that is dropped takes its binding with it.
 */
const bound = new WeakMap<Context, Limiter>();

/** Binds the limiter of a context; done once, where the context is built. */
export function provideLimiter(ctx: Context, limiter: Limiter): void {
  bound.set(ctx, limiter);
}

/** The limiter bound to this context; throws when none was wired (a setup error, not a user's). */
export function limiterOf(ctx: Context): Limiter {
  const limiter = bound.get(ctx);
  if (!limiter) throw new Error('no limiter is wired to this context: build it with createServices');
  return limiter;
}
