import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import { verifyPassword } from '../../lib/passwords.js';
import * as audit from '../audit/service.js';
import * as throttle from '../login/throttle.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import { replacePassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';

export interface ChangeOwnPasswordInput {
  current: string;
  password: string;
  confirm: string;
  ip: string | null;
  userAgent: string | null;
}

/**
 * A signed-in user replaces their own password (ASVS 6.2.2). The current password is
 * proved first and a wrong one counts as a failed sign-in of the account (same counters,
 * same lockout), so this form is no faster way to guess it. The policy and history apply;
 * every other session of the user ends, the one in use stays; the user is told by email.
 */
export async function changeOwnPassword(ctx: Context, orgSlug: string, session: { session_id: string; user_id: string; impersonator_id?: string | null }, input: ChangeOwnPasswordInput) {
  // A support person acting as the user must not take the account over.
  if (session.impersonator_id) throw new AppError('impersonation.read_only');
  const org = await organizations.findPublic(ctx, orgSlug);
  const user = await users.findById(ctx.db, org.id, session.user_id);
  if (!user || user.status === 'disabled') throw new AppError('auth.required');
  const actor: Actor = { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ip: input.ip, userAgent: input.userAgent };
  const keys = throttle.keysFor(org.id, user.username, input.ip);
  const attempt = await throttle.attempt(ctx, keys);
  if (input.password !== input.confirm) {
    await attempt.refund();
    throw new AppError('password.mismatch');
  }
  if (!user.password_hash || !(await verifyPassword(user.password_hash, input.current))) {
    const lockout = await attempt.failed();
    await audit.record(ctx.db, actor, { organizationId: org.id, action: 'login.failed', target: { type: 'user', id: user.id }, data: { kind: 'password_change', login: user.username } });
    if (lockout) await audit.record(ctx.db, actor, { organizationId: org.id, action: 'login.locked_out', data: { kind: 'password_change', login: user.username, seconds: lockout } });
    throw new AppError('password.current_invalid');
  }
  await attempt.refund();
  await throttle.reset(ctx, keys);
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const locked = await users.findByIdForUpdate(tx, org.id, user.id);
      // Changed or disabled while the current password was checked: prove it again.
      if (!locked || locked.status === 'disabled' || locked.password_hash !== user.password_hash) throw new AppError('auth.required');
      await replacePassword(ctx, tx, org, locked, input.password, { changeRequired: null, expiresAt: null, actor, activate: false, endSessions: { keep: session.session_id } });
      await audit.record(tx, actor, { organizationId: org.id, action: 'password.changed', target: { type: 'user', id: user.id }, data: { reason: 'self_service' } });
      if (locked.email) {
        await notifications.enqueueEmail(tx, {
          organizationId: org.id,
          kind: 'password_changed',
          to: locked.email,
          userId: locked.id,
          vars: {
            organization: { name: org.name, slug: org.slug },
            user: { username: locked.username, displayName: users.displayName(locked) },
            changedAt: ctx.clock.now(),
            loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)),
          },
        });
      }
    })
    .finally(() => ctx.wakeWorker());
}
