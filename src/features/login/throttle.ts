import type { Config } from '../../config/index.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { limiterOf, type Budget } from '../../limits/index.js';
import { lockouts, signIns } from '../../lib/metrics.js';

/** The sign-in budgets on the shared limiter: one per account, a larger one per client address. */
const accountBudget = (c: Config): Budget => ({
  name: 'acct',
  maxFailures: c.loginMaxFailures,
  baseSeconds: c.loginLockoutBaseSeconds,
  maxSeconds: c.loginLockoutMaxSeconds,
  resetSeconds: c.loginFailureResetSeconds,
});
const addressBudget = (c: Config): Budget => ({ ...accountBudget(c), name: 'ip', maxFailures: c.loginIpMaxFailures });

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
  ip,
});

const accountKey = (organizationId: string, login: string, userId?: string | null) =>
  userId ? `${organizationId}:id:${userId}` : `${organizationId}:name:${login.trim().toLowerCase()}`;

const addressKeys = (keys: ThrottleKeys) => (keys.ip ? [keys.ip] : []);

/** A sign-in attempt, counted against the account and the address before its secret is checked. */
export interface Attempt {
  /** The secret was wrong: the counts stand. Returns a lockout's length when this attempt started one. */
  failed(): Promise<number>;
  /** The secret was right, or the attempt ended before it was checked: its counts are given back. */
  refund(): Promise<void>;
}

/**
 * Reserve-then-check on the sign-in budgets (see Limiter.reserve): the attempt is counted as a
 * failure of the account and of the address before anything is checked, so parallel attempts
 * get no more evaluations than the budgets have left. A locked-out account or address is
 * refused with `auth.throttled` and nothing is counted. The caller ends the attempt with
 * `failed` (wrong secret) or `refund` (right secret, or refused for another reason).
 */
export async function attempt(ctx: Context, keys: ThrottleKeys): Promise<Attempt> {
  const limiter = limiterOf(ctx);
  const [account, address] = await Promise.all([limiter.reserve(accountBudget(ctx.config), [keys.account]), limiter.reserve(addressBudget(ctx.config), addressKeys(keys))]);
  const refund = () => Promise.all([account.refund(), address.refund()]).then(() => undefined);
  const wait = Math.max(account.wait, address.wait);
  if (wait > 0) {
    await refund();
    const minutes = Math.ceil(wait / 60);
    signIns.inc({ outcome: 'throttled' });
    throw new AppError('auth.throttled', `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: wait });
  }
  return {
    async failed() {
      signIns.inc({ outcome: 'failed' });
      const lockout = Math.max(account.started, address.started);
      if (lockout > 0) lockouts.inc();
      return lockout;
    },
    refund,
  };
}

/** A success clears the account's counters (not the address's). */
export const reset = (ctx: Context, keys: ThrottleKeys) => limiterOf(ctx).reset(accountBudget(ctx.config), [keys.account]);

/** Admin "unlock": forgets the account's failures; true when it was locked out. */
export async function unlock(ctx: Context, organizationId: string, userId: string): Promise<boolean> {
  const limiter = limiterOf(ctx);
  const budget = accountBudget(ctx.config);
  const key = accountKey(organizationId, '', userId);
  const wasLocked = (await limiter.check(budget, [key])) > 0;
  await limiter.reset(budget, [key]);
  return wasLocked;
}

/**
 * The users of an organization whose temporary sign-in lockout has not ended yet, where the
 * store can list them (memory, postgres); undefined with redis.
 */
export async function lockedOutUserIds(ctx: Context, organizationId: string): Promise<string[] | undefined> {
  const prefix = accountKey(organizationId, '', 'x').slice(0, -1);
  const keys = await limiterOf(ctx).lockedKeys(accountBudget(ctx.config), prefix);
  return keys?.map((k) => k.slice(prefix.length)).filter((id) => /^[0-9a-f-]{36}$/.test(id));
}

/** When the temporary lockout of each user ends (null = not locked out), in the same order. */
export const lockedUntil = (ctx: Context, organizationId: string, userIds: string[]): Promise<(Date | null)[]> =>
  limiterOf(ctx).lockedUntil(accountBudget(ctx.config), userIds.map((id) => accountKey(organizationId, '', id)));
