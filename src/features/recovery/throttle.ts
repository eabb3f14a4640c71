import type { Config } from '../../config/index.js';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { limiterOf, type Budget } from '../../limits/index.js';

/**
 * Budgets of reset requests on the shared limiter: every request counts (a request is not a
 * failure, but each one sends a message), per account and per client address. Named apart
 * from the sign-in budgets, so asking for resets never locks anyone out of signing in.
 */
const accountBudget = (c: Config): Budget => ({
  name: 'recovery-acct',
  maxFailures: c.recoveryMaxRequests,
  baseSeconds: c.recoveryLockoutSeconds,
  maxSeconds: 86_400,
  resetSeconds: 86_400,
});
const addressBudget = (c: Config): Budget => ({ ...accountBudget(c), name: 'recovery-ip', maxFailures: c.recoveryIpMaxRequests });

/**
 * The account key is the resolved account when there is one, so its username and email share
 * one budget; a name that matches nothing counts as typed. Both are one key in the same
 * store: an unknown name runs out exactly as an account does, so the limit tells nothing.
 */
export const keysFor = (organizationId: string, login: string, ip: string | null, userId: string | undefined) => ({
  account: userId ? `${organizationId}:id:${userId}` : `${organizationId}:name:${login.trim().toLowerCase()}`,
  ip,
});

/** Refuses the request when either budget is spent; otherwise counts it against both. */
export async function spend(ctx: Context, keys: { account: string; ip: string | null }): Promise<void> {
  const limiter = limiterOf(ctx);
  const ips = keys.ip ? [keys.ip] : [];
  // Reserve-then-check: counted and checked in one step per key, so parallel requests can't
  // all pass the check before the first is counted.
  const [account, address] = await Promise.all([limiter.reserve(accountBudget(ctx.config), [keys.account]), limiter.reserve(addressBudget(ctx.config), ips)]);
  const wait = Math.max(account.wait, address.wait);
  if (wait > 0) {
    await Promise.all([account.refund(), address.refund()]);
    const minutes = Math.ceil(wait / 60);
    throw new AppError('recovery.throttled', `Too many reset requests. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: wait });
  }
}
