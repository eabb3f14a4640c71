import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Context } from '../../context.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import * as q from './queries.js';

/** Encryption purpose of the stored private keys (src/lib/crypto.ts derives a key per purpose). */
const PURPOSE = 'oidc-signing-key';
/** A retired key stays published this long: longer than any token it signed lives. */
export const RETIRED_KEEP_MS = 7 * 24 * 3600_000;

export type Jwk = Record<string, unknown> & { kid: string };

function newJwk(): Jwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: randomBytes(12).toString('base64url'), alg: 'RS256', use: 'sig' };
}

const sealed = (ctx: Context, jwk: Jwk) => encrypt(ctx.secret, PURPOSE, JSON.stringify(jwk));

/**
 * The organization's signing keys in the order the provider uses them: the active key first
 * (it signs), then the next key (published ahead so verifiers cache it before it is used),
 * then retired ones (published for verification only). Creates the first pair on first use;
 * concurrent nodes serialize on an advisory lock, so an organization has one active key.
 */
export async function signingKeys(ctx: Context, organizationId: string): Promise<Jwk[]> {
  let rows = await q.listKeys(ctx.db, organizationId);
  if (!rows.some((r) => r.state === 'active')) {
    await ctx.db.transaction().execute(async (tx) => {
      await q.lockKeys(tx, organizationId);
      if ((await q.listKeys(tx, organizationId)).some((r) => r.state === 'active')) return;
      const active = newJwk();
      const nextKey = newJwk();
      await q.insertKey(tx, { organization_id: organizationId, kid: active.kid, state: 'active', private_jwk: sealed(ctx, active), activated_at: ctx.clock.now() });
      await q.insertKey(tx, { organization_id: organizationId, kid: nextKey.kid, state: 'next', private_jwk: sealed(ctx, nextKey), activated_at: null });
    });
    rows = await q.listKeys(ctx.db, organizationId);
  }
  const rank = { active: 0, next: 1, retired: 2 } as const;
  return rows
    .sort((a, b) => rank[a.state] - rank[b.state] || b.created_at.getTime() - a.created_at.getTime())
    .map((r) => JSON.parse(decrypt(ctx.secret, PURPOSE, r.private_jwk)) as Jwk);
}

/**
 * Rotates the organization's signing keys: the next key (published since the last rotation)
 * starts signing, the active one is retired but stays published for RETIRED_KEEP_MS, and a
 * new next key is published. Retired keys older than that are dropped. Nodes pick the new
 * set up within their provider refresh interval; until then they sign with the old key,
 * which verifiers still accept.
 */
export async function rotate(ctx: Context, organizationId: string): Promise<{ active: string; next: string }> {
  await signingKeys(ctx, organizationId);
  return ctx.db.transaction().execute(async (tx) => {
    await q.lockKeys(tx, organizationId);
    const now = ctx.clock.now();
    const rows = await q.listKeys(tx, organizationId);
    const active = rows.find((r) => r.state === 'active');
    const nextRow = rows.find((r) => r.state === 'next');
    if (active) await q.setKeyState(tx, organizationId, active.kid, 'retired', now);
    let activeKid: string;
    if (nextRow) {
      await q.setKeyState(tx, organizationId, nextRow.kid, 'active', now);
      activeKid = nextRow.kid;
    } else {
      const k = newJwk();
      await q.insertKey(tx, { organization_id: organizationId, kid: k.kid, state: 'active', private_jwk: sealed(ctx, k), activated_at: now });
      activeKid = k.kid;
    }
    const fresh = newJwk();
    await q.insertKey(tx, { organization_id: organizationId, kid: fresh.kid, state: 'next', private_jwk: sealed(ctx, fresh), activated_at: null });
    await q.dropRetiredKeys(tx, organizationId, new Date(now.getTime() - RETIRED_KEEP_MS));
    return { active: activeKid, next: fresh.kid };
  });
}
