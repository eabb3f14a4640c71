import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, needsRehash, verifyPassword, verifyPasswordDetailed } from '../../lib/passwords.js';
import * as audit from '../audit/service.js';
import * as invitations from '../invitations/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import { passwordState, replacePassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import * as q from './queries.js';
import * as throttle from './throttle.js';
import { signIns } from '../../lib/metrics.js';

export interface LoginInput {
  organization: string;
  login: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  /** The cookie of the session this browser already has, ended by a successful sign-in. */
  replaces?: string | undefined;
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
  if (!org) {
    await throttle.assertAllowed(ctx, throttle.keysFor('none', input.login, input.ip));
    await burnVerification(ctx, input.password);
    await throttle.recordFailure(ctx, throttle.keysFor('none', input.login, input.ip));
    throw new AppError('auth.invalid_credentials');
  }
  const refuse = async (user: UserRow, reason: string, err: AppError): Promise<never> => {
    signIns.inc({ outcome: 'refused' });
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.refused', target: { type: 'user', id: user.id }, data: { kind, reason } });
    throw err;
  };

  // The account is looked up first (the same query whether or not it exists), so all of
  // its login names share one budget.
  const user = await users.findByLogin(ctx, org.id, input.login);
  const keys = throttle.keysFor(org.id, input.login, input.ip, user?.id);
  await throttle.assertAllowed(ctx, keys);
  let passwordOk = false;
  let legacyHash = false;
  if (user?.password_hash) ({ ok: passwordOk, legacy: legacyHash } = await verifyPasswordDetailed(user.password_hash, input.password));
  else await burnVerification(ctx, input.password);
  const capped = user !== undefined && user.failed_logins >= ctx.config.loginFailureCap;
  // A right password of a non-admin at the console is answered and counted as a wrong one:
  // anything else would confirm the password to whoever typed it.
  const notAdmin = kind === 'console' && user?.privilege === 'user';
  if (!user || !passwordOk || capped || notAdmin) {
    if (user?.status === 'pending' && kind === 'account' && !capped) {
      const invitation = await invitations.verifyCode(ctx, org, user, input.password, input).catch((err: unknown) => {
        if (err instanceof AppError && err.code === 'invitation.code_invalid') return undefined;
        throw err;
      });
      if (invitation) {
        await throttle.reset(ctx, keys);
        // Proving an invitation code is a sign-in too (last login), though no session exists yet.
        await users.updateRow(ctx.db, org.id, user.id, { last_login_at: ctx.clock.now() });
        await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.code_accepted', target: { type: 'user', id: user.id }, data: { invitationId: invitation.id } });
        signIns.inc({ outcome: 'password_required' });
        return { kind: 'set_password', reason: 'invitation', invitationId: invitation.id, user, org };
      }
    }
    const lockout = await throttle.recordFailure(ctx, keys);
    const reason = !user ? 'unknown_account' : capped ? 'failure_cap' : !passwordOk ? 'wrong_password' : 'not_admin';
    // Counting and auditing commit together: one commit whether or not the account exists.
    await ctx.db.transaction().execute(async (tx) => {
      const failures = await q.countFailure(tx, org.id, user?.id ?? q.NO_USER);
      await audit.record(tx, actorOf(user), { organizationId: org.id, action: 'login.failed', data: { kind, login: input.login.slice(0, 200), reason } });
      if (lockout) {
        await audit.record(tx, actorOf(user), { organizationId: org.id, action: 'login.locked_out', data: { kind, login: input.login.slice(0, 200), seconds: lockout } });
      }
      if (user && failures === ctx.config.loginFailureCap) {
        await audit.record(tx, actorOf(user), { organizationId: org.id, action: 'login.failure_cap_reached', target: { type: 'user', id: user.id }, data: { kind, failures } });
      }
    });
    throw new AppError('auth.invalid_credentials');
  }

  await throttle.reset(ctx, keys);
  if (user.failed_logins > 0) await q.clearFailures(ctx.db, org.id, user.id);
  // The password is right from here on, so saying why sign-in is refused reveals nothing.
  if (user.status === 'disabled') return refuse(user, 'disabled', new AppError('user.disabled'));
  const settings = effectiveSettings(org.settings);
  if (user.status === 'pending' && settings.invitation.lockUntilPasswordSet && (await invitations.hasLiveInvitation(ctx, org.id, user.id))) {
    return refuse(user, 'invitation_pending', new AppError('auth.invitation_pending'));
  }
  const state = passwordState(settings, user, ctx.clock.now());
  if (state === 'temporary_expired') return refuse(user, 'temporary_expired', new AppError('password.temporary_expired'));
  if (state === 'change_required') {
    await users.updateRow(ctx.db, org.id, user.id, { last_login_at: ctx.clock.now() });
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.password_change_required', target: { type: 'user', id: user.id }, data: { kind } });
    if (kind === 'console') {
      throw new AppError('password.change_required', `Sign in at ${ctx.publicUrl}/o/${org.slug}/login to set a new password first.`, { changeUrl: `${ctx.publicUrl}/o/${org.slug}/login` });
    }
    signIns.inc({ outcome: 'password_required' });
    return { kind: 'set_password', reason: 'change', user, org };
  }

  // A hash of the password as typed (before NFKC normalization) is replaced by a normalized one.
  const rehash = legacyHash || needsRehash(user.password_hash!, ctx.argon2) ? await hashPassword(input.password, ctx.argon2) : undefined;
  const session = await ctx.db.transaction().execute(async (tx) => {
    await users.updateRow(tx, org.id, user.id, { last_login_at: ctx.clock.now(), ...(rehash && { password_hash: rehash }) });
    const replaced = input.replaces ? await sessions.endReplaced(ctx, tx, input.replaces, kind) : undefined;
    await audit.record(tx, actorOf(user), {
      organizationId: org.id,
      action: 'login.succeeded',
      target: { type: 'user', id: user.id },
      data: { kind, ...(replaced && { replacedSession: replaced }) },
    });
    return sessions.start(ctx, tx, { organizationId: org.id, userId: user.id, kind, ip: input.ip, userAgent: input.userAgent });
  });
  signIns.inc({ outcome: 'succeeded' });
  return { kind: 'session', token: session.token, sessionId: session.id, user, org };
}

/** How a person proved who they are just before being signed in without typing their password again. */
export type ContinuedBy = 'invitation_link' | 'invitation_code' | 'password_change' | 'setup';

/**
 * Signs a person in right after they set their password (invitation, forced change, first
 * admin setup), so they don't type it again. It is an ordinary sign-in: audited as
 * `login.succeeded` (with `via`), last login updated, a session of the given kind. A
 * disabled or locked account gets none (undefined): the person then signs in as usual.
 */
export async function continueSignedIn(
  ctx: Context,
  org: OrganizationRow,
  userId: string,
  kind: sessions.SessionKind,
  via: ContinuedBy,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; sessionId: string; user: UserRow } | undefined> {
  return ctx.db.transaction().execute(async (tx) => {
    // Locked, so a disable committed meanwhile is seen here or ends this session after.
    const user = await users.findByIdForUpdate(tx, org.id, userId);
    if (!user || user.status === 'disabled' || user.status === 'locked') return undefined;
    if (kind === 'console' && user.privilege === 'user') return undefined;
    const actor: Actor = { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ...meta };
    await users.updateRow(tx, org.id, user.id, { last_login_at: ctx.clock.now() });
    await audit.record(tx, actor, { organizationId: org.id, action: 'login.succeeded', target: { type: 'user', id: user.id }, data: { kind, via } });
    const session = await sessions.start(ctx, tx, { organizationId: org.id, userId: user.id, kind, ...meta });
    return { token: session.token, sessionId: session.id, user };
  });
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
    const actor: Actor = { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ip: input.ip, userAgent: input.userAgent };
    await audit.record(tx, actor, { organizationId: org.id, action: 'password.changed', target: { type: 'user', id: user.id }, data: { reason: user.password_change_required ?? 'expired' } });
    await replacePassword(ctx, tx, org, user, input.password, { changeRequired: null, expiresAt: null, actor, activate: true, endSessions: 'all' });
    return { org, user };
  });
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
