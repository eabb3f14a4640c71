import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemActor, type Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { verifyForm } from '../../http/pages.js';
import { isHttps, requestMeta } from '../../http/request-meta.js';
import * as organizations from '../organizations/service.js';
import * as sessions from '../sessions/service.js';
import { displayName } from '../users/service.js';
import * as loginService from './service.js';

const ACCOUNT_COOKIE = 'lk_account';
type OrgParams = { Params: { org: string } };

/** Account cookies are scoped to their organization's path, so orgs never share one. */
const cookiePath = (slug: string) => `/o/${slug}`;

async function accountSession(ctx: Context, req: FastifyRequest) {
  const token = req.cookies[ACCOUNT_COOKIE];
  return token ? sessions.resolve(ctx, token, 'account') : undefined;
}

export async function loginPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get('/', async (_req, reply) => {
    const all = await organizations.countOrganizations(ctx);
    if (all === 1) {
      const [only] = await organizations.list(ctx, systemActor());
      return reply.redirect(`/o/${only!.slug}/login`);
    }
    return reply.page('organization-choice', { title: 'Sign in' });
  });

  app.get<{ Querystring: { organization?: string } }>('/login', async (req, reply) => {
    const slug = (req.query.organization ?? '').trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return reply.redirect('/');
    return reply.redirect(`/o/${slug}/login`);
  });

  app.get<OrgParams & { Querystring: { notice?: string } }>('/o/:org/login', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    if (await accountSession(ctx, req)) return reply.redirect(`/o/${org.slug}/account`);
    const notice = req.query.notice === 'password-set' ? 'Your password is set. Sign in to continue.' : undefined;
    return reply.page('login', { title: 'Sign in', organization: org, action: `/o/${org.slug}/login`, notice });
  });

  app.post<OrgParams & { Body: { login?: string; password?: string } }>('/o/:org/login', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const login = String(req.body?.login ?? '').trim();
    const password = String(req.body?.password ?? '');
    try {
      verifyForm(req);
      if (!login || !password) throw new AppError('auth.invalid_credentials');
      const result = await loginService.login(ctx, 'account', { organization: org.slug, login, password, ...requestMeta(req) });
      reply.setCookie(ACCOUNT_COOKIE, result.token, {
        path: cookiePath(org.slug),
        httpOnly: true,
        sameSite: 'lax',
        secure: isHttps(req),
        maxAge: ctx.config.sessionTtlMinutes * 60,
      });
      return reply.redirect(`/o/${org.slug}/account`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      reply.status(err.status);
      return reply.page('login', { title: 'Sign in', organization: org, action: `/o/${org.slug}/login`, login, error: err.message });
    }
  });

  app.get<OrgParams>('/o/:org/account', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSession(ctx, req);
    if (!session || session.organization_id !== org.id) return reply.redirect(`/o/${org.slug}/login`);
    return reply.page('account', {
      title: 'Your account',
      organization: org,
      user: { displayName: displayName(session), username: session.username, email: session.email },
      logoutAction: `/o/${org.slug}/logout`,
    });
  });

  app.post<OrgParams>('/o/:org/logout', async (req, reply: FastifyReply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    verifyForm(req);
    const session = await accountSession(ctx, req);
    if (session && session.organization_id === org.id) {
      await loginService.logout(ctx, { type: 'user', id: session.user_id, label: session.username, organizationId: org.id, privilege: session.privilege, ...requestMeta(req) }, session.session_id);
    }
    reply.clearCookie(ACCOUNT_COOKIE, { path: cookiePath(org.slug) });
    return reply.redirect(`/o/${org.slug}/login`, 303);
  });
}
