import type { FastifyInstance } from 'fastify';
import type { Context } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as pinCodes from './service.js';

type OrgParams = { Params: { org: string } };

const SignUpForm = Form({ pin: Secret(64), email: Text(), username: Text(100) });

const page = (org: OrganizationRow, extra: Record<string, unknown> = {}) => ({ title: 'Sign up with a PIN code', organization: org, ...extra });

/** Whether the sign-in page offers "Sign up with a PIN code". */
export const offersPinSignUp = (org: OrganizationRow) => effectiveSettings(org.settings).login.pinSignUp !== 'off';

/** The sign-up page of PIN holders: a plain form, no JavaScript needed. */
export async function pinCodePages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<OrgParams>('/o/:org/pin-sign-up', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    if (!offersPinSignUp(org)) {
      const err = new AppError('pin_code.sign_up_off');
      reply.status(err.status);
      return reply.page('error', { title: err.title, organization: org, loginUrl: pageUrl.login(org.slug) });
    }
    if (effectiveSettings(org.settings).ssoEnforced) {
      const err = new AppError('organization.sso_enforced');
      reply.status(err.status);
      return reply.page('error', { title: err.title, error: 'Ask your administrator: new accounts come from the organization’s identity provider.', organization: org, loginUrl: pageUrl.login(org.slug) });
    }
    return reply.page('pin-sign-up', page(org));
  });

  app.post<OrgParams>('/o/:org/pin-sign-up', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, SignUpForm, {
      async submit(form) {
        const created = await pinCodes.signUp(ctx, org.slug, 'web', { ...form, ...requestMeta(req) });
        return reply.page('pin-sign-up', page(org, { created, remaining: created.pin.quota === null ? null : created.pin.quota - created.pin.used }));
      },
      // The PIN is typed again: it is not echoed into the page.
      again: (form, e) => reply.page('pin-sign-up', page(org, { email: form.email, username: form.username, error: e.message, errorField: fieldOf(e.code) })),
      shows: (e) => e.code !== 'organization.not_found',
    });
  });
}

const fieldOf = (code: string) =>
  code === 'pin_code.email_invalid' ? 'email' : code === 'pin_code.username_invalid' || code === 'user.username_taken' ? 'username' : code === 'pin_code.invalid' ? 'pin' : undefined;
