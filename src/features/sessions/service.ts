import type { Context, Tx } from '../../context.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import * as q from './queries.js';

export type SessionKind = 'console' | 'account';

// Writing last_seen_at on every request would turn reads into writes; once a minute is enough.
const TOUCH_INTERVAL_MS = 60_000;

/** Starts a session; returns its id and the cookie value, which is never stored. */
export async function start(
  ctx: Context,
  tx: Tx,
  s: { organizationId: string; userId: string; kind: SessionKind; ip: string | null; userAgent: string | null },
): Promise<{ id: string; token: string }> {
  const token = newToken();
  const { id } = await q.insert(tx, {
    organization_id: s.organizationId,
    user_id: s.userId,
    kind: s.kind,
    token_hash: hashToken(ctx.secret, token),
    ip: s.ip,
    user_agent: s.userAgent?.slice(0, 500) ?? null,
    expires_at: new Date(ctx.clock.now().getTime() + ctx.config.sessionTtlMinutes * 60_000),
  });
  return { id, token };
}

export async function resolve(ctx: Context, token: string, kind: SessionKind) {
  const now = ctx.clock.now();
  const session = await q.findLive(ctx.db, hashToken(ctx.secret, token), kind, now);
  if (session && now.getTime() - session.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await q.touch(ctx.db, session.session_id, now);
  }
  return session;
}

export const end = (ctx: Context, sessionId: string) => q.revoke(ctx.db, sessionId, ctx.clock.now());

/** Ends every session of a user at once (disable, delete, credential change). */
export const endAllOfUser = (ctx: Context, tx: Tx, organizationId: string, userId: string) =>
  q.revokeAllOfUser(tx, organizationId, userId, ctx.clock.now());
