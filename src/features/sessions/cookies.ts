import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { clearOrgPageCookie, setOrgPageCookie } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as sessions from './service.js';

/** The end-user session cookie, scoped to its organization's pages so orgs never share one. */
export const ACCOUNT_COOKIE = 'lk_account';

export const setAccountCookie = (ctx: Context, req: FastifyRequest, reply: FastifyReply, orgSlug: string, token: string) =>
  setOrgPageCookie(req, reply, ACCOUNT_COOKIE, orgSlug, token, ctx.config.sessionTtlMinutes * 60);

export const clearAccountCookie = (reply: FastifyReply, orgSlug: string) => clearOrgPageCookie(reply, ACCOUNT_COOKIE, orgSlug);

/** The account session this browser presents, with its user; any organization's. */
export async function accountSession(ctx: Context, req: FastifyRequest) {
  const token = req.cookies[ACCOUNT_COOKIE];
  return token ? sessions.resolve(ctx, token, 'account') : undefined;
}

/** The account session of this organization, or undefined (none, ended, or another organization's). */
export async function accountSessionOf(ctx: Context, req: FastifyRequest, organizationId: string) {
  const session = await accountSession(ctx, req);
  if (!session || session.organization_id !== organizationId) return undefined;
  // The person's chosen language comes before the browser's on every page they see signed in.
  req.pageUserLocale = session.locale;
  return session;
}

/** The person behind an account session, acting on their own sessions and devices from the account page. */
export function accountSelf(req: FastifyRequest, session: NonNullable<Awaited<ReturnType<typeof accountSession>>>): sessions.Self {
  // During an impersonation the administrator is recorded beside the user on every event.
  const impersonator = session.impersonator_id ? { id: session.impersonator_id, label: session.impersonator_label } : null;
  const actor = { type: 'user' as const, id: session.user_id, label: session.username, organizationId: session.organization_id, privilege: session.privilege, impersonator, ...requestMeta(req) };
  return { actor, organizationId: session.organization_id, userId: session.user_id, sessionId: session.session_id };
}

/**
 * The step-up guard on an account page (sessions.assertRecentAuthentication, the one rule the
 * API applies too): undefined when the session proved the credentials recently enough; else
 * the browser is sent to re-authenticate and come back to `returnTo` (a page, as a POST can't
 * be replayed), and the handler returns this reply.
 */
export function reauthenticationRedirect(
  ctx: Context,
  reply: FastifyReply,
  orgSlug: string,
  session: { created_at: Date; authenticated_at: Date | null },
  returnTo: string,
): FastifyReply | undefined {
  try {
    sessions.assertRecentAuthentication(ctx, session);
    return undefined;
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'auth.reauthentication_required') throw err;
    return reply.redirect(pageUrl.reauthenticate(orgSlug, returnTo), 303);
  }
}
