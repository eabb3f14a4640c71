import type { Context } from '../../context.js';
import * as q from './queries.js';

/** One in this many writes also deletes a batch of expired rows, so no node needs a timer for it. */
const CLEANUP_EVERY = 100;
const CLEANUP_BATCH = 500;

/** The client metadata of an app the provider reads through the adapter's `Client` model. */
export async function clientMetadata(ctx: Context, organizationId: string, appId: string): Promise<Record<string, unknown> | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(appId)) return undefined;
  const c = await q.findClient(ctx.db, organizationId, appId);
  if (!c) return undefined;
  const confidential = c.client_type === 'confidential';
  return {
    client_id: c.app_id,
    client_name: c.name,
    client_uri: c.url,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris,
    response_types: ['code'],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: confidential ? 'client_secret_basic' : 'none',
    // Only the secret's keyed hash is stored; Client.compareClientSecret (provider.ts) hashes
    // what the client presents and compares the two in constant time.
    ...(confidential && c.secret_hash && { client_secret: c.secret_hash.toString('base64url') }),
    ...(c.backchannel_logout_uri && { backchannel_logout_uri: c.backchannel_logout_uri, backchannel_logout_session_required: true }),
    id_token_signed_response_alg: 'RS256',
    'urn:latchkey:first_party': c.first_party,
  };
}

/**
 * The provider's storage on PostgreSQL (`oidc_models`), one class per organization: every
 * model of every node is a row keyed by (organization, model, id), with its grant, uid and
 * user code as lookup columns, its expiry, and when it was consumed. Expired rows are never
 * returned and are deleted in batches. Clients are not stored here: the `Client` model reads
 * the app registry (`oidc_clients`).
 */
export function adapterFor(ctx: Context, organizationId: string) {
  return class PostgresAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      if (this.model === 'Client') return;
      const now = ctx.clock.now();
      await q.upsertModel(ctx.db, {
        organization_id: organizationId,
        model: this.model,
        id,
        payload,
        grant_id: typeof payload.grantId === 'string' ? payload.grantId : null,
        uid: typeof payload.uid === 'string' ? payload.uid : null,
        user_code: typeof payload.userCode === 'string' ? payload.userCode : null,
        expires_at: expiresIn ? new Date(now.getTime() + expiresIn * 1000) : null,
      });
      if (Math.floor(Math.random() * CLEANUP_EVERY) === 0) await cleanupExpired(ctx).catch(() => undefined);
    }

    async find(id: string): Promise<Record<string, unknown> | undefined> {
      if (this.model === 'Client') return clientMetadata(ctx, organizationId, id);
      return present(await q.findModel(ctx.db, organizationId, this.model, 'id', id, ctx.clock.now()));
    }

    async findByUid(uid: string) {
      return present(await q.findModel(ctx.db, organizationId, this.model, 'uid', uid, ctx.clock.now()));
    }

    async findByUserCode(userCode: string) {
      return present(await q.findModel(ctx.db, organizationId, this.model, 'user_code', userCode, ctx.clock.now()));
    }

    async consume(id: string): Promise<void> {
      await q.consumeModel(ctx.db, organizationId, this.model, id, ctx.clock.now());
    }

    async destroy(id: string): Promise<void> {
      await q.destroyModel(ctx.db, organizationId, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await q.revokeGrant(ctx.db, organizationId, grantId);
    }
  };
}

const present = (row: q.ModelRow | undefined) =>
  row ? { ...row.payload, ...(row.consumed_at && { consumed: Math.floor(row.consumed_at.getTime() / 1000) }) } : undefined;

/** Deletes the provider's expired rows of every organization, in batches; returns how many. */
export async function cleanupExpired(ctx: Context): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await q.deleteExpired(ctx.db, ctx.clock.now(), CLEANUP_BATCH);
    total += n;
    if (n < CLEANUP_BATCH) return total;
  }
}
