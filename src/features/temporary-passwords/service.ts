import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import * as audit from '../audit/service.js';
import * as invitations from '../invitations/service.js';
import * as sheets from '../onboarding-sheets/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import { generatePassword } from '../../lib/passwords.js';
import { checkPassword, replacePassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';

export interface ResetInput {
  /** A password the admin chose; exactly one of this and `generate`. */
  password?: string;
  /** Generate a random password (recommended) and return it once. */
  generate?: boolean;
  /** When sent, must equal password. */
  confirm?: string;
  /** Temporary (default): the user must replace it at the next sign-in, and it expires. */
  temporary?: boolean;
  /** Also make a one-time link to a printable sheet with the password (24 h), for sharing it safely. */
  shareLink?: boolean;
}

/**
 * An admin sets a user's password. Preconditions, each refused with its own reason: the
 * user-management privilege over this user, no enforced SSO, the user limit not exceeded.
 * Pending invitations and sessions of the user end.
 */
export async function reset(ctx: Context, actor: Actor, orgSlug: string, userId: string, input: ResetInput) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  const settings = effectiveSettings(org.settings);
  invitations.assertPasswordOnboarding(settings);
  const generate = input.generate === true;
  if (generate === (input.password !== undefined) || (generate && input.confirm !== undefined)) throw new AppError('password.choice_required');
  if (input.confirm !== undefined && input.confirm !== input.password) throw new AppError('password.mismatch');
  if (actor.id === userId) throw new AppError('user.cannot_modify_self', 'Change your own password from your account page.');
  const temporary = input.temporary ?? true;
  const now = ctx.clock.now();
  const expiresAt = temporary ? new Date(now.getTime() + settings.temporaryPassword.expiryDays * 86_400_000) : null;
  const result = await ctx.db.transaction().execute(async (tx) => {
    const user = await users.findByIdForUpdate(tx, org.id, userId);
    if (!user) throw new AppError('user.not_found');
    users.assertCanManage(actor, user.privilege);
    if (user.status === 'disabled') throw new AppError('user.disabled', 'Enable the user before setting a password.');
    await users.assertUnderUserLimit(tx, org, 0);
    const password = input.password ?? (await generateTemporaryPassword(org, user));
    // A pending user stays pending until they choose their own password.
    await replacePassword(ctx, tx, org, user, password, { changeRequired: temporary ? 'temporary' : null, expiresAt, byAdmin: true, actor, activate: !temporary, endSessions: 'all' });
    await invitations.revokeAllOfUser(ctx, tx, org.id, user.id, actor, temporary ? 'temporary_password' : 'password_set_by_admin');
    const viewUrl = input.shareLink
      ? await sheets.create(ctx, tx, actor, { organizationId: org.id, orgSlug: org.slug, userId: user.id, kind: 'temporary_password', secret: password })
      : await sheets.discardUnviewed(ctx, tx, org.id, user.id).then(() => null);
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'password.reset_by_admin',
      target: { type: 'user', id: user.id },
      data: { temporary, expiresAt, shareLink: !!viewUrl, generated: generate },
    });
    return { username: user.username, viewUrl, password };
  });
  return {
    temporary,
    expiresAt,
    viewUrl: result.viewUrl,
    loginUrl: sheets.loginUrl(ctx, org.slug),
    username: result.username,
    // Shown once, to the admin who asked for it; never stored in clear or logged.
    ...(generate && { password: result.password }),
  };
}

/**
 * A random password (at least 99 bits, see generatePassword) that passes the organization's
 * own policy: a draw that happens to contain a context word or a run is drawn again. Also
 * the temporary password of a user created with a PIN.
 */
export async function generateTemporaryPassword(org: { name: string; slug: string; settings: Record<string, unknown> }, user: { username: string; email: string | null }) {
  const policy = effectiveSettings(org.settings).passwordPolicy;
  for (let attempt = 0; ; attempt++) {
    const candidate = generatePassword(policy.minLength);
    try {
      await checkPassword(policy, candidate, { username: user.username, email: user.email, organization: org });
      return candidate;
    } catch (err) {
      if (!(err instanceof AppError) || attempt >= 20) throw err;
    }
  }
}

/** When a temporary password made now stops working (the organization's validity period). */
export const temporaryExpiry = (ctx: Context, settings: { temporaryPassword: { expiryDays: number } }) => new Date(ctx.clock.now().getTime() + settings.temporaryPassword.expiryDays * 86_400_000);

/** What the Support page shows: where users go for their first sign-in. */
export async function support(ctx: Context, actor: Actor, orgSlug: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const signIn = sheets.loginUrl(ctx, org.slug);
  return {
    serverUrl: ctx.publicUrl,
    loginUrl: signIn,
    forgotPasswordUrl: absoluteUrl(ctx, pageUrl.forgot(org.slug)),
    organization: { slug: org.slug, name: org.name },
    qrCode: await sheets.qrCode(signIn),
  };
}
