import type { Actor, Context, Tx } from '../../context.js';
import type { InvitationMethod, InvitationRow, OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword } from '../../lib/passwords.js';
import { hashToken } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import { checkPassword } from '../users/password-policy.js';
import * as users from '../users/service.js';
import { channelFor } from './channels.js';
import * as q from './queries.js';

export type InvitationView = ReturnType<typeof present>;

/** Expiry is computed from expires_at, never stored as a state, so it can't go stale. */
function lifecycle(i: InvitationRow, now: Date): 'pending' | 'expired' | 'accepted' | 'superseded' | 'revoked' {
  if (i.state === 'pending' && i.expires_at && i.expires_at <= now) return 'expired';
  return i.state;
}

function present(i: InvitationRow, now: Date) {
  return {
    id: i.id,
    userId: i.user_id,
    method: i.method,
    state: lifecycle(i, now),
    createdAt: i.created_at,
    expiresAt: i.expires_at,
    openedAt: i.opened_at,
    finishedAt: i.finished_at,
  };
}

function expiryFrom(now: Date, minutes: number): Date | null {
  return minutes === -1 ? null : new Date(now.getTime() + minutes * 60_000);
}

/**
 * Issues a new invitation for a pending user inside the caller's transaction: earlier
 * pending invitations of the user stop working, the secret is stored only as a keyed hash,
 * and the message is queued in the same transaction.
 */
export async function issue(ctx: Context, tx: Tx, actor: Actor, org: OrganizationRow, user: UserRow, method?: InvitationMethod) {
  const settings = effectiveSettings(org.settings).invitation;
  if (!settings.enabled) throw new AppError('invitation.disabled');
  const chosen = method ?? settings.method;
  const channel = channelFor(chosen);
  channel.check(user);
  const now = ctx.clock.now();
  await q.supersedePending(tx, org.id, user.id, now);
  const secret = channel.newSecret();
  const invitation = await q.insert(tx, {
    organization_id: org.id,
    user_id: user.id,
    method: chosen,
    secret_hash: hashToken(ctx.secret, secret),
    expires_at: expiryFrom(now, settings.expiryMinutes),
    created_by: actor.type === 'user' ? actor.id : null,
  });
  await channel.deliver(ctx, tx, { org, user, invitation, secret });
  await audit.record(tx, actor, {
    organizationId: org.id,
    action: 'invitation.sent',
    target: { type: 'user', id: user.id },
    data: { invitationId: invitation.id, method: chosen, expiresAt: invitation.expires_at },
  });
  return { ...present(invitation, now), delivery: { state: 'queued', attempts: 0, lastError: null, sentAt: null } };
}

/** Sends a fresh invitation to a user who has not set a password yet. */
export async function resend(ctx: Context, actor: Actor, orgSlug: string, userId: string, method?: InvitationMethod) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const user = await users.findById(tx, org.id, userId);
      if (!user) throw new AppError('user.not_found');
      if (user.status !== 'pending' || user.password_hash) throw new AppError('invitation.user_not_pending');
      return issue(ctx, tx, actor, org, user, method);
    })
    .finally(() => ctx.wakeWorker());
}

/** The latest invitation of a user with the delivery state of its message, for admins. */
export async function summaryForUser(ctx: Context, organizationId: string, userId: string) {
  const row = await q.latestForUser(ctx.db, organizationId, userId);
  if (!row) return null;
  const message = await notifications.deliveryOfInvitation(ctx, organizationId, row.id);
  return {
    ...present(row, ctx.clock.now()),
    delivery: message ? { state: message.state, attempts: message.attempts, lastError: message.last_error, sentAt: message.sent_at } : null,
  };
}

async function findUsable(ctx: Context, org: OrganizationRow, token: string) {
  const invitation = await q.findBySecret(ctx.db, org.id, hashToken(ctx.secret, token));
  if (!invitation) throw new AppError('invitation.not_found');
  const state = lifecycle(invitation, ctx.clock.now());
  if (state === 'expired') throw new AppError('invitation.expired');
  if (state === 'accepted') throw new AppError('invitation.used');
  if (state !== 'pending') throw new AppError('invitation.superseded');
  const user = await users.findById(ctx.db, org.id, invitation.user_id);
  if (!user) throw new AppError('invitation.not_found');
  if (user.status === 'disabled') throw new AppError('user.disabled');
  return { invitation, user };
}

/** Opens the password setup page: checks the link and records that it was opened. */
export async function open(ctx: Context, orgSlug: string, token: string, meta: { ip: string | null; userAgent: string | null }) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const { invitation, user } = await findUsable(ctx, org, token);
  if (!invitation.opened_at) {
    await q.markOpened(ctx.db, invitation.id, ctx.clock.now());
    await audit.record(ctx.db, { ...anonymous(org.id, null), ...meta }, { organizationId: org.id, action: 'invitation.opened', target: { type: 'user', id: user.id }, data: { invitationId: invitation.id } });
  }
  return { org, user, policy: effectiveSettings(org.settings).passwordPolicy };
}

/**
 * Redeems an invitation: sets the password, activates the account and consumes the
 * invitation in one transaction. Of several concurrent redemptions exactly one wins.
 */
export async function accept(ctx: Context, orgSlug: string, token: string, input: { password: string; confirm?: string; ip: string | null; userAgent: string | null }) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const { user } = await findUsable(ctx, org, token);
  if (input.confirm !== undefined && input.confirm !== input.password) throw new AppError('password.mismatch');
  const settings = effectiveSettings(org.settings);
  checkPassword(settings.passwordPolicy, input.password, user);
  const passwordHash = await hashPassword(input.password, ctx.argon2);
  const actor: Actor = { ...anonymous(org.id, user.id), type: 'user', label: user.username, ip: input.ip, userAgent: input.userAgent };
  const now = ctx.clock.now();
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const consumed = await q.consume(tx, org.id, hashToken(ctx.secret, token), now);
      if (!consumed) {
        // Lost a race or expired meanwhile: report what the invitation is now.
        await findUsable(ctx, org, token);
        throw new AppError('invitation.used');
      }
      await users.updateRow(tx, org.id, user.id, { password_hash: passwordHash, password_changed_at: now, status: 'active' });
      await sessions.endAllOfUser(ctx, tx, org.id, user.id);
      await audit.record(tx, actor, { organizationId: org.id, action: 'invitation.accepted', target: { type: 'user', id: user.id }, data: { invitationId: consumed.id } });
      await audit.record(tx, actor, { organizationId: org.id, action: 'user.activated', target: { type: 'user', id: user.id } });
      if (settings.invitation.sendActivationNotice && user.email) {
        await notifications.enqueueEmail(tx, {
          organizationId: org.id,
          kind: 'account_activated',
          to: user.email,
          userId: user.id,
          vars: {
            organization: { name: org.name, slug: org.slug },
            user: { username: user.username, displayName: users.displayName(user) },
            loginUrl: `${ctx.publicUrl}/o/${org.slug}/login`,
          },
        });
      }
    })
    .finally(() => ctx.wakeWorker());
  return { org, user };
}

const anonymous = (organizationId: string, userId: string | null): Actor => ({
  type: 'anonymous',
  id: userId,
  label: null,
  organizationId,
  privilege: null,
  ip: null,
  userAgent: null,
});
