import { hkdfSync } from 'node:crypto';
import type { default as Provider, Configuration, KoaContextWithOIDC, interactionPolicy as Policy } from 'oidc-provider';
import type { Context } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import { pageUrl } from '../../lib/page-urls.js';
import { hashToken, safeEqual } from '../../lib/tokens.js';
import { htmlViews } from '../../views/engine.js';
import * as apps from '../apps/service.js';
import * as sessions from '../sessions/service.js';
import { ACCOUNT_COOKIE } from '../sessions/cookies.js';
import { adapterFor } from './adapter.js';
import { signingKeys } from './keys.js';
import * as q from './queries.js';

/** A node re-reads an organization's key set this often; a rotation publishes the next key long before it signs. */
const KEYS_REFRESH_MS = 60_000;

/** The acr values of the issuer: the session's authenticator assurance level (NIST SP 800-63B). */
export const ACR = { 1: 'aal1', 2: 'aal2' } as const;
export const acrOf = (aal: number) => (aal >= 2 ? ACR[2] : ACR[1]);
/** What a client's `acr_values` asks for, as an assurance level (voluntary acr: the highest named). */
export const aalAsked = (acrValues: unknown) => (String(acrValues ?? '').split(' ').includes(ACR[2]) ? 2 : 1);

export const issuerPath = (slug: string) => `/o/${slug}/oidc`;
export const interactionPath = (slug: string, uid: string) => `${issuerPath(slug)}/interaction/${uid}`;

/** The client secret's keyed hash as the client metadata carries it (adapter.ts); compared by Client.compareClientSecret. */
export const secretDigest = (ctx: Context, secret: string) => hashToken(ctx.secret, `oidc-client:${secret}`).toString('base64url');

const firstParty = (client: { metadata(): Record<string, unknown> }) => client.metadata()['urn:latchkey:first_party'] !== false;

/** The Latchkey account session the browser presents to the provider (the cookie is scoped to the organization's paths). */
async function browserSession(ctx: Context, org: OrganizationRow, kctx: KoaContextWithOIDC) {
  const token = kctx.cookies.get(ACCOUNT_COOKIE, { signed: false });
  const session = token ? await sessions.resolve(ctx, token, 'account') : undefined;
  return session?.organization_id === org.id ? session : undefined;
}

/**
 * The account behind a subject: claims from the user profile. When a token is presented (the
 * code at the token endpoint, a refresh token, an access token at userinfo), the sign-in
 * session its grant was given under must not have been ended, the user must still be
 * enabled and the app still assigned to them: otherwise there is no account and the
 * provider refuses (invalid_grant, invalid_token).
 */
async function findAccount(ctx: Context, org: OrganizationRow, sub: string, token?: { grantId?: string; clientId?: string }) {
  const user = await q.findUser(ctx.db, org.id, sub);
  if (!user || user.status === 'disabled' || user.status === 'locked') return undefined;
  let impersonator: string | null = null;
  if (token?.grantId) {
    const sessionId = await q.grantSession(ctx.db, org.id, token.grantId);
    const session = sessionId ? await q.findSession(ctx.db, org.id, sessionId) : undefined;
    if (!session || session.revoked_at || session.user_id !== sub) return undefined;
    if (token.clientId && !(await q.isAssigned(ctx.db, org.id, token.clientId, sub))) return undefined;
    impersonator = session.impersonator_id;
  }
  return {
    accountId: sub,
    async claims() {
      const [groups, emailVerified] = await Promise.all([q.groupNamesOf(ctx.db, org.id, sub), user.email ? q.emailProved(ctx.db, org.id, sub) : false]);
      const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username;
      return {
        sub,
        name,
        given_name: user.first_name ?? undefined,
        family_name: user.last_name ?? undefined,
        preferred_username: user.username,
        email: user.email ?? undefined,
        email_verified: user.email ? emailVerified : undefined,
        groups,
        organization: org.slug,
        updated_at: Math.floor(user.updated_at.getTime() / 1000),
        // RFC 8693: during an impersonation the administrator is the actor.
        ...(impersonator && { act: { sub: impersonator } }),
      };
    },
  };
}

function policy(ctx: Context, org: OrganizationRow, interactionPolicy: typeof Policy) {
  const base = interactionPolicy.base();
  const login = base.get('login')!;
  // Every authorization goes through Latchkey's own sign-in: when the browser's Latchkey
  // session has ended (signed out, revoked, disabled) or is another person's, the provider's
  // own session no longer counts, and the sign-in flow runs again with all of its gates.
  login.checks.add(
    new interactionPolicy.Check('latchkey_session', 'The Latchkey sign-in session ended or belongs to someone else', async (kctx) => {
      const session = await browserSession(ctx, org, kctx);
      return !session || session.user_id !== kctx.oidc.session?.accountId;
    }),
  );
  // acr_values asking for aal2: a session proved with one factor signs in again, with its second.
  login.checks.add(
    new interactionPolicy.Check('aal_not_met', 'The client asks for two factors', async (kctx) => {
      if (aalAsked(kctx.oidc.params?.acr_values) < 2) return false;
      return kctx.oidc.session?.acr !== ACR[2];
    }),
  );
  return base;
}

function configuration(ctx: Context, org: OrganizationRow, jwks: Record<string, unknown>[], interactionPolicy: typeof Policy): Configuration {
  const path = issuerPath(org.slug);
  return {
    adapter: adapterFor(ctx, org.id),
    jwks: { keys: jwks as never },
    cookies: {
      // Per organization and derived from the server secret, so every node signs alike.
      keys: [Buffer.from(hkdfSync('sha256', ctx.secret, Buffer.alloc(0), `latchkey:oidc-cookies:${org.id}`, 32)).toString('base64url')],
      names: { session: 'lk_oidc_session', interaction: 'lk_oidc_interaction', resume: 'lk_oidc_resume' },
      long: { httpOnly: true, sameSite: 'lax', path },
      short: { httpOnly: true, sameSite: 'lax', path },
    },
    findAccount: (_kctx, sub, token) => findAccount(ctx, org, sub, token as never),
    claims: {
      acr: null,
      amr: null,
      sid: null,
      auth_time: null,
      iss: null,
      // Every ID token says how the person signed in (acr, amr) and, in an impersonation, who acts.
      openid: ['sub', 'act', 'acr', 'amr', 'auth_time'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username', 'updated_at'],
      groups: ['groups'],
      organization: ['organization'],
    },
    scopes: ['openid', 'offline_access', 'email', 'profile', 'groups', 'organization'],
    acrValues: [ACR[1], ACR[2]],
    // The profile claims are in the ID token too, not only at userinfo.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    // Secrets are stored hashed, so no symmetric (HS*) signing or secret-based JWT client auth.
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      idTokenSigningAlgValues: ['RS256'],
      userinfoSigningAlgValues: ['RS256'],
      introspectionSigningAlgValues: ['RS256'],
      authorizationSigningAlgValues: ['RS256'],
      requestObjectSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
    },
    extraClientMetadata: { properties: ['urn:latchkey:first_party'] },
    // The provider refuses private and loopback addresses for its outgoing requests; apps on
    // the internal network need OIDC_ALLOW_PRIVATE_ADDRESSES.
    ...(ctx.config.oidcAllowPrivateAddresses && {
      fetch: (url: string | URL | Request, options?: RequestInit) => {
        const { dispatcher: _ssrfGuard, ...rest } = (options ?? {}) as RequestInit & { dispatcher?: unknown };
        return globalThis.fetch(url, rest);
      },
    }),
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (kctx, form) => {
          kctx.type = 'html';
          kctx.body = await htmlViews.renderFile('pages/oidc-logout', { title: 'Sign out', organization: org, form, app: kctx.oidc.client?.clientName });
        },
        postLogoutSuccessSource: async (kctx) => {
          kctx.type = 'html';
          kctx.body = await htmlViews.renderFile('pages/oidc-logout', { title: 'Signed out', organization: org, done: true, app: kctx.oidc.client?.clientName });
        },
      },
    },
    pkce: { required: (_kctx, client) => client.clientAuthMethod === 'none' },
    issueRefreshToken: async (_kctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // Lifetimes (seconds). A refresh token lives 14 days (each rotation starts a new one);
    // the provider's session and grants as long; codes a minute.
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    interactions: { url: (_kctx, interaction) => interactionPath(org.slug, interaction.uid), policy: policy(ctx, org, interactionPolicy) },
    // First-party apps don't ask for consent: the grant covers what the app asks for. The
    // grant is tied to the Latchkey session it is given under (refresh needs it live), and
    // the use of the app is recorded for the user's "associated apps".
    loadExistingGrant: async (kctx) => {
      const { oidc } = kctx;
      const client = oidc.client!;
      const accountId = oidc.session!.accountId!;
      const grantId = oidc.result?.consent?.grantId || oidc.session!.grantIdFor(client.clientId);
      let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
      if (grant && (grant.accountId !== accountId || grant.clientId !== client.clientId)) grant = undefined;
      if (firstParty(client)) {
        grant ??= new oidc.provider.Grant({ accountId, clientId: client.clientId });
        grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
        const claims = [...oidc.requestParamClaims];
        if (claims.length) grant.addOIDCClaims(claims);
        await grant.save();
      }
      if (!grant?.jti) return grant;
      const session = await browserSession(ctx, org, kctx);
      if (session && session.user_id === accountId) {
        await ctx.db.transaction().execute(async (tx) => {
          await q.bindGrant(tx, org.id, grant.jti!, session.session_id);
          await apps.recordUse(ctx, tx, { organizationId: org.id, appId: client.clientId, userId: accountId });
        });
      }
      return grant;
    },
    extraTokenClaims: async (_kctx, token) => {
      const grantId = (token as { grantId?: string }).grantId;
      const sessionId = grantId ? await q.grantSession(ctx.db, org.id, grantId) : null;
      const session = sessionId ? await q.findSession(ctx.db, org.id, sessionId) : undefined;
      return session?.impersonator_id ? { act: { sub: session.impersonator_id } } : undefined;
    },
    renderError: async (kctx, out) => {
      kctx.type = 'html';
      kctx.body = await htmlViews.renderFile('pages/error', {
        title: 'This sign-in could not continue',
        error: `${out.error}${out.error_description ? `: ${out.error_description}` : ''}`,
        organization: org,
        loginUrl: `/o/${org.slug}/login`,
      });
    },
  };
}

interface Cached {
  provider: Provider;
  kids: string;
  checkedAt: number;
}
/** Per server (its context): tests run several "nodes" in one process, each with its own providers. */
const caches = new WeakMap<Context, { cache: Map<string, Cached>; building: Map<string, Promise<Provider>> }>();
const cachesOf = (ctx: Context) => {
  let c = caches.get(ctx);
  if (!c) {
    c = { cache: new Map(), building: new Map() };
    caches.set(ctx, c);
  }
  return c;
};

/**
 * The organization's provider (issuer `<PUBLIC_URL>/o/<org>/oidc`), built on first use and
 * cached per node. It holds no state of its own (everything is in PostgreSQL), so nodes are
 * interchangeable; the cached one is rebuilt when the organization's key set changed.
 */
export async function providerFor(ctx: Context, org: OrganizationRow): Promise<Provider> {
  const { cache, building } = cachesOf(ctx);
  const now = Date.now();
  const key = `${org.id}:${org.slug}:${ctx.publicUrl}`;
  const hit = cache.get(key);
  if (hit && now - hit.checkedAt < KEYS_REFRESH_MS) return hit.provider;
  const pending = building.get(key);
  if (pending) return pending;
  const p = (async () => {
    const jwks = await signingKeys(ctx, org.id);
    const kids = jwks.map((k) => k.kid).join(',');
    if (hit && hit.kids === kids) {
      hit.checkedAt = now;
      return hit.provider;
    }
    // Loaded on first use: a server whose organizations connect no apps never loads it.
    const { default: ProviderClass, interactionPolicy } = await import('oidc-provider');
    const provider = new ProviderClass(`${ctx.publicUrl.replace(/\/$/, '')}${issuerPath(org.slug)}`, configuration(ctx, org, jwks, interactionPolicy));
    // The mount (pages.ts) sets the forwarded headers from Fastify's own conclusion under TRUST_PROXY.
    provider.proxy = true;
    // Only the secret's hash is stored: hash what the client presents, compare in constant time.
    provider.Client.prototype.compareClientSecret = function compareClientSecret(this: { clientSecret?: string }, actual: string) {
      return Promise.resolve(typeof this.clientSecret === 'string' && safeEqual(secretDigest(ctx, actual), this.clientSecret));
    };
    // RP-initiated logout signs the person out of Latchkey too: the browser's session ends
    // before the provider answers (koa runs this after the route, before the response).
    provider.use(async (kctx, next) => {
      await next();
      const body = (kctx.oidc as unknown as { body?: Record<string, unknown> } | undefined)?.body;
      if (kctx.oidc?.route !== 'end_session_confirm' || !body?.logout || kctx.status >= 400) return;
      const session = await browserSession(ctx, org, kctx as KoaContextWithOIDC);
      if (session) await sessions.end(ctx, session.session_id);
      kctx.append('set-cookie', `${ACCOUNT_COOKIE}=; Path=${pageUrl.cookiePath(org.slug)}; Max-Age=0; HttpOnly; SameSite=Lax`);
    });
    provider.on('backchannel.error', (_kctx, err, client) => {
      ctx.log.warn({ organization: org.slug, clientId: (client as { clientId?: string }).clientId, err: (err as Error).message }, 'back-channel logout failed');
    });
    provider.on('server_error', (_kctx, err) => ctx.log.error({ organization: org.slug, err }, 'OpenID Connect provider error'));
    cache.set(key, { provider, kids, checkedAt: now });
    return provider;
  })().finally(() => building.delete(key));
  building.set(key, p);
  return p;
}

/** Forgets the cached providers (a key rotation on this node, a test that changes the public URL). */
export function forgetProviders(ctx: Context, organizationId?: string) {
  const { cache } = cachesOf(ctx);
  for (const k of cache.keys()) if (!organizationId || k.startsWith(`${organizationId}:`)) cache.delete(k);
}
