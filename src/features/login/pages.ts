import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OrganizationRow } from '../../db/types.js';
import type { Context } from '../../context.js';
import { systemActor } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import { verifyForm } from '../../http/pages.js';
import { endPasswordFlow, readPasswordFlow, startPasswordFlow } from '../../http/password-flow.js';
import { isHttps, requestMeta } from '../../http/request-meta.js';
import * as invitations from '../invitations/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import * as users from '../users/service.js';
import * as loginService from './service.js';

const ACCOUNT_COOKIE = 'lk_account';
type OrgParams = { Params: { org: string } };

/** Account cookies are scoped to their organization's path, so orgs never share one. */
const cookiePath = (slug: string) => `/o/${slug}`;

const notices: Record<string, string> = {
  'password-set': 'Your password is set. Sign in to continue.',
};
const accountNotices: Record<string, string> = {
  'password-set': 'Your password is set and you are signed in.',
};

/** The account session cookie; also set by the pages that sign a person in after they set a password. */
export function setAccountCookie(ctx: Context, req: FastifyRequest, reply: FastifyReply, orgSlug: string, token: string) {
  reply.setCookie(ACCOUNT_COOKIE, token, {
    path: cookiePath(orgSlug),
    httpOnly: true,
    sameSite: 'lax',
    secure: isHttps(req),
    maxAge: ctx.config.sessionTtlMinutes * 60,
  });
}

/**
 * After a password was set: signed in and on the account page, or (disabled or locked
 * meanwhile) on the sign-in form with the usual notice.
 */
export async function continueToAccount(
  ctx: Context,
  req: FastifyRequest,
  reply: FastifyReply,
  org: OrganizationRow,
  userId: string,
  via: loginService.ContinuedBy,
) {
  const session = await loginService.continueSignedIn(ctx, org, userId, 'account', via, requestMeta(req));
  if (!session) return reply.redirect(`/o/${org.slug}/login?notice=password-set`, 303);
  setAccountCookie(ctx, req, reply, org.slug, session.token);
  return reply.redirect(`/o/${org.slug}/account?notice=password-set`, 303);
}

export async function accountSession(ctx: Context, req: FastifyRequest) {
  const token = req.cookies[ACCOUNT_COOKIE];
  return token ? sessions.resolve(ctx, token, 'account') : undefined;
}

/** Renders a form page again with the message of a 4xx failure; anything else propagates. */
function formError(err: unknown): AppError {
  if (err instanceof AppError && err.status < 500 && err.code !== 'organization.not_found') return err;
  throw err;
}

export async function loginPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get('/', async (_req, reply) => {
    if ((await organizations.countOrganizations(ctx)) === 1) {
      const [only] = await organizations.list(ctx, systemActor());
      return reply.redirect(`/o/${only!.slug}/login`);
    }
    return reply.page('organization-choice', { title: 'Sign in' });
  });

  app.get<{ Querystring: { organization?: string } }>('/login', async (req, reply) => {
    const slug = String(req.query.organization ?? '').trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return reply.redirect('/');
    return reply.redirect(`/o/${slug}/login`);
  });

  app.get<OrgParams & { Querystring: { notice?: string } }>('/o/:org/login', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    if (await accountSession(ctx, req)) return reply.redirect(`/o/${org.slug}/account`);
    return reply.page('login', { title: 'Sign in', organization: org, notice: notices[String(req.query.notice)] });
  });

  app.post<OrgParams & { Body: { login?: string; password?: string } }>('/o/:org/login', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const login = String(req.body?.login ?? '').trim();
    const password = String(req.body?.password ?? '');
    try {
      verifyForm(req);
      if (!login || !password) throw new AppError('auth.invalid_credentials');
      const result = await loginService.login(ctx, 'account', { organization: org.slug, login, password, ...requestMeta(req), replaces: req.cookies[ACCOUNT_COOKIE] });
      if (result.kind === 'set_password') {
        startPasswordFlow(ctx, req, reply, org.slug, {
          reason: result.reason,
          userId: result.user.id,
          organizationId: org.id,
          ...(result.reason === 'invitation' && { invitationId: result.invitationId }),
        });
        return reply.redirect(`/o/${org.slug}/password`, 303);
      }
      setAccountCookie(ctx, req, reply, org.slug, result.token);
      return reply.redirect(`/o/${org.slug}/account`, 303);
    } catch (err) {
      const e = formError(err);
      if (e.code === 'auth.throttled') reply.header('retry-after', String(e.extra.retryAfterSeconds));
      reply.status(e.status);
      return reply.page('login', { title: 'Sign in', organization: org, login, error: e.message });
    }
  });

  // Setting a password after proving a code or a password that must be replaced.
  app.get<OrgParams>('/o/:org/password', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const flow = readPasswordFlow(ctx, req);
    if (!flow || flow.organizationId !== org.id) return reply.redirect(`/o/${org.slug}/login`);
    const user = await users.findById(ctx.db, org.id, flow.userId);
    if (!user) return reply.redirect(`/o/${org.slug}/login`);
    return reply.page('password-setup', passwordPage(org, user.username, flow.reason));
  });

  app.post<OrgParams & { Body: { password?: string; confirm?: string } }>('/o/:org/password', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const flow = readPasswordFlow(ctx, req);
    if (!flow || flow.organizationId !== org.id) return reply.redirect(`/o/${org.slug}/login`, 303);
    const input = { password: String(req.body?.password ?? ''), confirm: String(req.body?.confirm ?? ''), ...requestMeta(req) };
    try {
      verifyForm(req);
      if (flow.reason === 'invitation') await invitations.accept(ctx, org.slug, { invitationId: flow.invitationId! }, input);
      else await loginService.changeRequiredPassword(ctx, org.slug, flow.userId, input);
      endPasswordFlow(reply, org.slug);
      return continueToAccount(ctx, req, reply, org, flow.userId, flow.reason === 'invitation' ? 'invitation_code' : 'password_change');
    } catch (err) {
      const e = formError(err);
      if (!e.code.startsWith('password.') && e.code !== 'auth.csrf') throw e;
      const user = await users.findById(ctx.db, org.id, flow.userId);
      reply.status(e.status);
      return reply.page('password-setup', { ...passwordPage(org, user?.username ?? '', flow.reason), error: e.message });
    }
  });

  // "Forgot password": for now the way in with an invitation code.
  app.get<OrgParams>('/o/:org/forgot', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('forgot', { title: 'Forgot your password?', organization: org });
  });

  app.post<OrgParams & { Body: { login?: string } }>('/o/:org/forgot', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const login = String(req.body?.login ?? '').trim();
    verifyForm(req);
    if (!login) return reply.status(400).page('forgot', { title: 'Forgot your password?', organization: org, error: 'Enter your username or email.' });
    // The same choices whether or not the account exists.
    return reply.page('forgot-options', { title: 'How do you want to continue?', organization: org, login });
  });

  app.get<OrgParams & { Querystring: { login?: string } }>('/o/:org/forgot/code', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('code', { title: 'Enter your code', organization: org, login: String(req.query.login ?? '') });
  });

  app.post<OrgParams & { Body: { login?: string; code?: string } }>('/o/:org/forgot/code', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const login = String(req.body?.login ?? '').trim();
    try {
      verifyForm(req);
      const user = login ? await users.findByLogin(ctx, org.id, login) : undefined;
      const invitation = await invitations.verifyCode(ctx, org, user, String(req.body?.code ?? ''), requestMeta(req));
      startPasswordFlow(ctx, req, reply, org.slug, { reason: 'invitation', userId: invitation.user_id, organizationId: org.id, invitationId: invitation.id });
      return reply.redirect(`/o/${org.slug}/password`, 303);
    } catch (err) {
      const e = formError(err);
      reply.status(e.status);
      return reply.page('code', { title: 'Enter your code', organization: org, login, error: e.message });
    }
  });

  app.get<OrgParams & { Querystring: { notice?: string } }>('/o/:org/account', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSession(ctx, req);
    if (!session || session.organization_id !== org.id) return reply.redirect(`/o/${org.slug}/login`);
    return reply.page('account', {
      title: 'Your account',
      organization: org,
      notice: accountNotices[String(req.query.notice)],
      user: { displayName: users.displayName(session), username: session.username, email: session.email },
    });
  });

  app.post<OrgParams>('/o/:org/logout', async (req, reply) => {
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

function passwordPage(org: { name: string; slug: string; settings: Record<string, unknown> }, username: string, reason: 'invitation' | 'change') {
  return {
    title: reason === 'invitation' ? 'Set your password' : 'Choose a new password',
    intro: reason === 'invitation' ? 'Choose a password to activate your account.' : 'Your password must be replaced before you continue.',
    organization: org,
    username,
    policy: effectiveSettings(org.settings).passwordPolicy,
  };
}
