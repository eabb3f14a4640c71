import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { verifyForm } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import { accountSession } from '../login/pages.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as account from './service.js';

type OrgParams = { Params: { org: string } };
type ChangeBody = { current?: string; password?: string; confirm?: string };

/** "Change password" on the account page: a plain form, works without JavaScript. */
export async function accountPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  const page = (org: { name: string; slug: string; settings: Record<string, unknown> }, username: string, extra: Record<string, unknown> = {}) => ({
    title: 'Change your password',
    organization: org,
    username,
    policy: effectiveSettings(org.settings).passwordPolicy,
    ...extra,
  });

  app.get<OrgParams>('/o/:org/account/password', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSession(ctx, req);
    if (!session || session.organization_id !== org.id) return reply.redirect(`/o/${org.slug}/login`);
    return reply.page('account-password', page(org, session.username));
  });

  app.post<OrgParams & { Body: ChangeBody }>('/o/:org/account/password', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSession(ctx, req);
    if (!session || session.organization_id !== org.id) return reply.redirect(`/o/${org.slug}/login`, 303);
    try {
      verifyForm(req);
      await account.changeOwnPassword(ctx, org.slug, session, {
        current: String(req.body?.current ?? ''),
        password: String(req.body?.password ?? ''),
        confirm: String(req.body?.confirm ?? ''),
        ...requestMeta(req),
      });
      return reply.page('account-password', page(org, session.username, { done: true, notice: 'Your password is changed. Your other sessions were signed out; this one stays signed in.' }));
    } catch (err) {
      if (!(err instanceof AppError) || !(err.code.startsWith('password.') || err.code === 'auth.csrf' || err.code === 'auth.throttled')) throw err;
      if (err.code === 'auth.throttled') reply.header('retry-after', String(err.extra.retryAfterSeconds));
      reply.status(err.status);
      return reply.page('account-password', page(org, session.username, { error: err.message, errorField: err.code === 'password.current_invalid' ? 'current' : 'password' }));
    }
  });
}
