import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { verifyForm } from '../../http/pages.js';
import * as setup from './service.js';

type Params = { Params: { token: string } };
type Form = { organization?: string; organizationName?: string; email?: string; password?: string };

export async function setupPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<Params>('/setup/:token', async (req, reply) => {
    await setup.checkLink(ctx, req.params.token);
    return reply.page('setup', { title: 'Set up Latchkey', action: req.url, form: {} });
  });

  app.post<Params & { Body: Form }>('/setup/:token', async (req, reply) => {
    const form = {
      organization: String(req.body?.organization ?? '').trim().toLowerCase(),
      organizationName: String(req.body?.organizationName ?? '').trim(),
      email: String(req.body?.email ?? '').trim(),
      password: String(req.body?.password ?? ''),
    };
    try {
      verifyForm(req);
      await setup.complete(ctx, req.params.token, { ...form, organizationName: form.organizationName || form.organization });
      return reply.redirect('/admin/?setup=done', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.code === 'setup.invalid' || err.status >= 500) throw err;
      reply.status(err.status);
      return reply.page('setup', { title: 'Set up Latchkey', action: req.url, form: { ...form, password: '' }, error: err.message });
    }
  });
}
