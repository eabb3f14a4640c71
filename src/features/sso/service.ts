import * as oidc from 'openid-client';
import type { Static } from 'typebox';
import type { Actor } from '../../access/index.js';
import * as auth from '../../auth/service.js';
import type { Context } from '../../context.js';
import type { OrganizationRow, SsoMatching, SsoSettingsRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { outboundFetch, SpecialUseAddressError } from '../../lib/outbound.js';
import { absoluteUrl, pageUrl, safeReturnTo } from '../../lib/page-urls.js';
import { safeEqual } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as users from '../users/service.js';
import * as q from './queries.js';
import type { SsoSettingsPatch } from './schemas.js';

type Patch = Static<typeof SsoSettingsPatch>;
type Meta = { ip: string | null; userAgent: string | null; device?: string | undefined };

/** How long the browser may take at the identity provider before the sign-in must start again. */
export const STATE_TTL_SECONDS = 10 * 60;
/** A discovered provider is asked again after this long (its keys and endpoints may change). */
const DISCOVERY_TTL_MS = 10 * 60_000;
const SCOPE = 'openid email profile';

/** The key of the client secret is bound to its organization: a copied ciphertext does not decrypt elsewhere. */
const secretPurpose = (organizationId: string) => `sso-client-secret:${organizationId}`;
/** The browser's pending sign-in (state, nonce, PKCE verifier), sealed for its organization only. */
const statePurpose = (organizationId: string) => `sso-state:${organizationId}`;

/** What each refusal of a sign-in tells the person: what happened, and what to do. */
const STATE_MISMATCH = 'It did not start in this browser, or it took too long. Start again from the sign-in page.';
const NO_MATCH = 'No account here matches your identity provider account. Ask your administrator to create one for you.';
const UNVERIFIED = 'Your identity provider has not verified your email address, so it cannot be matched to an account here. Verify it there, then try again.';

const invalid = (field: string, message: string) => new AppError('sso.settings_invalid', `${field}: ${message}`, { errors: [{ field: `body/${field}`, message }] });

/** Plain http is accepted for a provider on this machine only (development, tests); anything else must be https. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const insecureAllowed = (issuer: URL) => issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);

export const callbackUrl = (ctx: Context, org: OrganizationRow) => absoluteUrl(ctx, pageUrl.ssoCallback(org.slug));

export function present(ctx: Context, org: OrganizationRow, row: SsoSettingsRow | undefined) {
  return {
    configured: !!row,
    issuer: row?.issuer ?? null,
    clientId: row?.client_id ?? null,
    clientSecretSet: !!row?.encrypted_client_secret,
    displayName: row?.display_name ?? null,
    matching: row?.matching ?? ('email' as SsoMatching),
    jitCreation: row?.jit_creation ?? false,
    redirectUri: callbackUrl(ctx, org),
    updatedAt: row?.updated_at ?? null,
  };
}

export type SsoSettings = ReturnType<typeof present>;

/** The organization's upstream identity provider (never the client secret: only whether one is stored). */
export async function get(ctx: Context, actor: Actor, slug: string): Promise<SsoSettings> {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  return present(ctx, org, await q.find(ctx.db, org.id));
}

/**
 * Saves the organization's upstream identity provider: fields left out keep their values, the
 * client secret is encrypted at rest and stays only while the issuer and client id stay (a
 * stored secret is never sent to another provider). A new issuer is discovered before it is
 * saved, so a typo is refused with what went wrong. Audited without the secret.
 */
export async function update(ctx: Context, actor: Actor, slug: string, patch: Patch): Promise<SsoSettings> {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  const before = await q.find(ctx.db, org.id);
  const issuer = patch.issuer ?? before?.issuer;
  const clientId = patch.clientId ?? before?.client_id;
  const displayName = patch.displayName ?? before?.display_name;
  if (!issuer) throw invalid('issuer', 'is required');
  if (!clientId) throw invalid('clientId', 'is required');
  if (!displayName) throw invalid('displayName', 'is required');
  const url = new URL(issuer);
  if (url.protocol !== 'https:' && !insecureAllowed(url)) throw invalid('issuer', 'must be an https:// URL');
  const moved = !!before && (issuer !== before.issuer || clientId !== before.client_id);
  if (patch.clientSecret === undefined && before?.encrypted_client_secret && moved) {
    throw invalid('clientSecret', 'enter the client secret again when the issuer or client id changes, so a stored secret never goes to another provider');
  }
  if (!before || issuer !== before.issuer) await discover(ctx, issuer, clientId, undefined);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findForUpdate(tx, org.id);
    const encrypted =
      patch.clientSecret === undefined ? (row?.encrypted_client_secret ?? null) : patch.clientSecret === null ? null : encrypt(ctx.secret, secretPurpose(org.id), patch.clientSecret);
    const saved = await q.save(tx, org.id, {
      issuer,
      client_id: clientId,
      encrypted_client_secret: encrypted,
      display_name: displayName,
      matching: patch.matching ?? row?.matching ?? 'email',
      jit_creation: patch.jitCreation ?? row?.jit_creation ?? false,
      updated_by: actor.type === 'user' ? actor.id : null,
    });
    const { clientSecret, ...changed } = patch;
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'organization.sso_updated',
      target: { type: 'organization', id: org.id },
      data: { ...changed, ...(clientSecret !== undefined && { clientSecret: clientSecret === null ? 'removed' : 'changed' }) },
    });
    return present(ctx, org, saved);
  });
}

/** Removes the upstream identity provider; refused while the organization enforces SSO (nobody but a platform administrator could sign in). */
export async function remove(ctx: Context, actor: Actor, slug: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  if (effectiveSettings(org.settings).ssoEnforced) throw new AppError('sso.still_enforced');
  await ctx.db.transaction().execute(async (tx) => {
    const gone = await q.remove(tx, org.id);
    if (!gone.numDeletedRows) return;
    await audit.record(tx, actor, { organizationId: org.id, action: 'organization.sso_removed', target: { type: 'organization', id: org.id } });
  });
}

/** What the sign-in page shows of the provider: the button's name, and whether passwords are for platform administrators only. */
export async function loginOptions(ctx: Context, org: OrganizationRow): Promise<{ displayName: string; enforced: boolean } | undefined> {
  const row = await q.find(ctx.db, org.id);
  return row ? { displayName: row.display_name, enforced: effectiveSettings(org.settings).ssoEnforced } : undefined;
}

// ---------------------------------------------------------------------------------------
// The sign-in: authorization code with PKCE, state and nonce (openid-client)

const discoveries = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();

async function discover(ctx: Context, issuer: string, clientId: string, clientSecret: string | undefined): Promise<oidc.Configuration> {
  const url = new URL(issuer);
  // Every request to the provider (discovery, keys, tokens) refuses this server's own network
  // unless configured otherwise: the issuer is whatever an org admin typed.
  const options = { ...(insecureAllowed(url) && { execute: [oidc.allowInsecureRequests] }), timeout: 10, [oidc.customFetch]: outboundFetch(ctx.config.oidcAllowPrivateAddresses) as oidc.CustomFetch };
  try {
    const config = await oidc.discovery(url, clientId, undefined, clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(), options);
    // A provider that takes client secrets only in the body gets them there.
    const methods = config.serverMetadata().token_endpoint_auth_methods_supported;
    if (clientSecret && methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
      return oidc.discovery(url, clientId, undefined, oidc.ClientSecretPost(clientSecret), options);
    }
    return config;
  } catch (err) {
    // fetch names the network's reason only as its cause ("fetch failed").
    const refused = [err, (err as Error).cause].find((e) => e instanceof SpecialUseAddressError);
    const message = refused ? `${refused.message}: the server does not connect to its own network unless OIDC_ALLOW_PRIVATE_ADDRESSES is on` : undefined;
    throw new AppError('sso.discovery_failed', `${issuer}: ${message ?? (err as Error).message}`, { errors: [{ field: 'body/issuer', message: message ?? 'discovery failed' }] });
  }
}

/** The provider as openid-client knows it, discovered once per settings version and reused for a while. */
function configurationOf(ctx: Context, row: SsoSettingsRow): Promise<oidc.Configuration> {
  const key = `${row.organization_id}:${new Date(row.updated_at).getTime()}`;
  const now = Date.now();
  const cached = discoveries.get(key);
  if (cached && now - cached.at < DISCOVERY_TTL_MS) return cached.config;
  for (const k of discoveries.keys()) if (k.startsWith(`${row.organization_id}:`)) discoveries.delete(k);
  const secret = row.encrypted_client_secret ? decrypt(ctx.secret, secretPurpose(row.organization_id), row.encrypted_client_secret) : undefined;
  const config = discover(ctx, row.issuer, row.client_id, secret).catch((err: AppError) => {
    discoveries.delete(key);
    throw new AppError('sso.upstream_error', `The identity provider could not be reached: ${err.detail ?? err.message}`);
  });
  discoveries.set(key, { at: now, config });
  return config;
}

interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string | undefined;
  expiresAt: number;
}

/**
 * Starts a sign-in at the organization's identity provider: the address to send the browser
 * to, and the sealed cookie value that binds the answer to this browser (state, nonce and the
 * PKCE verifier, encrypted for this organization and expiring with the cookie).
 */
export async function begin(ctx: Context, org: OrganizationRow, returnTo: string | undefined): Promise<{ url: string; cookie: string }> {
  const row = await q.find(ctx.db, org.id);
  if (!row) throw new AppError('sso.not_configured');
  const config = await configurationOf(ctx, row);
  const pending: PendingSignIn = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    returnTo: safeReturnTo(org.slug, returnTo),
    expiresAt: ctx.clock.now().getTime() + STATE_TTL_SECONDS * 1000,
  };
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(ctx, org),
    scope: SCOPE,
    code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, cookie: encrypt(ctx.secret, statePurpose(org.id), JSON.stringify(pending)).toString('base64url') };
}

function openPending(ctx: Context, org: OrganizationRow, cookie: string | undefined): PendingSignIn {
  try {
    if (!cookie) throw new Error('no cookie');
    const pending = JSON.parse(decrypt(ctx.secret, statePurpose(org.id), Buffer.from(cookie, 'base64url'))) as PendingSignIn;
    if (pending.expiresAt <= ctx.clock.now().getTime()) throw new Error('expired');
    return pending;
  } catch {
    throw new AppError('sso.state_mismatch', STATE_MISMATCH);
  }
}

/** The claims of an upstream account that matching and just-in-time creation use. */
interface UpstreamAccount {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  preferredUsername: string | null;
  givenName: string | null;
  familyName: string | null;
}

const text = (v: unknown, max = 254) => (typeof v === 'string' && v.trim() && v.length <= max ? v.trim() : null);

/**
 * The identity provider's answer: the state checked against this browser's pending sign-in
 * (in constant time) before anything else, then the code exchanged with the PKCE verifier and
 * the ID token's nonce checked (openid-client), and the account's claims read from the ID
 * token and the userinfo endpoint.
 */
async function redeem(ctx: Context, org: OrganizationRow, row: SsoSettingsRow, search: string, pending: PendingSignIn): Promise<UpstreamAccount> {
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? '';
  if (!safeEqual(state, pending.state)) throw new AppError('sso.state_mismatch', STATE_MISMATCH);
  const error = params.get('error');
  if (error) {
    const description = text(params.get('error_description'), 300);
    throw new AppError('sso.upstream_error', `The identity provider answered: ${error}${description ? ` (${description})` : ''}. Try again, or ask your administrator.`, { upstreamError: error.slice(0, 100) });
  }
  const config = await configurationOf(ctx, row);
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${callbackUrl(ctx, org)}?${params}`), {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    claims = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint) {
      claims = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub)), sub: idClaims.sub };
    }
  } catch (err) {
    const e = err as { error?: string; message?: string };
    throw new AppError('sso.upstream_error', `The identity provider's answer could not be used: ${e.error ?? e.message ?? 'unknown error'}. Try again, or ask your administrator.`);
  }
  return {
    issuer: config.serverMetadata().issuer,
    subject: String(claims.sub),
    email: text(claims.email)?.toLowerCase() ?? null,
    emailVerified: claims.email_verified === true,
    preferredUsername: text(claims.preferred_username, 100),
    givenName: text(claims.given_name, 100),
    familyName: text(claims.family_name, 100),
  };
}

const USERNAME = /^[\p{L}\p{N}._@+-]{1,100}$/u;

/**
 * The user an upstream account signs in as: its stored link first; else (email matching) the
 * user whose email is the account's verified email, linked from now on; else, with
 * just-in-time creation on, a new plain user, linked. Each refusal says why, and is audited
 * as `sso.refused`.
 */
async function match(ctx: Context, org: OrganizationRow, row: SsoSettingsRow, account: UpstreamAccount, meta: Meta): Promise<UserRow> {
  const now = ctx.clock.now();
  const anonymous: Actor = { type: 'anonymous', id: null, label: (account.email ?? account.subject).slice(0, 200), organizationId: org.id, privilege: null, ...meta };
  const refuse = async (reason: string, err: AppError): Promise<never> => {
    await audit.record(ctx.db, anonymous, { organizationId: org.id, action: 'sso.refused', data: { reason, issuer: account.issuer, subject: account.subject.slice(0, 200), email: account.email } });
    throw err;
  };
  const linked = await q.useLink(ctx.db, org.id, account.issuer, account.subject, now);
  if (linked) {
    const user = await users.findById(ctx.db, org.id, linked.user_id);
    if (user) return user;
  }
  if (row.matching === 'email') {
    if (!account.email) return refuse('no_email', new AppError('sso.no_matching_user', 'Your identity provider did not share an email address, so no account here can be found for you.'));
    if (!account.emailVerified) return refuse('email_unverified', new AppError('sso.email_unverified', UNVERIFIED));
    const found = await users.findByLogin(ctx, org.id, account.email);
    if (found && found.email?.toLowerCase() === account.email) {
      const linkedNow = await ctx.db.transaction().execute(async (tx) => {
        if (!(await q.insertLink(tx, org.id, found.id, account.issuer, account.subject, now))) return false;
        await audit.record(tx, anonymous, { organizationId: org.id, action: 'sso.linked', target: { type: 'user', id: found.id }, data: { issuer: account.issuer, subject: account.subject, by: 'email' } });
        return true;
      });
      // The user is linked to another account at this provider already (this subject has no
      // link, see above): a stored link wins over a matching email, e.g. a reassigned mailbox.
      if (!linkedNow) return refuse('linked_elsewhere', new AppError('sso.no_matching_user', 'Your account here is linked to another account at your identity provider. Ask your administrator.'));
      return found;
    }
  }
  if (!row.jit_creation) return refuse('no_matching_user', new AppError('sso.no_matching_user', NO_MATCH));
  const email = account.emailVerified ? account.email : null;
  const candidates = [account.preferredUsername, email, `sso-${account.subject}`].filter((n): n is string => !!n && USERNAME.test(n));
  let username: string | undefined;
  for (const name of candidates) {
    if (!(await users.findByLogin(ctx, org.id, name))) {
      username = name;
      break;
    }
  }
  if (!username) return refuse('username_taken', new AppError('sso.no_matching_user', 'An account here already uses your name or email, and is not linked to your identity provider account. Ask your administrator.'));
  return ctx.db.transaction().execute(async (tx) => {
    const created = await users.createFromSso(tx, anonymous, org, { username: username!, email, firstName: account.givenName, lastName: account.familyName });
    await q.insertLink(tx, org.id, created.id, account.issuer, account.subject, now);
    await audit.record(tx, anonymous, { organizationId: org.id, action: 'sso.linked', target: { type: 'user', id: created.id }, data: { issuer: account.issuer, subject: account.subject, by: 'just_in_time' } });
    return created;
  });
}

/**
 * Finishes a sign-in at the identity provider (its callback): the answer checked against this
 * browser's pending sign-in, the account matched to a user (see {@link match}), then the
 * stored sign-in flow of src/auth with method `sso`, so a disabled account, the device limit,
 * a second factor and required actions apply as after a password.
 */
export async function finish(ctx: Context, org: OrganizationRow, input: Meta & { search: string; cookie: string | undefined; replaces?: string | undefined }): Promise<auth.SignInResult> {
  const pending = openPending(ctx, org, input.cookie);
  const row = await q.find(ctx.db, org.id);
  if (!row) throw new AppError('sso.not_configured');
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const account = await redeem(ctx, org, row, input.search, pending);
  const user = await match(ctx, org, row, account, meta);
  return auth.signInWithSso(ctx, org, user.id, { ...meta, device: input.device, replaces: input.replaces, returnTo: pending.returnTo });
}
