import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { verifyForm } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as invitations from './service.js';

type Params = { Params: { org: string; token: string } };

export async function invitationPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<Params>('/o/:org/invitations/:token', async (req, reply) => {
    const { org, user, policy } = await invitations.open(ctx, req.params.org, req.params.token, requestMeta(req));
    return reply.page('password-setup', { title: 'Set your password', organization: org, username: user.username, policy, action: req.url });
  });

  app.post<Params & { Body: { password?: string; confirm?: string } }>('/o/:org/invitations/:token', async (req, reply) => {
    const password = String(req.body?.password ?? '');
    const confirm = String(req.body?.confirm ?? '');
    try {
      verifyForm(req);
      const { org } = await invitations.accept(ctx, req.params.org, { token: req.params.token }, { password, confirm, ...requestMeta(req) });
      return reply.redirect(`/o/${org.slug}/login?notice=password-set`, 303);
    } catch (err) {
      // Password rule failures re-show the form with the reason; a dead link shows its page.
      if (!(err instanceof AppError) || !(err.code.startsWith('password.') || err.code === 'auth.csrf')) throw err;
      const org = await organizations.findPublic(ctx, req.params.org);
      const { user } = await invitations.open(ctx, req.params.org, req.params.token, requestMeta(req));
      reply.status(err.status);
      return reply.page('password-setup', {
        title: 'Set your password',
        organization: org,
        username: user.username,
        policy: effectiveSettings(org.settings).passwordPolicy,
        action: req.url,
        error: err.message,
      });
    }
  });
}
