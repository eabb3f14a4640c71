import { hash as digest } from 'node:crypto';
import type { Context, Tx } from '../../context.js';
import { type Actor, privilegeRank } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import { hashToken, isUuid, newToken } from '../../lib/tokens.js';
import { deviceName } from '../../lib/user-agent.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import * as q from './queries.js';

export type SessionKind = 'console' | 'account';

// Writing last_seen_at on every request would turn reads into writes; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Starts a session; returns its id and the cookie value, which is never stored. `methods`
 * (amr values) and `aal` say how the person proved who they are; the sign-in flow sets them.
 * `alongside` writes (last login, the audit event) commit in the same statement.
 */
export async function start(
  ctx: Context,
  tx: Tx,
  s: { organizationId: string; userId: string; kind: SessionKind; ip: string | null; userAgent: string | null; methods: string[]; aal: number; deviceId?: string | null; expiresAt?: Date },
  alongside: q.AlongsideWrite[] = [],
): Promise<{ id: string; token: string }> {
  const token = newToken();
  const { id } = await q.insert(tx, {
    organization_id: s.organizationId,
    user_id: s.userId,
    kind: s.kind,
    token_hash: hashToken(ctx.secret, token),
    ip: s.ip,
    user_agent: s.userAgent?.slice(0, 500) ?? null,
    // On the server's clock, like every time the recovery rules compare it with.
    created_at: ctx.clock.now(),
    last_seen_at: ctx.clock.now(),
    expires_at: s.expiresAt ?? new Date(ctx.clock.now().getTime() + ctx.config.sessionTtlMinutes * 60_000),
    methods: s.methods,
    aal: s.aal,
    device_id: s.deviceId ?? null,
  }, alongside);
  return { id, token };
}

/** Whether the user opened a session with two factors (AAL2) after `since`. */
export async function hadTwoFactorSessionSince(ctx: Context, organizationId: string, userId: string, since: Date): Promise<boolean> {
  return (await q.twoFactorSessionSince(ctx.db, organizationId, userId, since)) !== undefined;
}

type LiveSession = NonNullable<Awaited<ReturnType<typeof q.findLive>>>;

/**
 * The live session behind a cookie, with its user. Served from the node's cache when it
 * can be: anything that ends or changes a session invalidates the caches of every node.
 */
export async function resolve(ctx: Context, token: string, kind: SessionKind): Promise<LiveSession | undefined> {
  const now = ctx.clock.now();
  const cache = ctx.caches.named<LiveSession>('sessions');
  // The cache is keyed by a plain SHA-256 of the cookie: an HMAC costs about ten times as
  // much, and only the stored hash has to withstand someone who reads the database.
  const key = `${kind}:${digest('sha256', token, 'base64')}`;
  const cached = ctx.caches.active ? cache.get(key, now.getTime()) : undefined;
  if (cached) return cached.expires_at > now && !idle(ctx, cached, kind, now) ? cached : undefined;
  const mark = ctx.caches.mark();
  const session = await q.findLive(ctx.db, hashToken(ctx.secret, token), kind, now);
  if (!session || idle(ctx, session, kind, now)) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await q.touch(ctx.db, session.session_id, now);
    session.last_seen_at = now;
  }
  if (ctx.caches.active && ctx.caches.unchangedSince(mark)) cache.set(key, session, now.getTime());
  return session;
}

/** When a session last proved the person's credentials: its latest re-authentication, else its opening. */
export const authenticatedAt = (s: { created_at: Date; authenticated_at: Date | null }): Date => s.authenticated_at ?? s.created_at;

/**
 * The step-up guard of the account's security actions (authenticator app, backup codes,
 * recovery phone, ending sessions, forgetting devices), on their pages and their /api/v1/me
 * routes alike: the session must have proved the credentials within
 * REAUTHENTICATION_WINDOW_MINUTES, else `auth.reauthentication_required` (the pages send the
 * browser to re-authenticate and come back; the API answers the problem). A stolen or
 * long-open session can't take over the account's factors without the password.
 */
export function assertRecentAuthentication(ctx: Context, s: { created_at: Date; authenticated_at: Date | null }): void {
  const age = ctx.clock.now().getTime() - authenticatedAt(s).getTime();
  if (age > ctx.config.reauthenticationWindowMinutes * 60_000) throw new AppError('auth.reauthentication_required');
}

/**
 * Records that the person proved their credentials again in an open session (see
 * auth.reauthenticate), audited as `session.reauthenticated`; the session caches of every node
 * are invalidated so the guard sees it at once. False when the session is no longer open.
 */
export async function markReauthenticated(ctx: Context, tx: Tx, actor: Actor, s: { organizationId: string; userId: string; sessionId: string; methods: string[] }): Promise<boolean> {
  if (!(await q.markAuthenticated(tx, s.organizationId, s.sessionId, ctx.clock.now()))) return false;
  await audit.record(tx, actor, { organizationId: s.organizationId, action: 'session.reauthenticated', target: { type: 'user', id: s.userId }, data: { sessionId: s.sessionId, methods: s.methods } });
  await ctx.caches.invalidate(tx);
  return true;
}

/**
 * Whether a session has gone unused for its idle period. last_seen_at is written at most
 * once a TOUCH_INTERVAL, so the period is counted from the last recorded request plus that
 * interval: a session never ends early, and at most a minute late.
 */
function idle(ctx: Context, s: Pick<LiveSession, 'last_seen_at'>, kind: SessionKind, now: Date): boolean {
  const minutes = kind === 'console' ? ctx.config.consoleSessionIdleMinutes : ctx.config.accountSessionIdleMinutes;
  return now.getTime() - s.last_seen_at.getTime() > minutes * 60_000 + TOUCH_INTERVAL_MS;
}

/** Ends the session a browser presents when it signs in again (ASVS 7.2.4); its id when one ended. */
export async function endReplaced(ctx: Context, tx: Tx, token: string, kind: SessionKind): Promise<string | undefined> {
  const ended = await q.revokeByToken(tx, hashToken(ctx.secret, token), kind, ctx.clock.now());
  if (ended) await ctx.caches.invalidate(tx);
  return ended?.id;
}

export async function end(ctx: Context, sessionId: string) {
  await ctx.db.transaction().execute(async (tx) => {
    await q.revoke(tx, sessionId, ctx.clock.now());
    await ctx.caches.invalidate(tx);
  });
}

/** Ends one session in the caller's transaction (an impersonation stopped). */
export async function endIn(ctx: Context, tx: Tx, sessionId: string) {
  await q.revoke(tx, sessionId, ctx.clock.now());
  await ctx.caches.invalidate(tx);
}

/** Ends every session of a user at once (disable, delete, credential change). */
export async function endAllOfUser(ctx: Context, tx: Tx, organizationId: string, userId: string) {
  await q.revokeAllOfUser(tx, organizationId, userId, ctx.clock.now());
  await ctx.caches.invalidate(tx);
}

/** Ends the user's other sessions (own password change); the one in use stays. */
export async function endOthersOfUser(ctx: Context, tx: Tx, organizationId: string, userId: string, keepSessionId: string) {
  await q.revokeOthersOfUser(tx, organizationId, userId, keepSessionId, ctx.clock.now());
  await ctx.caches.invalidate(tx);
}

/** Ends the sessions opened on a device, in the caller's transaction (the device was forgotten). */
export async function endOfDevice(ctx: Context, tx: Tx, organizationId: string, deviceId: string): Promise<number> {
  const ended = await q.revokeOfDevice(tx, organizationId, deviceId, ctx.clock.now());
  if (ended.length > 0) await ctx.caches.invalidate(tx);
  return ended.length;
}

// ---- listing and revoking: administrators, and the person themself ----

/** A live session as administrators and its owner see it. */
export interface SessionView {
  id: string;
  kind: SessionKind;
  /** What the client is, from its user agent ("Firefox on Linux"). */
  device: string;
  deviceId: string | null;
  ip: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  aal: number;
  methods: string[];
  /** Whether this is the session the request came with. */
  current: boolean;
}

/** The signed-in person acting on their own sessions: who, and the session they use. */
export interface Self {
  actor: Actor;
  organizationId: string;
  userId: string;
  sessionId: string;
}

async function live(ctx: Context, organizationId: string, userId: string, currentSessionId: string | undefined): Promise<SessionView[]> {
  const now = ctx.clock.now();
  const rows = await q.listOpen(ctx.db, organizationId, userId, now);
  return rows
    .filter((r) => !idle(ctx, r, r.kind, now))
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      device: deviceName(r.user_agent),
      deviceId: r.device_id,
      ip: r.ip,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: r.expires_at,
      aal: r.aal,
      methods: r.methods,
      current: r.id === currentSessionId,
    }));
}

/**
 * The organization and user an administrator acts on. Reading needs `users.read`; ending
 * sessions needs `sessions.manage` (helpdesk and up: it takes access away, reveals nothing)
 * and a user of no higher privilege than the actor's, as for every other user action.
 * Another organization's user is not found, as a missing one.
 */
async function target(ctx: Context, actor: Actor, orgSlug: string, userId: string, permission: 'users.read' | 'sessions.manage') {
  const org = await organizations.resolve(ctx, actor, orgSlug, permission);
  const user = await q.targetUser(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  if (permission === 'sessions.manage' && privilegeRank[user.privilege] > privilegeRank[actor.privilege ?? 'user']) throw new AppError('user.privilege_too_high');
  return { org, user };
}

/** A user's live sessions (account pages and console), newest first; `current` marks the caller's own. */
export async function listOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string, currentSessionId?: string): Promise<SessionView[]> {
  const { org } = await target(ctx, actor, orgSlug, userId, 'users.read');
  return live(ctx, org.id, userId, currentSessionId);
}

/**
 * Ends one session of a user, audited as `session.revoked`. Its next request, on any node, is
 * refused: the cache of every node is invalidated in the same transaction.
 */
export async function revokeOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string, sessionId: string): Promise<void> {
  const { org } = await target(ctx, actor, orgSlug, userId, 'sessions.manage');
  await revokeOne(ctx, actor, org.id, userId, sessionId, 'admin');
}

/** Ends every session of a user, audited as `session.revoked_all` with the count. */
export async function revokeAllOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<{ revoked: number }> {
  const { org } = await target(ctx, actor, orgSlug, userId, 'sessions.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const ended = await q.revokeAllOfUser(tx, org.id, userId, ctx.clock.now());
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, { organizationId: org.id, action: 'session.revoked_all', target: { type: 'user', id: userId }, data: { by: 'admin', count: ended.length } });
    return { revoked: ended.length };
  });
}

async function revokeOne(ctx: Context, actor: Actor, organizationId: string, userId: string, sessionId: string, by: 'admin' | 'self') {
  if (!isUuid(sessionId)) throw new AppError('session.not_found');
  await ctx.db.transaction().execute(async (tx) => {
    const ended = await q.revokeOfUser(tx, organizationId, userId, sessionId, ctx.clock.now());
    if (!ended) throw new AppError('session.not_found');
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, { organizationId, action: 'session.revoked', target: { type: 'user', id: userId }, data: { by, sessionId, kind: ended.kind } });
  });
}

/** The person's own live sessions. */
export const listOwn = (ctx: Context, self: Self) => live(ctx, self.organizationId, self.userId, self.sessionId);

/** The person ends one of their own sessions (the one in use too: that signs them out). */
export const revokeOwn = (ctx: Context, self: Self, sessionId: string) => revokeOne(ctx, self.actor, self.organizationId, self.userId, sessionId, 'self');

/** The person signs out everywhere else; the session in use stays. */
export async function revokeOwnOthers(ctx: Context, self: Self): Promise<{ revoked: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    const ended = await q.revokeOthersOfUser(tx, self.organizationId, self.userId, self.sessionId, ctx.clock.now());
    await ctx.caches.invalidate(tx);
    await audit.record(tx, self.actor, { organizationId: self.organizationId, action: 'session.revoked_all', target: { type: 'user', id: self.userId }, data: { by: 'self', count: ended.length, keptCurrent: true } });
    return { revoked: ended.length };
  });
}
