import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import * as sessions from '../sessions/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';
import * as throttle from './throttle.js';

/**
 * Records a failed sign-in: the account's consecutive-failure count, `login.failed`, and
 * `login.locked_out` / `login.failure_cap_reached` when this failure started one. Counting and
 * auditing commit together: one commit whether or not the account exists.
 */
export async function recordFailure(
  ctx: Context,
  f: { org: OrganizationRow; user: UserRow | undefined; actor: Actor; kind: string; login: string; reason: string; lockout: number },
): Promise<void> {
  const { org, user, actor, kind } = f;
  const login = f.login.slice(0, 200);
  await ctx.db.transaction().execute(async (tx) => {
    const failures = await q.countFailure(tx, org.id, user?.id ?? q.NO_USER);
    await audit.record(tx, actor, { organizationId: org.id, action: 'login.failed', data: { kind, login, reason: f.reason } });
    if (f.lockout) await audit.record(tx, actor, { organizationId: org.id, action: 'login.locked_out', data: { kind, login, seconds: f.lockout } });
    if (user && failures === ctx.config.loginFailureCap) {
      await audit.record(tx, actor, { organizationId: org.id, action: 'login.failure_cap_reached', target: { type: 'user', id: user.id }, data: { kind, failures } });
    }
  });
}

/** A successful sign-in ends the account's run of consecutive failures. */
export const clearFailures = (ctx: Context, organizationId: string, userId: string) => q.clearFailures(ctx.db, organizationId, userId);

export async function logout(ctx: Context, actor: Actor, sessionId: string): Promise<void> {
  await sessions.end(ctx, sessionId);
  await audit.record(ctx.db, actor, { organizationId: actor.organizationId, action: 'logout', target: actor.id ? { type: 'user', id: actor.id } : undefined });
}

/**
 * Admin "unlock": clears the temporary lockout and the consecutive-failure cap of a user.
 * Idempotent; says whether anything was locked.
 */
export async function unlock(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<{ unlocked: boolean }> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  const wasCapped = user.failed_logins >= ctx.config.loginFailureCap;
  const throttled = await throttle.unlock(ctx, org.id, user.id);
  await q.clearFailures(ctx.db, org.id, user.id);
  const unlocked = throttled || wasCapped;
  await audit.record(ctx.db, actor, { organizationId: org.id, action: 'user.unlocked', target: { type: 'user', id: user.id }, data: { unlocked, throttled, failureCap: wasCapped } });
  return { unlocked };
}

export type Lockout = { until: Date | null; reason: 'failures' | 'failure_cap' } | null;

/** Adds each user's sign-in lockout: the failure cap (no end) before a temporary lockout. */
export async function withLockouts<U extends { id: string; organizationId: string }>(ctx: Context, list: U[]): Promise<(U & { lockout: Lockout })[]> {
  const organizationId = list[0]?.organizationId;
  if (!organizationId) return [];
  const ids = list.map((u) => u.id);
  const [counts, until] = await Promise.all([q.failureCounts(ctx.db, organizationId, ids), throttle.lockedUntil(ctx, organizationId, ids)]);
  const failures = new Map(counts.map((c) => [c.id, c.failed_logins]));
  return list.map((u, i) => {
    const lockout: Lockout =
      (failures.get(u.id) ?? 0) >= ctx.config.loginFailureCap ? { until: null, reason: 'failure_cap' } : until[i] ? { until: until[i]!, reason: 'failures' } : null;
    return { ...u, lockout };
  });
}
