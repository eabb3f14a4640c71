import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { clearOrgPageCookie, setOrgPageCookie } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import { deviceKey } from '../devices/cookies.js';
import { toPausedFlow, toSignedIn } from '../login/pages.js';
import * as organizations from '../organizations/service.js';
import { ACCOUNT_COOKIE } from '../sessions/cookies.js';
import * as sso from './service.js';

type OrgParams = { Params: { org: string } };

/** The browser's pending sign-in at the identity provider (sealed state, nonce and PKCE verifier). */
const SSO_COOKIE = 'lk_sso';

/**
 * "Sign in with <provider>": the button sends the browser to the organization's
 * identity provider, which sends it back to the callback. Errors (no matching user, an
 * unverified email, the provider's refusal, a state that is not this browser's) are pages
 * saying so, with the way back to sign-in.
 */
export async function ssoPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // A link, not a form: the page's CSP (form-action 'self') would stop a form redirected to
  // another origin. Starting changes nothing but this browser's own pending sign-in.
  app.get<OrgParams & { Querystring: { return_to?: string } }>('/o/:org/sso/start', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const returnTo = typeof req.query.return_to === 'string' ? req.query.return_to : undefined;
    const started = await sso.begin(ctx, org, returnTo);
    setOrgPageCookie(req, reply, SSO_COOKIE, org.slug, started.cookie, sso.STATE_TTL_SECONDS);
    return reply.redirect(started.url, 303);
  });

  app.get<OrgParams>('/o/:org/sso/callback', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const cookie = req.cookies[SSO_COOKIE];
    // Single use: whatever happens next, this browser's pending sign-in is gone.
    clearOrgPageCookie(reply, SSO_COOKIE, org.slug);
    const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    const result = await sso.finish(ctx, org, { search, cookie, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[ACCOUNT_COOKIE] });
    if (result.kind === 'paused') return toPausedFlow(req, reply, result);
    return toSignedIn(ctx, req, reply, result);
  });
}
