import type { Config } from '../../config/index.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { lockouts, signIns } from '../../lib/metrics.js';
import type { ThrottleRules } from './throttle-stores.js';

export interface ThrottleKeys {
  account: string;
  ip: string | null;
}

/**
 * Keys count the login name as typed (not a user id), so an unknown account is throttled
 * exactly like a real one and lockouts can't be used to discover accounts.
 */
export const keysFor = (organizationId: string, login: string, ip: string | null): ThrottleKeys => ({
  account: `acct:${organizationId}:${login.trim().toLowerCase()}`,
  ip: ip ? `ip:${ip}` : null,
});

const rules = (c: Config, maxFailures: number): ThrottleRules => ({
  maxFailures,
  baseSeconds: c.loginLockoutBaseSeconds,
  maxSeconds: c.loginLockoutMaxSeconds,
  resetSeconds: c.loginFailureResetSeconds,
});

export async function assertAllowed(ctx: Context, keys: ThrottleKeys): Promise<void> {
  const now = ctx.clock.now();
  const waits = await Promise.all([ctx.throttle.lockedFor(keys.account, now), keys.ip ? ctx.throttle.lockedFor(keys.ip, now) : 0]);
  const wait = Math.max(...waits);
  if (wait > 0) {
    const minutes = Math.ceil(wait / 60);
    signIns.inc({ outcome: 'throttled' });
    throw new AppError('auth.throttled', `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: wait });
  }
}

/** Counts a failure for the account and the address; returns a lockout's length when one started. */
export async function recordFailure(ctx: Context, keys: ThrottleKeys): Promise<number> {
  const now = ctx.clock.now();
  const [account, ip] = await Promise.all([
    ctx.throttle.fail(keys.account, rules(ctx.config, ctx.config.loginMaxFailures), now),
    keys.ip ? ctx.throttle.fail(keys.ip, rules(ctx.config, ctx.config.loginIpMaxFailures), now) : 0,
  ]);
  signIns.inc({ outcome: 'failed' });
  if (account > 0 || ip > 0) lockouts.inc();
  return Math.max(account, ip);
}

/** A success clears the account's counters (not the address's). */
export const reset = (ctx: Context, keys: ThrottleKeys) => ctx.throttle.reset(keys.account);

/** Admin "unlock": forgets the failures of every name the user signs in with. */
export async function unlock(ctx: Context, organizationId: string, names: (string | null)[]): Promise<void> {
  for (const name of names) if (name) await ctx.throttle.reset(keysFor(organizationId, name, null).account);
}
