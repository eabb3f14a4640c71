import { hash as digest } from 'node:crypto';
import type { Context, Tx } from '../../context.js';
import { hashToken, newToken } from '../../lib/tokens.js';
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
  s: { organizationId: string; userId: string; kind: SessionKind; ip: string | null; userAgent: string | null; methods: string[]; aal: number },
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
    last_seen_at: ctx.clock.now(),
    expires_at: new Date(ctx.clock.now().getTime() + ctx.config.sessionTtlMinutes * 60_000),
    methods: s.methods,
    aal: s.aal,
  }, alongside);
  return { id, token };
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
  const session = await q.findLive(ctx.db, hashToken(ctx.secret, token), kind, now);
  if (!session || idle(ctx, session, kind, now)) return undefined;
  if (now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await q.touch(ctx.db, session.session_id, now);
    session.last_seen_at = now;
  }
  if (ctx.caches.active) cache.set(key, session, now.getTime());
  return session;
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
