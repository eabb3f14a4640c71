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
 * The account key is the resolved account when there is one, so every login name of a
 * user (username, email) draws on one budget; a name that matches no account counts as
 * typed. Both are one key in the same store, so the answers and the work are the same and
 * lockouts can't be used to discover accounts.
 */
export const keysFor = (organizationId: string, login: string, ip: string | null, userId?: string | null): ThrottleKeys => ({
  account: accountKey(organizationId, login, userId),
  ip: ip ? `ip:${ip}` : null,
});

const accountKey = (organizationId: string, login: string, userId?: string | null) =>
  userId ? `acct:${organizationId}:id:${userId}` : `acct:${organizationId}:name:${login.trim().toLowerCase()}`;

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

/** Admin "unlock": forgets the account's failures; true when it was locked out. */
export async function unlock(ctx: Context, organizationId: string, userId: string): Promise<boolean> {
  const key = accountKey(organizationId, '', userId);
  const wasLocked = (await ctx.throttle.lockedFor(key, ctx.clock.now())) > 0;
  await ctx.throttle.reset(key);
  return wasLocked;
}

/** When the temporary lockout of each user ends (null = not locked out), in the same order. */
export async function lockedUntil(ctx: Context, organizationId: string, userIds: string[]): Promise<(Date | null)[]> {
  const now = ctx.clock.now();
  const until = await ctx.throttle.lockedUntilMany(userIds.map((id) => accountKey(organizationId, '', id)), now);
  return until.map((ms) => (ms > 0 ? new Date(ms) : null));
}
