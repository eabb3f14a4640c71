import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { verifyForm } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import { ACCOUNT_COOKIE, accountSelf, accountSession, clearAccountCookie, setAccountCookie } from '../sessions/cookies.js';
import { pageDate } from '../sessions/pages.js';
import * as users from '../users/service.js';
import * as impersonation from './service.js';

// Every page of an organization under /o/<slug>/; its account subpages hold the password and
// the security settings (authenticator, recovery phone, backup codes, sessions, devices).
const ORG_PAGE = /^\/o\/([^/?#]+)(\/[^?#]*)?/;
const ORG_ROUTE = '/o/:org';
const readOnly = (rest: string | undefined) => rest?.startsWith('/account/') === true && rest.length > '/account/'.length;

/**
 * The impersonation pages and what they add to every page of an organization: the banner
 * (who, as whom, until when, Stop) and the refusal of security settings while impersonating.
 * Registered with fastify-plugin so the hook covers the sibling page plugins.
 */
export const impersonationPages = fp(async (app: FastifyInstance, { ctx }: { ctx: Context }) => {
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const m = ORG_PAGE.exec(req.url);
    if (!m || !req.cookies[ACCOUNT_COOKIE]) return;
    const session = await accountSession(ctx, req);
    if (!session?.impersonator_id) return;
    const slug = decodeURIComponent(m[1]!);
    req.impersonationBanner = {
      user: users.displayName(session),
      username: session.username,
      admin: session.impersonator_label ?? 'an administrator',
      endsAt: pageDate(session.expires_at),
      stopUrl: pageUrl.impersonationStop(slug),
    };
    // A support person must not take the account over: password and security settings are
    // read-only. Judged by the route the router matched where there is one, not the raw path: a
    // percent-encoded letter (`/o/acme/%61ccount/backup-codes`) reaches the same page.
    const route = req.routeOptions.url;
    if (readOnly(route?.startsWith(ORG_ROUTE) ? route.slice(ORG_ROUTE.length) : m[2])) throw new AppError('impersonation.read_only');
  });

  app.get<{ Params: { org: string; token: string } }>('/o/:org/impersonation/:token', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    // Opened from the console with a link that lives two minutes and works once: no mail
    // scanner or preview ever sees it, so opening it is the redemption.
    const opened = await impersonation.open(ctx, org, req.params.token, requestMeta(req));
    setAccountCookie(ctx, req, reply, org.slug, opened.token);
    return reply.redirect(pageUrl.account(org.slug), 303);
  });

  app.post<{ Params: { org: string } }>('/o/:org/impersonation/stop', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    verifyForm(req);
    const session = await accountSession(ctx, req);
    if (session && session.organization_id === org.id && session.impersonator_id) {
      await impersonation.stopOwn(ctx, accountSelf(req, session).actor, org.id, session.session_id);
    }
    clearAccountCookie(reply, org.slug);
    req.impersonationBanner = undefined;
    return reply.page('impersonation-stopped', { title: 'Impersonation stopped', organization: org });
  });
});
