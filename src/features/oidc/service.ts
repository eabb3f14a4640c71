import type { Context } from '../../context.js';
import type { OidcClientType, OrganizationRow } from '../../db/types.js';
import type { Actor } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import { newToken } from '../../lib/tokens.js';
import * as apps from '../apps/service.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import { cleanupExpired } from './adapter.js';
import * as keys from './keys.js';
import { forgetProviders, issuerPath, secretDigest } from './provider.js';
import * as q from './queries.js';

/*
 * Privileges: an app's client settings decide where people's tokens go, so changing them
 * (and rotating the secret or the signing keys) needs `settings.manage`, like editing the
 * app; reading them is `users.read`, as reading the app is.
 */

export interface OidcClient {
  clientId: string;
  clientType: OidcClientType;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri: string | null;
  firstParty: boolean;
  hasSecret: boolean;
  secretCreatedAt: Date | null;
  issuer: string;
  discoveryUrl: string;
  updatedAt: Date;
}

export interface OidcClientInput {
  clientType: OidcClientType;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string | null;
  firstParty?: boolean;
}

type ClientRow = Awaited<ReturnType<typeof q.upsertClient>>;

const issuerOf = (ctx: Context, slug: string) => `${ctx.publicUrl.replace(/\/$/, '')}${issuerPath(slug)}`;

function present(ctx: Context, org: OrganizationRow, row: ClientRow): OidcClient {
  const issuer = issuerOf(ctx, org.slug);
  return {
    clientId: row.app_id,
    clientType: row.client_type,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    backchannelLogoutUri: row.backchannel_logout_uri,
    firstParty: row.first_party,
    hasSecret: row.secret_hash !== null,
    secretCreatedAt: row.secret_created_at,
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    updatedAt: row.updated_at,
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A redirect address: absolute https (plain http only to the person's own machine, for
 * native and development apps), or a private-use scheme of a native app (`com.example.app:/cb`);
 * never a fragment, user name or password. Compared by the provider exactly as stored.
 */
export function checkRedirectUri(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('oidc.redirect_uri_invalid', `"${raw}" is not an absolute address.`);
  }
  if (url.hash || url.username || url.password) throw new AppError('oidc.redirect_uri_invalid', `"${raw}" has a fragment, user name or password.`);
  const privateUse = /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(url.protocol);
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw new AppError('oidc.redirect_uri_invalid', `"${raw}": plain http:// is only allowed to localhost; use https://.`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:' && !privateUse) throw new AppError('oidc.redirect_uri_invalid', `"${raw}": the scheme ${url.protocol} is not allowed.`);
  if (url.href.length > 2000) throw new AppError('oidc.redirect_uri_invalid', 'The address is longer than 2000 characters.');
  return url.href;
}

const unique = (uris: string[]) => [...new Set(uris.map(checkRedirectUri))];

/** A new client secret: 256 random bits, shown once; only its keyed hash is stored. */
const newSecret = (ctx: Context) => {
  const secret = newToken('lks_');
  return { secret, hash: Buffer.from(secretDigest(ctx, secret), 'base64url') };
};

/** An app's OpenID Connect client settings; `oidc.not_enabled` when it has none. */
export async function getClient(ctx: Context, actor: Actor, orgSlug: string, appId: string): Promise<OidcClient> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  await apps.get(ctx, actor, orgSlug, appId);
  const row = await q.findClient(ctx.db, org.id, appId);
  if (!row) throw new AppError('oidc.not_enabled');
  return present(ctx, org, row);
}

/**
 * Turns an app into an OpenID Connect client or changes its settings. A confidential client
 * without a secret gets one, answered here once (`clientSecret`) and never again; turning a
 * client public drops its secret. Redirect addresses are checked (checkRedirectUri).
 */
export async function updateClient(ctx: Context, actor: Actor, orgSlug: string, appId: string, input: OidcClientInput): Promise<OidcClient & { clientSecret?: string }> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  await apps.get(ctx, actor, orgSlug, appId);
  const values: q.ClientValues = {
    client_type: input.clientType,
    redirect_uris: unique(input.redirectUris),
    post_logout_redirect_uris: unique(input.postLogoutRedirectUris ?? []),
    backchannel_logout_uri: input.backchannelLogoutUri ? checkRedirectUri(input.backchannelLogoutUri) : null,
    first_party: input.firstParty ?? true,
  };
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await q.findClient(tx, org.id, appId);
    const fresh = input.clientType === 'confidential' && !existing?.secret_hash ? newSecret(ctx) : undefined;
    const secretHash = input.clientType === 'public' ? null : fresh ? fresh.hash : undefined;
    const row = await q.upsertClient(tx, org.id, appId, values, secretHash, ctx.clock.now());
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: existing ? 'app.oidc_updated' : 'app.oidc_enabled',
      target: { type: 'app', id: appId },
      data: { clientType: values.client_type, redirectUris: values.redirect_uris, firstParty: values.first_party, ...(fresh && { secretIssued: true }) },
    });
    return { ...present(ctx, org, row), ...(fresh && { clientSecret: fresh.secret }) };
  });
}

/** Replaces a confidential client's secret; the new one is answered once, the old one stops working at once. */
export async function rotateSecret(ctx: Context, actor: Actor, orgSlug: string, appId: string): Promise<OidcClient & { clientSecret: string }> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  await apps.get(ctx, actor, orgSlug, appId);
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await q.findClient(tx, org.id, appId);
    if (!existing) throw new AppError('oidc.not_enabled');
    if (existing.client_type === 'public') throw new AppError('oidc.public_has_no_secret');
    const fresh = newSecret(ctx);
    const row = await q.setSecret(tx, org.id, appId, fresh.hash, ctx.clock.now());
    if (!row) throw new AppError('oidc.public_has_no_secret');
    await audit.record(tx, actor, { organizationId: org.id, action: 'app.secret_rotated', target: { type: 'app', id: appId }, data: {} });
    return { ...present(ctx, org, row), clientSecret: fresh.secret };
  });
}

/** Stops an app signing people in through this server: its client settings are removed, its tokens no longer validate. */
export async function disableClient(ctx: Context, actor: Actor, orgSlug: string, appId: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  await apps.get(ctx, actor, orgSlug, appId);
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await q.removeClient(tx, org.id, appId))) throw new AppError('oidc.not_enabled');
    await audit.record(tx, actor, { organizationId: org.id, action: 'app.oidc_disabled', target: { type: 'app', id: appId }, data: {} });
  });
}

/** Rotates the organization's token signing keys (see keys.rotate); answers the key ids now signing and published next. */
export async function rotateKeys(ctx: Context, actor: Actor, orgSlug: string): Promise<{ activeKid: string; nextKid: string }> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  const r = await keys.rotate(ctx, org.id);
  await audit.record(ctx.db, actor, { organizationId: org.id, action: 'oidc.keys_rotated', target: { type: 'organization', id: org.id }, data: { activeKid: r.active, nextKid: r.next } });
  forgetProviders(ctx, org.id);
  return { activeKid: r.active, nextKid: r.next };
}

/** Deletes the provider's expired codes, tokens, sessions and interactions of every organization. */
export const cleanup = (ctx: Context) => cleanupExpired(ctx);
