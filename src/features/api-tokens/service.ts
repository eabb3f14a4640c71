import type { Context, Tx } from '../../context.js';
import type { Privilege } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import { type Actor, authorize, privilegeRank } from '../../access/index.js';
import * as q from './queries.js';

export type TokenPrivilege = Exclude<Privilege, 'user'>;
const TOKEN_PREFIX = 'lk_';
type LiveToken = NonNullable<Awaited<ReturnType<typeof q.findLive>>>;
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Creates an API token for an organization. The token is returned once and only its keyed
 * hash is kept. Nobody can mint a token stronger than their own privilege.
 */
export async function create(ctx: Context, actor: Actor, organizationId: string, input: { name: string; privilege: TokenPrivilege; expiresAt?: Date }) {
  authorize(actor, organizationId, 'api_tokens.manage');
  if (privilegeRank[input.privilege] > privilegeRank[actor.privilege ?? 'user']) throw new AppError('user.privilege_too_high');
  const token = newToken(TOKEN_PREFIX);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.insert(tx, {
      organization_id: organizationId,
      name: input.name,
      privilege: input.privilege,
      token_hash: hashToken(ctx.secret, token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      created_by: actor.type === 'user' ? actor.id : null,
      expires_at: input.expiresAt ?? null,
    });
    await audit.record(tx, actor, { organizationId, action: 'api_token.created', target: { type: 'api_token', id: row.id }, data: { name: input.name, privilege: input.privilege } });
    return { ...row, token };
  });
}

const withinRank = (actor: Actor, privilege: Privilege) => privilegeRank[privilege] <= privilegeRank[actor.privilege ?? 'user'];

/** Tokens of the organization up to the actor's own privilege. */
export async function list(ctx: Context, actor: Actor, organizationId: string) {
  authorize(actor, organizationId, 'api_tokens.manage');
  return (await q.list(ctx.db, organizationId)).filter((t) => withinRank(actor, t.privilege));
}

/**
 * A token can't outlive its creator's standing: when a user is disabled, deleted or
 * demoted, tokens they made above their new privilege are revoked.
 */
export async function capCreatedBy(ctx: Context, tx: Tx, organizationId: string, userId: string, privilege: Privilege) {
  const above = (Object.keys(privilegeRank) as Privilege[]).filter((p) => privilegeRank[p] > privilegeRank[privilege]);
  const revoked = await q.revokeCreatedBy(tx, organizationId, userId, above, ctx.clock.now());
  if (revoked.length > 0) await ctx.caches.invalidate(tx);
  return revoked;
}

export async function revoke(ctx: Context, actor: Actor, organizationId: string, id: string) {
  authorize(actor, organizationId, 'api_tokens.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await q.findById(tx, organizationId, id);
    if (!existing || !withinRank(actor, existing.privilege)) throw new AppError('api_token.not_found');
    const row = await q.revoke(tx, organizationId, id, ctx.clock.now());
    if (!row) throw new AppError('api_token.not_found');
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, { organizationId, action: 'api_token.revoked', target: { type: 'api_token', id } });
    return row;
  });
}

/** The actor behind a Bearer token, or undefined when it is unknown, revoked or expired. */
export async function authenticate(ctx: Context, token: string, meta: { ip: string | null; userAgent: string | null }): Promise<Actor | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const now = ctx.clock.now();
  const hash = hashToken(ctx.secret, token).toString('hex');
  const cache = ctx.caches.named<LiveToken>('api_tokens');
  let row = ctx.caches.active ? cache.get(hash, now.getTime()) : undefined;
  if (!row) {
    row = await q.findLive(ctx.db, Buffer.from(hash, 'hex'), now);
    if (!row) return undefined;
    if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > TOUCH_INTERVAL_MS) await q.touch(ctx.db, row.id, now);
    if (ctx.caches.active) cache.set(hash, row, now.getTime());
  }
  if (row.expires_at && row.expires_at <= now) return undefined;
  return { type: 'api_token', id: row.id, label: row.name, organizationId: row.organization_id, privilege: row.privilege, ...meta };
}
