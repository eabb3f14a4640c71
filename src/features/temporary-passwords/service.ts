import QRCode from 'qrcode';
import type { Actor, Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import * as invitations from '../invitations/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import { setPassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

const LINK_TTL_MS = 24 * 3_600_000;
const ENCRYPTION_PURPOSE = 'temporary-password-link';

export interface ResetInput {
  password: string;
  /** When sent, must equal password. */
  confirm?: string;
  /** Temporary (default): the user must replace it at the next sign-in, and it expires. */
  temporary?: boolean;
  /** Also make a one-time link that shows the password once (24 h), for sharing it safely. */
  shareLink?: boolean;
}

/** The server address people need for their first sign-in. */
export const loginUrl = (ctx: Context, orgSlug: string) => `${ctx.publicUrl}/o/${orgSlug}/login`;

/**
 * An admin sets a user's password. Preconditions, each refused with its own reason: the
 * user-management privilege over this user, no enforced SSO, the user limit not exceeded.
 * Pending invitations and sessions of the user end.
 */
export async function reset(ctx: Context, actor: Actor, orgSlug: string, userId: string, input: ResetInput) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  const settings = effectiveSettings(org.settings);
  invitations.assertPasswordOnboarding(settings);
  if (input.confirm !== undefined && input.confirm !== input.password) throw new AppError('password.mismatch');
  if (actor.id === userId) throw new AppError('user.cannot_modify_self', 'Change your own password from your account page.');
  const temporary = input.temporary ?? true;
  const now = ctx.clock.now();
  const expiresAt = temporary ? new Date(now.getTime() + settings.temporaryPassword.expiryDays * 86_400_000) : null;
  const token = input.shareLink ? newToken() : undefined;
  const result = await ctx.db.transaction().execute(async (tx) => {
    const user = await users.findByIdForUpdate(tx, org.id, userId);
    if (!user) throw new AppError('user.not_found');
    users.assertCanManage(actor, user.privilege);
    if (user.status === 'disabled') throw new AppError('user.disabled', 'Enable the user before setting a password.');
    await users.assertUnderUserLimit(tx, org, 0);
    await setPassword(ctx, tx, settings, user, input.password, { changeRequired: temporary ? 'temporary' : null, expiresAt, byAdmin: true });
    // A pending user stays pending until they choose their own password.
    if (!temporary) await users.updateRow(tx, org.id, user.id, { status: 'active' });
    await invitations.revokeAllOfUser(ctx, tx, org.id, user.id);
    await sessions.endAllOfUser(ctx, tx, org.id, user.id);
    await q.discardUnviewed(tx, org.id, user.id, now);
    if (token) {
      await q.insertLink(tx, {
        organization_id: org.id,
        user_id: user.id,
        secret_hash: hashToken(ctx.secret, token),
        encrypted_password: encrypt(ctx.secret, ENCRYPTION_PURPOSE, input.password),
        created_by: actor.type === 'user' ? actor.id : null,
        expires_at: new Date(now.getTime() + LINK_TTL_MS),
      });
    }
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'password.reset_by_admin',
      target: { type: 'user', id: user.id },
      data: { temporary, expiresAt, shareLink: !!token },
    });
    return { username: user.username };
  });
  return {
    temporary,
    expiresAt,
    viewUrl: token ? `${ctx.publicUrl}/o/${org.slug}/temporary-passwords/${token}` : null,
    loginUrl: loginUrl(ctx, org.slug),
    username: result.username,
  };
}

/**
 * Opens a one-time view link: returns the password once and erases it. A second visit, an
 * expired link or a replaced password all get the same "no longer available" answer.
 */
export async function view(ctx: Context, orgSlug: string, token: string) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const opened = await q.consumeLink(ctx.db, org.id, hashToken(ctx.secret, token), ctx.clock.now());
  if (!opened?.box) throw new AppError('temporary_password.link_invalid');
  const user = await users.findById(ctx.db, org.id, opened.user_id);
  if (!user) throw new AppError('temporary_password.link_invalid');
  await audit.record(ctx.db, { type: 'anonymous', id: null, label: null, organizationId: org.id, privilege: null, ip: null, userAgent: null }, {
    organizationId: org.id,
    action: 'password.link_viewed',
    target: { type: 'user', id: user.id },
  });
  const url = loginUrl(ctx, org.slug);
  return {
    org,
    username: user.username,
    password: decrypt(ctx.secret, ENCRYPTION_PURPOSE, opened.box),
    expiresAt: user.password_expires_at,
    loginUrl: url,
    qrCode: await QRCode.toDataURL(url, { margin: 1, width: 200 }),
  };
}

/** What the Support page shows: where users go for their first sign-in. */
export async function support(ctx: Context, actor: Actor, orgSlug: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  return {
    serverUrl: ctx.publicUrl,
    loginUrl: loginUrl(ctx, org.slug),
    forgotPasswordUrl: `${ctx.publicUrl}/o/${org.slug}/forgot`,
    organization: { slug: org.slug, name: org.name },
    qrCode: await QRCode.toDataURL(loginUrl(ctx, org.slug), { margin: 1, width: 200 }),
  };
}
