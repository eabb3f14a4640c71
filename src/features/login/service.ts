import type { Actor, Context } from '../../context.js';
import type { OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, needsRehash, verifyPassword } from '../../lib/passwords.js';
import * as audit from '../audit/service.js';
import * as invitations from '../invitations/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import { passwordState, setPassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import * as throttle from './throttle.js';
import { signIns } from '../../lib/metrics.js';

export interface LoginInput {
  organization: string;
  login: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

/** Sign-in either opens a session, or proves who the person is and sends them to set a password first. */
export type LoginResult =
  | { kind: 'session'; token: string; sessionId: string; user: UserRow; org: OrganizationRow }
  | { kind: 'set_password'; reason: 'invitation'; invitationId: string; user: UserRow; org: OrganizationRow }
  | { kind: 'set_password'; reason: 'change'; user: UserRow; org: OrganizationRow };

let dummyHash: Promise<string> | undefined;
/** Unknown accounts cost one argon2 verification too, so timing doesn't tell them apart. */
async function burnVerification(ctx: Context, password: string) {
  dummyHash ??= hashPassword('not-a-real-password', ctx.argon2);
  await verifyPassword(await dummyHash, password);
}

/**
 * Password sign-in for the account pages ('account') or the admin console ('console').
 * An invitation code typed as the password is accepted and leads to setting a password.
 * Unknown organizations, unknown accounts and wrong passwords all fail the same way.
 */
export async function login(ctx: Context, kind: sessions.SessionKind, input: LoginInput): Promise<LoginResult> {
  const org = await organizations.findPublic(ctx, input.organization).catch(() => undefined);
  const actorOf = (user?: UserRow): Actor => ({
    type: user ? 'user' : 'anonymous',
    id: user?.id ?? null,
    label: user?.username ?? input.login.slice(0, 200),
    organizationId: org?.id ?? null,
    privilege: user?.privilege ?? null,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  const keys = throttle.keysFor(org?.id ?? 'none', input.login, input.ip);
  await throttle.assertAllowed(ctx, keys);
  if (!org) {
    await burnVerification(ctx, input.password);
    await throttle.recordFailure(ctx, keys);
    throw new AppError('auth.invalid_credentials');
  }
  const refuse = async (user: UserRow, reason: string, err: AppError): Promise<never> => {
    signIns.inc({ outcome: 'refused' });
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.refused', target: { type: 'user', id: user.id }, data: { kind, reason } });
    throw err;
  };

  const user = await users.findByLogin(ctx, org.id, input.login);
  let passwordOk = false;
  if (user?.password_hash) passwordOk = await verifyPassword(user.password_hash, input.password);
  else await burnVerification(ctx, input.password);
  if (!user || !passwordOk) {
    if (user?.status === 'pending' && kind === 'account') {
      const invitation = await invitations.verifyCode(ctx, org, user, input.password, input).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'invitation.code_invalid') return undefined;
        throw err;
      });
      if (invitation) {
        await throttle.reset(ctx, keys);
        await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.code_accepted', target: { type: 'user', id: user.id }, data: { invitationId: invitation.id } });
        signIns.inc({ outcome: 'password_required' });
        return { kind: 'set_password', reason: 'invitation', invitationId: invitation.id, user, org };
      }
    }
    const lockout = await throttle.recordFailure(ctx, keys);
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.failed', data: { kind, login: input.login.slice(0, 200) } });
    if (lockout) {
      await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.locked_out', data: { kind, login: input.login.slice(0, 200), seconds: lockout } });
    }
    throw new AppError('auth.invalid_credentials');
  }

  await throttle.reset(ctx, keys);
  // The password is right from here on, so saying why sign-in is refused reveals nothing.
  if (user.status === 'disabled') return refuse(user, 'disabled', new AppError('user.disabled'));
  if (kind === 'console' && user.privilege === 'user') return refuse(user, 'not_admin', new AppError('auth.forbidden', 'This account has no administrator privileges.'));
  const settings = effectiveSettings(org.settings);
  if (user.status === 'pending' && settings.invitation.lockUntilPasswordSet && (await invitations.hasLiveInvitation(ctx, org.id, user.id))) {
    return refuse(user, 'invitation_pending', new AppError('auth.invitation_pending'));
  }
  const state = passwordState(settings, user, ctx.clock.now());
  if (state === 'temporary_expired') return refuse(user, 'temporary_expired', new AppError('password.temporary_expired'));
  if (state === 'change_required') {
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.password_change_required', target: { type: 'user', id: user.id }, data: { kind } });
    if (kind === 'console') {
      throw new AppError('password.change_required', `Sign in at ${ctx.publicUrl}/o/${org.slug}/login to set a new password first.`, { changeUrl: `${ctx.publicUrl}/o/${org.slug}/login` });
    }
    signIns.inc({ outcome: 'password_required' });
    return { kind: 'set_password', reason: 'change', user, org };
  }

  const rehash = needsRehash(user.password_hash!, ctx.argon2) ? await hashPassword(input.password, ctx.argon2) : undefined;
  const session = await ctx.db.transaction().execute(async (tx) => {
    await users.updateRow(tx, org.id, user.id, { last_login_at: ctx.clock.now(), ...(rehash && { password_hash: rehash }) });
    await audit.record(tx, actorOf(user), { organizationId: org.id, action: 'login.succeeded', target: { type: 'user', id: user.id }, data: { kind } });
    return sessions.start(ctx, tx, { organizationId: org.id, userId: user.id, kind, ip: input.ip, userAgent: input.userAgent });
  });
  signIns.inc({ outcome: 'succeeded' });
  return { kind: 'session', token: session.token, sessionId: session.id, user, org };
}

export async function logout(ctx: Context, actor: Actor, sessionId: string): Promise<void> {
  await sessions.end(ctx, sessionId);
  await audit.record(ctx.db, actor, { organizationId: actor.organizationId, action: 'logout', target: actor.id ? { type: 'user', id: actor.id } : undefined });
}

/**
 * Completes a forced change: the person proved their current password at sign-in moments
 * ago (carried in a sealed cookie); the new one must pass the policy and not be reused.
 */
export async function changeRequiredPassword(ctx: Context, orgSlug: string, userId: string, input: { password: string; confirm?: string; ip: string | null; userAgent: string | null }) {
  const org = await organizations.findPublic(ctx, orgSlug);
  if (input.confirm !== undefined && input.confirm !== input.password) throw new AppError('password.mismatch');
  const settings = effectiveSettings(org.settings);
  return ctx.db.transaction().execute(async (tx) => {
    const user = await users.findByIdForUpdate(tx, org.id, userId);
    if (!user || user.status === 'disabled') throw new AppError('auth.required');
    if (passwordState(settings, user, ctx.clock.now()) !== 'change_required') throw new AppError('auth.required');
    await setPassword(ctx, tx, settings, user, input.password, { changeRequired: null, expiresAt: null });
    await users.updateRow(tx, org.id, user.id, { status: 'active' });
    await sessions.endAllOfUser(ctx, tx, org.id, user.id);
    const actor: Actor = { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ip: input.ip, userAgent: input.userAgent };
    await audit.record(tx, actor, { organizationId: org.id, action: 'password.changed', target: { type: 'user', id: user.id }, data: { reason: user.password_change_required ?? 'expired' } });
    if (user.status === 'pending') await audit.record(tx, actor, { organizationId: org.id, action: 'user.activated', target: { type: 'user', id: user.id } });
    return { org, user };
  });
}

/** Admin "unlock": clears sign-in lockouts of every name the user signs in with. */
export async function unlock(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  await throttle.unlock(ctx, org.id, [user.username, user.email]);
  await audit.record(ctx.db, actor, { organizationId: org.id, action: 'user.unlocked', target: { type: 'user', id: user.id } });
}
