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
  /**
   * Reserve-then-check: counts the attempt as a failure of every key before it is evaluated,
   * each key in one atomic store operation, so of any number of parallel attempts no more get
   * through than the budget has left (check-then-record let all of them pass the check before
   * the first failure was recorded). Refused (`wait` > 0) when any key is locked out; then
   * nothing stays counted. An attempt that fails keeps its count; one that succeeds calls
   * `refund`.
   */
  reserve(budget: Budget, keys: readonly string[]): Promise<Reservation>;
  /** Forgets the keys' failures and lockouts. */
  reset(budget: Pick<Budget, 'name'>, keys: readonly string[]): Promise<void>;
  /** When each key's lockout ends (null = not locked out), in the same order, in one store round trip. */
  lockedUntil(budget: Pick<Budget, 'name'>, keys: readonly string[]): Promise<(Date | null)[]>;
  /** The keys of a budget starting with `prefix` that are locked out now; undefined when the store can't list them (redis). */
  lockedKeys(budget: Pick<Budget, 'name'>, prefix: string): Promise<string[] | undefined>;
  close(): Promise<void>;
}

/** An attempt counted before it was evaluated (Limiter.reserve). */
export interface Reservation {
  /** Seconds until every key may try again; above 0 the attempt is refused and nothing is counted. */
  wait: number;
  /** The longest lockout the count started, in seconds (0 = none): it stands when the attempt fails. */
  started: number;
  /** The attempt succeeded (or was not evaluated): its counts are given back, and a lockout it started lifted. */
  refund(): Promise<void>;
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
    async reserve(budget, keys) {
      const now = clock.now();
      const stored = keys.map((k) => storeKey(budget, k));
      const counted = await Promise.all(stored.map((k) => store.reserve(k, budget, now)));
      const giveBack = () => Promise.all(stored.map((k, i) => (counted[i]!.lockedFor > 0 ? undefined : store.refund(k, budget, counted[i]!.started > 0)))).then(() => undefined);
      const wait = Math.max(0, ...counted.map((c) => c.lockedFor));
      if (wait > 0) {
        // One key is locked out: the others' counts are given back, as if nothing was tried.
        await giveBack();
        return { wait, started: 0, refund: async () => {} };
      }
      let refunded = false;
      return {
        wait: 0,
        started: Math.max(0, ...counted.map((c) => c.started)),
        async refund() {
          if (refunded) return;
          refunded = true;
          await giveBack();
        },
      };
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
