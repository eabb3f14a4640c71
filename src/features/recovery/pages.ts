import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import * as auth from '../../auth/service.js';
import { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { requestMeta } from '../../http/request-meta.js';
import { toPausedFlow } from '../login/pages.js';
import * as organizations from '../organizations/service.js';

type OrgParams = { Params: { org: string } };

const ForgotForm = Form({ login: Text() });
const CodeForm = Form({ login: Text(), code: Secret() });

/**
 * "Forgot your password?": for now the way in with an invitation code, which proves the
 * person and pauses a sign-in at setting a password (like a code typed at sign-in).
 */
export async function recoveryPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<OrgParams>('/o/:org/forgot', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('forgot', { title: 'Forgot your password?', organization: org });
  });

  app.post<OrgParams>('/o/:org/forgot', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, ForgotForm, {
      async submit({ login }) {
        if (!login) throw new AppError('request.invalid', 'Enter your username or email.');
        // The same choices whether or not the account exists.
        return reply.page('forgot-options', { title: 'How do you want to continue?', organization: org, login });
      },
      again: (_form, e) => reply.page('forgot', { title: 'Forgot your password?', organization: org, error: e.message }),
      // A wrong form token is the error page's to say, as before.
      shows: (e) => e.code === 'request.invalid',
    });
  });

  app.get<OrgParams & { Querystring: { login?: string } }>('/o/:org/forgot/code', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('code', { title: 'Enter your code', organization: org, login: String(req.query.login ?? '') });
  });

  app.post<OrgParams>('/o/:org/forgot/code', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, CodeForm, {
      async submit({ login, code }) {
        return toPausedFlow(req, reply, await auth.proveCode(ctx, org.slug, { login, code, ...requestMeta(req) }));
      },
      again: (form, e) => reply.page('code', { title: 'Enter your code', organization: org, login: form.login, error: e.message }),
      shows: (e) => e.code !== 'organization.not_found',
    });
  });
}
