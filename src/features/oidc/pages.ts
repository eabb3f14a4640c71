import type { IncomingMessage, ServerResponse } from 'node:http';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Context } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import { verifyForm } from '../../http/pages.js';
import { isHttps } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import * as sessions from '../sessions/service.js';
import { accountSelf, accountSessionOf, clearAccountCookie } from '../sessions/cookies.js';
import * as audit from '../audit/service.js';
import { aalAsked, acrOf, interactionPath, providerFor } from './provider.js';
import * as q from './queries.js';

type Params = { Params: { org: string; uid: string } };

const callbacks = new WeakMap<Provider, (req: IncomingMessage, res: ServerResponse) => Promise<void>>();
const callbackOf = (provider: Provider) => {
  let cb = callbacks.get(provider);
  if (!cb) {
    cb = provider.callback() as unknown as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    callbacks.set(provider, cb);
  }
  return cb;
};

const MOUNT = /^\/o\/[^/?]+\/oidc/;
const FRESH_COOKIE = 'lk_oidc_fresh';

/** Scope names as people read them on the consent page. */
const SCOPE_TEXT: Record<string, string> = {
  openid: 'Know who you are',
  profile: 'Your name and username',
  email: 'Your email address',
  groups: 'The groups you are in',
  organization: 'Your organization',
  offline_access: 'Stay signed in to the app',
};

/**
 * The OpenID Connect provider of each organization at `/o/<org>/oidc` (its protocol
 * endpoints, served by oidc-provider on the raw request), and the interaction: where the
 * provider sends the browser to sign in. The interaction is Latchkey's own sign-in: a browser
 * without a session of the organization goes through the stored sign-in flow (every gate:
 * forced password change, second factor, enrollment, device limit, disabled accounts) and
 * comes back here by `return_to`; then the provider finishes with the session's account,
 * assurance level and methods.
 */
export async function oidcPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // The provider's endpoints read their own bodies: no parser of ours may consume them.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const serve = async (req: FastifyRequest<{ Params: { org: string } }>, reply: FastifyReply) => {
      const org = await organizations.findPublic(ctx, req.params.org);
      const provider = await providerFor(ctx, org);
      const message = req.raw as IncomingMessage & { originalUrl?: string };
      const url = message.url ?? '/';
      const mount = MOUNT.exec(url)?.[0] ?? '';
      message.originalUrl = url;
      message.url = url.slice(mount.length) || '/';
      if (!message.url.startsWith('/')) message.url = `/${message.url}`;
      // The provider trusts forwarded headers (provider.ts): they are set to what Fastify
      // concluded under TRUST_PROXY, so a client can't choose its own scheme, host or address.
      message.headers['x-forwarded-proto'] = req.protocol;
      message.headers['x-forwarded-host'] = req.host;
      message.headers['x-forwarded-for'] = req.ip;
      // The hardening headers (src/http/hardening.ts) apply here too, but for the content policy:
      // the provider's pages post forms that continue to the app's address (logout, form_post),
      // which form-action 'self' would block. Framing stays forbidden.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (name !== 'content-security-policy' && value !== undefined) reply.raw.setHeader(name, value as string);
      }
      reply.raw.setHeader('content-security-policy', "frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
      reply.hijack();
      await callbackOf(provider)(message, reply.raw);
    };
    raw.all('/o/:org/oidc', serve);
    raw.all('/o/:org/oidc/*', serve);
  });

  await app.register(async (site) => {
    await site.register(formbody, { bodyLimit: 16 * 1024 });

    site.get<Params>('/o/:org/oidc/interaction/:uid', async (req, reply) => {
      const org = await organizations.findPublic(ctx, req.params.org);
      const provider = await providerFor(ctx, org);
      const details = await interactionOf(provider, req, reply);
      if (!details) return ended(reply, org);
      const here = interactionPath(org.slug, details.uid);
      const session = await accountSessionOf(ctx, req, org.id);
      // The browser sent to sign in by this interaction carries a marker for it: a session it
      // comes back with was opened for this request (no clocks compared).
      const toSignIn = () => {
        reply.setCookie(FRESH_COOKIE, details.uid, { path: here, httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: 3600 });
        return reply.redirect(`${pageUrl.login(org.slug)}?return_to=${encodeURIComponent(here)}`, 303);
      };
      if (!session) return toSignIn();
      const info = await q.findSession(ctx.db, org.id, session.session_id);
      if (!info) return toSignIn();
      const openedBefore = req.cookies[FRESH_COOKIE] !== details.uid;
      // prompt=login or an exceeded max_age want the person to prove themself again: a
      // session from before this request is ended and the sign-in runs afresh.
      const reasons = details.prompt.reasons ?? [];
      if (details.prompt.name === 'login' && openedBefore && (reasons.includes('login_prompt') || reasons.includes('max_age'))) {
        await sessions.end(ctx, session.session_id);
        clearAccountCookie(reply, org.slug);
        return toSignIn();
      }
      if (session.aal < aalAsked(details.params.acr_values)) {
        // A session proved with one factor signs in again (the second factor is asked); one
        // opened for this very request already had the chance: the account has no second factor.
        if (openedBefore) {
          await sessions.end(ctx, session.session_id);
          clearAccountCookie(reply, org.slug);
          return toSignIn();
        }
        return finish(reply, provider, req, { error: 'unmet_authentication_requirements', error_description: 'This app needs a second factor: set up an authenticator app on your account page first.' });
      }
      const clientId = String(details.params.client_id);
      const client = await provider.Client.find(clientId);
      if (!client) return ended(reply, org);
      if (!(await q.isAssigned(ctx.db, org.id, clientId, session.user_id))) {
        await audit.record(ctx.db, accountSelf(req, session).actor, { organizationId: org.id, action: 'app.access_refused', target: { type: 'app', id: clientId }, data: { userId: session.user_id } });
        return reply.status(403).page('oidc-no-access', { title: "You don't have access to this app", organization: org, app: client.clientName ?? 'this app', accountUrl: pageUrl.account(org.slug) });
      }
      if (details.prompt.name === 'login') {
        return finish(reply, provider, req, {
          login: { accountId: session.user_id, acr: acrOf(session.aal), amr: session.methods, ts: Math.floor(info.created_at.getTime() / 1000), remember: true },
        });
      }
      if (details.session?.accountId !== session.user_id) return toSignIn();
      const missing = details.prompt.details as { missingOIDCScope?: string[] };
      return reply.page('oidc-consent', {
        title: `Allow ${client.clientName ?? 'this app'}?`,
        organization: org,
        app: client.clientName ?? 'this app',
        scopes: (missing.missingOIDCScope ?? []).map((s) => SCOPE_TEXT[s] ?? s),
        action: `${here}/consent`,
        deny: `${here}/deny`,
      });
    });

    site.post<Params>('/o/:org/oidc/interaction/:uid/consent', async (req, reply) => {
      verifyForm(req);
      const org = await organizations.findPublic(ctx, req.params.org);
      const provider = await providerFor(ctx, org);
      const details = await interactionOf(provider, req, reply);
      const session = await accountSessionOf(ctx, req, org.id);
      if (details?.prompt.name !== 'consent' || !session || details.session?.accountId !== session.user_id) return ended(reply, org);
      const clientId = String(details.params.client_id);
      if (!(await q.isAssigned(ctx.db, org.id, clientId, session.user_id))) return ended(reply, org);
      const grant = (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ?? new provider.Grant({ accountId: session.user_id, clientId });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      return finish(reply, provider, req, { consent: { grantId } }, true);
    });

    site.post<Params>('/o/:org/oidc/interaction/:uid/deny', async (req, reply) => {
      verifyForm(req);
      const org = await organizations.findPublic(ctx, req.params.org);
      const provider = await providerFor(ctx, org);
      if (!(await interactionOf(provider, req, reply))) return ended(reply, org);
      return finish(reply, provider, req, { error: 'access_denied', error_description: 'The person did not allow the app.' });
    });
  });
}

/** The provider's interaction this browser is in (its cookie), when it is the one of the URL. */
async function interactionOf(provider: Provider, req: FastifyRequest<Params>, reply: FastifyReply) {
  try {
    const details = await provider.interactionDetails(req.raw, reply.raw);
    return details.uid === req.params.uid ? details : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Back to the provider with the interaction's result; it answers the app. The browser goes on
 * from a page, not by a redirect: when it arrives here from a submitted sign-in form, the
 * form's content policy (form-action 'self') would block the redirect chain at the app.
 */
async function finish(reply: FastifyReply, provider: Provider, req: FastifyRequest, result: Record<string, unknown>, merge = false) {
  const returnTo = await provider.interactionResult(req.raw, reply.raw, result, { mergeWithLastSubmission: merge });
  return reply.page('oidc-continue', { title: 'Continuing', next: returnTo });
}

const ended = (reply: FastifyReply, org: OrganizationRow) =>
  reply.status(400).page('error', {
    title: 'This sign-in has ended',
    error: 'It took too long or was already used. Go back to the app and sign in again.',
    organization: org,
    loginUrl: pageUrl.account(org.slug),
    loginLabel: 'Go to your account',
  });
