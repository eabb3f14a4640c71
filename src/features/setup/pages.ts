import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { setConsoleCookie } from '../../http/admin-auth.js';
import * as auth from '../../auth/service.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { requestMeta } from '../../http/request-meta.js';
import { deviceKey, rememberDevice } from '../devices/cookies.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as setup from './service.js';

type Params = { Params: { token: string } };
const SetupForm = Form({ organization: Text(63), organizationName: Text(200), email: Text(), password: Secret() });

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

  app.post<Params>('/setup/:token', async (req, reply) => {
    const again = (status: number, typed: { organization: string; organizationName: string; email: string; password: string }, errors: setup.FieldError[]) => {
      reply.status(status);
      const byField = Object.fromEntries(errors.map((e) => [e.field, e.message]));
      // The password is kept when it was fine, so fixing another field doesn't mean typing it again.
      const kept = { ...typed, organization: typed.organization.toLowerCase(), password: byField.password ? '' : typed.password };
      return reply.page('setup', { title: 'Set up Latchkey', action: req.url, form: kept, policy, errors, byField });
    };
    return handleForm(req, reply, SetupForm, {
      async submit(form) {
        const input = { ...form, organization: form.organization.toLowerCase(), organizationName: form.organizationName || form.organization.toLowerCase() };
        await setup.checkLink(ctx, req.params.token);
        const problems = await setup.formProblems(ctx, input);
        if (problems.length > 0) return again(400, form, problems);
        const { org, user } = await setup.complete(ctx, req.params.token, input);
        // Straight into the console, signed in, as after any console sign-in.
        const session = await auth.continueSignedIn(ctx, org, user.id, 'console', 'setup', { ...requestMeta(req), device: deviceKey(ctx, req) });
        // A console sign-in never pauses (the console has no pages for the steps).
        if (session && 'token' in session) {
          setConsoleCookie(req, reply, session.token, ctx.config.sessionTtlMinutes * 60);
          rememberDevice(req, reply);
        }
        return reply.redirect('/admin/?setup=done', 303);
      },
      again(form, err) {
        if (err.code === 'setup.invalid') return deadLinkPage(ctx, req.params.token, reply);
        if (err.code === 'user.username_taken') return again(409, form, [{ field: 'email', message: 'Your email: an account with this email already exists in this organization.' }]);
        return again(err.status, form, [{ field: err.code.startsWith('password.') ? 'password' : 'organization', message: err.message }]);
      },
    });
  });
}
