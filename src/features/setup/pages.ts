import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { setConsoleCookie } from '../../http/admin-auth.js';
import { verifyForm } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import * as login from '../login/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as setup from './service.js';

type Params = { Params: { token: string } };
type Form = { organization?: string; organizationName?: string; email?: string; password?: string };

const deadTitles = {
  done: 'Latchkey is already set up',
  expired: 'This setup link has expired',
  unknown: 'This setup link is not valid',
} as const;

/** A setup link that can't be used says what to do instead. */
async function deadLinkPage(ctx: Context, token: string, reply: FastifyReply) {
  const problem = await setup.linkProblem(ctx, token);
  reply.status(problem === 'unknown' ? 404 : 410);
  return reply.page('setup-ended', { title: deadTitles[problem], problem });
}

export async function setupPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  const policy = effectiveSettings({}).passwordPolicy;

  app.get<Params>('/setup/:token', async (req, reply) => {
    try {
      await setup.checkLink(ctx, req.params.token);
    } catch (err) {
      if (err instanceof AppError && err.code === 'setup.invalid') return deadLinkPage(ctx, req.params.token, reply);
      throw err;
    }
    return reply.page('setup', { title: 'Set up Latchkey', action: req.url, form: {}, policy });
  });

  app.post<Params & { Body: Form }>('/setup/:token', async (req, reply) => {
    const form = {
      organization: String(req.body?.organization ?? '').trim().toLowerCase(),
      organizationName: String(req.body?.organizationName ?? '').trim(),
      email: String(req.body?.email ?? '').trim(),
      password: String(req.body?.password ?? ''),
    };
    const input = { ...form, organizationName: form.organizationName || form.organization };
    const again = (status: number, errors: setup.FieldError[]) => {
      reply.status(status);
      const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
      // The password is kept when it was fine, so fixing another field doesn't mean typing it again.
      const kept = { ...form, password: byField.password ? '' : form.password };
      return reply.page('setup', { title: 'Set up Latchkey', action: req.url, form: kept, policy, errors, byField });
    };
    try {
      verifyForm(req);
      await setup.checkLink(ctx, req.params.token);
      const problems = await setup.formProblems(ctx, input);
      if (problems.length > 0) return await again(400, problems);
      const { org, user } = await setup.complete(ctx, req.params.token, input);
      // Straight into the console, signed in, as after any console sign-in.
      const session = await login.continueSignedIn(ctx, org, user.id, 'console', 'setup', requestMeta(req));
      if (session) setConsoleCookie(req, reply, session.token, ctx.config.sessionTtlMinutes * 60);
      return await reply.redirect('/admin/?setup=done', 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'setup.invalid') return deadLinkPage(ctx, req.params.token, reply);
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      if (err.code === 'user.username_taken') return again(409, [{ field: 'email', message: 'Your email: an account with this email already exists in this organization.' }]);
      return again(err.status, [{ field: err.code.startsWith('password.') ? 'password' : 'organization', message: err.message }]);
    }
  });
}
