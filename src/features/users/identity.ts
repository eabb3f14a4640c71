import type { Actor } from '../../access/index.js';
import type { Context } from '../../context.js';
import { endOpenFlows } from '../../auth/open-flows.js';
import { AppError } from '../../errors/app-error.js';
import * as apiTokens from '../api-tokens/service.js';
import * as audit from '../audit/service.js';
import * as loginThrottle from '../login/throttle.js';
import * as mfa from '../mfa/service.js';
import * as organizations from '../organizations/service.js';
import * as pinCodes from '../pin-codes/service.js';
import * as recovery from '../recovery/service.js';
import * as recoveryPhone from '../recovery-phone/service.js';
import * as sessions from '../sessions/service.js';
import * as q from './queries.js';
import { assertCanManage, present, type User } from './service.js';

/** What "remove user identity" took away, as the answer and the audit event report it. */
export interface IdentityRemoved {
  user: User;
  removed: { password: boolean; factors: number; backupCodes: number; recoveryPhone: boolean; pinCode: boolean; resetRequests: number; sessions: boolean };
}

/**
 * Admin "remove user identity" (`users.identity.remove`): the password, its history and every
 * factor (authenticator apps, backup codes, SMS sign-in codes, the recovery phone, a PIN the
 * user holds) are deleted, pending resets are revoked, every session and paused sign-in ends,
 * sign-in lockouts are lifted and API tokens the user created lose their privilege. The user
 * is `pending`, like a new invitee, and can be invited again (invitations.resend). One
 * transaction with the user's row locked; privilege- and organization-checked (users.manage,
 * never above one's own privilege, never oneself); a disabled user must be enabled first (so
 * this never re-enables anyone). Audited as `user.identity_removed` with what was removed.
 * Groups, attributes, devices and the audit trail stay.
 */
export async function removeIdentity(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<IdentityRemoved> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  if (actor.id === id) throw new AppError('user.cannot_modify_self');
  const result = await ctx.db.transaction().execute(async (tx) => {
    const before = await q.findByIdForUpdate(tx, org.id, id);
    if (!before) throw new AppError('user.not_found');
    assertCanManage(actor, before.privilege);
    if (before.status === 'disabled') throw new AppError('user.identity_not_removable');
    await q.deletePasswordHistory(tx, org.id, id);
    const factors = await mfa.removeAllOf(ctx, tx, org.id, id);
    const phone = await recoveryPhone.removeAllOf(ctx, tx, org.id, id);
    const pin = await pinCodes.removeOfHolder(ctx, tx, org.id, id);
    const resets = await recovery.revokePendingOf(ctx, tx, org.id, id);
    // After the PIN: taking it away makes the user a standard user again.
    const row = await q.update(tx, org.id, id, {
      status: 'pending',
      password_hash: null,
      password_changed_at: null,
      password_change_required: null,
      password_expires_at: null,
      failed_logins: 0,
    });
    await sessions.endAllOfUser(ctx, tx, org.id, id);
    // A sign-in paused at its second factor was begun with the removed password.
    await endOpenFlows(ctx, tx, org.id, id);
    await apiTokens.capCreatedBy(ctx, tx, org.id, id, 'user');
    await ctx.caches.invalidate(tx);
    const removed = { password: before.password_hash !== null, ...factors, recoveryPhone: phone, pinCode: pin, resetRequests: resets, sessions: true };
    await audit.record(tx, actor, { organizationId: org.id, action: 'user.identity_removed', target: { type: 'user', id }, data: { username: before.username, ...removed } });
    const groups = await q.groupsOf(tx, org.id, [id]);
    return { row, groups: groups.map((g) => g.name), removed };
  });
  // The temporary sign-in lockout goes with the password, as the failure cap does.
  await loginThrottle.reset(ctx, loginThrottle.keysFor(org.id, '', null, id));
  return { user: present(result.row, result.groups), removed: result.removed };
}
