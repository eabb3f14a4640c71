import type { Actor, Context } from '../../context.js';
import type { OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, needsRehash, verifyPassword } from '../../lib/passwords.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import * as sessions from '../sessions/service.js';
import * as users from '../users/service.js';

export interface LoginInput {
  organization: string;
  login: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password without revealing whether the account exists: an unknown login still
 * costs one argon2 verification and yields the same error as a wrong password.
 */
async function verifyCredentials(ctx: Context, org: OrganizationRow, login: string, password: string): Promise<UserRow | undefined> {
  const user = await users.findByLogin(ctx, org.id, login);
  if (!user?.password_hash) {
    dummyHash ??= hashPassword('not-a-real-password', ctx.argon2);
    await verifyPassword(await dummyHash, password);
    return undefined;
  }
  return (await verifyPassword(user.password_hash, password)) ? user : undefined;
}

/**
 * Password sign-in for the account pages ('account') or the admin console ('console').
 * Returns the new session's cookie value.
 */
export async function login(ctx: Context, kind: sessions.SessionKind, input: LoginInput): Promise<{ token: string; sessionId: string; user: UserRow; org: OrganizationRow }> {
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
    // Same cost and answer as a wrong password: organizations are not enumerable either.
    dummyHash ??= hashPassword('not-a-real-password', ctx.argon2);
    await verifyPassword(await dummyHash, input.password);
    throw new AppError('auth.invalid_credentials');
  }
  const user = await verifyCredentials(ctx, org, input.login, input.password);
  if (!user) {
    await audit.record(ctx.db, actorOf(), { organizationId: org.id, action: 'login.failed', data: { kind, login: input.login.slice(0, 200) } });
    throw new AppError('auth.invalid_credentials');
  }
  // The password is right, so saying why sign-in is refused reveals nothing to an attacker.
  if (user.status === 'disabled') {
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.refused', target: { type: 'user', id: user.id }, data: { kind, reason: 'disabled' } });
    throw new AppError('user.disabled');
  }
  if (kind === 'console' && user.privilege === 'user') {
    await audit.record(ctx.db, actorOf(user), { organizationId: org.id, action: 'login.refused', target: { type: 'user', id: user.id }, data: { kind, reason: 'not_admin' } });
    throw new AppError('auth.forbidden', 'This account has no administrator privileges.');
  }
  const rehash = needsRehash(user.password_hash!, ctx.argon2) ? await hashPassword(input.password, ctx.argon2) : undefined;
  const session = await ctx.db.transaction().execute(async (tx) => {
    await users.updateRow(tx, org.id, user.id, { last_login_at: ctx.clock.now(), ...(rehash && { password_hash: rehash }) });
    await audit.record(tx, actorOf(user), { organizationId: org.id, action: 'login.succeeded', target: { type: 'user', id: user.id }, data: { kind } });
    return sessions.start(ctx, tx, { organizationId: org.id, userId: user.id, kind, ip: input.ip, userAgent: input.userAgent });
  });
  return { token: session.token, sessionId: session.id, user, org };
}

export async function logout(ctx: Context, actor: Actor, sessionId: string): Promise<void> {
  await sessions.end(ctx, sessionId);
  await audit.record(ctx.db, actor, { organizationId: actor.organizationId, action: 'logout', target: actor.id ? { type: 'user', id: actor.id } : undefined });
}
