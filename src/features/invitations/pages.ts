import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret } from '../../http/forms.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import { continueToAccount } from '../login/pages.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as invitations from './service.js';

type Params = { Params: { org: string; token: string } };
const SetPasswordForm = Form({ password: Secret(), confirm: Secret() });

/** Codes that mean "this link no longer works"; each gets a page saying what to do instead. */
const DEAD_LINK = new Set(['invitation.not_found', 'invitation.expired', 'invitation.used', 'invitation.superseded', 'invitation.revoked', 'invitation.code_invalid', 'user.disabled']);

const titles: Record<invitations.NextStep, string> = {
  not_found: 'This invitation link is not valid',
  expired: 'This invitation has expired',
  exhausted: 'This invitation no longer works',
  used: 'This invitation has already been used',
  disabled: 'This account is disabled',
  temporary_password: 'This invitation was replaced by a temporary password',
  withdrawn: 'This invitation was withdrawn',
  newer_link: 'This invitation has been replaced by a newer one',
  newer_email_code: 'This invitation has been replaced by a newer one',
  newer_sms_code: 'This invitation has been replaced by a newer one',
  newer_sheet: 'This invitation has been replaced by a newer one',
};

/** The organization's page for a dead link: what happened, and a link to the way forward. */
async function deadLinkPage(ctx: Context, req: FastifyRequest<Params>, reply: FastifyReply, err: unknown) {
  if (!(err instanceof AppError) || !DEAD_LINK.has(err.code)) throw err;
  const { org, next, contact } = await invitations.nextStepForLink(ctx, req.params.org, req.params.token);
  const signIn = { id: 'sign-in', label: 'Sign in', href: pageUrl.login(org.slug) };
  const actions = [];
  if (next === 'used') actions.push(signIn, { id: 'forgot', label: 'Forgot your password?', href: pageUrl.forgot(org.slug) });
  if (['not_found', 'temporary_password', 'newer_email_code', 'newer_sms_code'].includes(next)) actions.push(signIn);
  // The admin who sent the invitation, when one did (not an API token): the person to ask.
  if (contact && next !== 'used') {
    actions.push({ id: 'ask-admin', label: 'Ask your administrator', href: `mailto:${encodeURIComponent(contact.email)}?subject=${encodeURIComponent(`Invitation for ${contact.username} (${org.name})`)}` });
  }
  reply.status(next === 'not_found' ? 404 : next === 'disabled' ? 403 : 410);
  return reply.page('invitation-ended', { title: titles[next], organization: org, next, actions });
}

export async function invitationPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<Params>('/o/:org/invitations/:token', async (req, reply) => {
    try {
      const { org, user, policy } = await invitations.open(ctx, req.params.org, req.params.token, requestMeta(req));
      return await reply.page('password-setup', { title: 'Set your password', organization: org, username: user.username, policy, action: req.url });
    } catch (err) {
      return deadLinkPage(ctx, req, reply, err);
    }
  });

  app.post<Params>('/o/:org/invitations/:token', async (req, reply) =>
    handleForm(req, reply, SetPasswordForm, {
      async submit(form) {
        const { org, user } = await invitations.accept(ctx, req.params.org, { token: req.params.token }, { ...form, ...requestMeta(req) });
        // The person just proved the link and chose a password: no second sign-in form.
        return continueToAccount(ctx, req, reply, org, user.id, 'invitation_link');
      },
      // Password rule failures re-show the form with the reason; a dead link shows its page.
      async again(_form, err) {
        const org = await organizations.findPublic(ctx, req.params.org);
        let user;
        try {
          ({ user } = await invitations.open(ctx, req.params.org, req.params.token, requestMeta(req)));
        } catch (dead) {
          return deadLinkPage(ctx, req, reply, dead);
        }
        return reply.page('password-setup', {
          title: 'Set your password',
          organization: org,
          username: user.username,
          policy: effectiveSettings(org.settings).passwordPolicy,
          action: req.url,
          error: err.message,
        });
      },
      shows: (err) => err.code.startsWith('password.') || err.code === 'auth.csrf',
    }).catch((err: unknown) => deadLinkPage(ctx, req, reply, err)),
  );
}
