import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { OrganizationRow, RecoveryChannel, RecoveryKind } from '../../db/types.js';
import * as auth from '../../auth/service.js';
import { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import { deviceKey } from '../devices/cookies.js';
import { toPausedFlow, toSignedIn } from '../login/pages.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as recovery from './service.js';

type OrgParams = { Params: { org: string } };
type LinkParams = { Params: { org: string; token: string } };

const ForgotForm = Form({ login: Text() });
const CodeForm = Form({ login: Text(), code: Secret() });
const SendForm = Form({ login: Text(), channel: Text(32) });
const ResetCodeForm = Form({ login: Text(), code: Secret(256), password: Secret(), confirm: Secret() });
const AuthenticatorForm = Form({ login: Text(), code: Secret(256) });
const ResetLinkForm = Form({ code: Secret(256), password: Secret(), confirm: Secret() });

/** The choices of the forgot page: one per channel, named by what the person picks. */
const CHOICES: Record<string, { channel: RecoveryChannel; kind: RecoveryKind }> = {
  email_link: { channel: 'email_link', kind: 'password' },
  email_code: { channel: 'email_code', kind: 'password' },
  sms_code: { channel: 'sms_code', kind: 'password' },
  authenticator: { channel: 'sms_code', kind: 'authenticator' },
};

/** What the "check your messages" page says was sent, for any account or none. */
const SENT: Record<string, string> = {
  email_link: 'we sent a link to reset the password to its email address',
  email_code: 'we sent a reset code to its email address',
  sms_code: 'we sent a reset code by text message to its verified recovery phone',
  authenticator: 'we sent a code to reset the authenticator by text message to its verified recovery phone',
};

/** Work of a request that runs once its answer is out (sending, audit of a wrong code): see recovery.AfterAnswer. */
const pendingWork = new WeakMap<FastifyRequest, (() => Promise<unknown>)[]>();
const meta = (req: FastifyRequest): recovery.Meta => ({
  ...requestMeta(req),
  afterAnswer: (work) => pendingWork.set(req, [...(pendingWork.get(req) ?? []), work]),
});

const forgotPage = (org: OrganizationRow, extra: Record<string, unknown> = {}) => ({ title: 'Forgot your password?', organization: org, ...extra });
const optionsPage = (org: OrganizationRow, login: string, extra: Record<string, unknown> = {}) => ({
  title: 'How do you want to continue?',
  organization: org,
  login,
  offer: recovery.offerOf(effectiveSettings(org.settings)),
  ...extra,
});
const codePage = (org: OrganizationRow, login: string, extra: Record<string, unknown> = {}) => ({
  title: 'Reset your password',
  organization: org,
  login,
  policy: effectiveSettings(org.settings).passwordPolicy,
  ...extra,
});

/** A link that can't be used (any more): what happened, and the way to ask again. */
const DEAD_LINK = new Set(['recovery.link_invalid', 'recovery.expired', 'recovery.used', 'recovery.superseded']);

/**
 * "Forgot your password?": the login name, then the ways the organization's reset options
 * offer (email link, email code, SMS code, authenticator reset) and "I have a code" for
 * invitation codes; then the page a code is entered on and the page an emailed link opens.
 * Every answer before a secret is proved is the same whether or not an account matches.
 */
export async function recoveryPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  // What a page left for after its answer starts once the response is sent, so the answer
  // takes the same time whether or not there was anything to do.
  app.addHook('onResponse', async (req) => {
    for (const work of pendingWork.get(req) ?? []) recovery.runInBackground(ctx, work);
  });
  // Closing the application waits for work that was still running.
  app.addHook('onClose', async () => recovery.settled(ctx));

  app.get<OrgParams>('/o/:org/forgot', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    recovery.assertPasswordRecovery(effectiveSettings(org.settings));
    return reply.page('forgot', forgotPage(org));
  });

  app.post<OrgParams>('/o/:org/forgot', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, ForgotForm, {
      async submit({ login }) {
        if (!login) throw new AppError('request.invalid', 'Enter your username or email.');
        // The same choices whether or not the account exists: the organization's, not the account's.
        return reply.page('forgot-options', optionsPage(org, login));
      },
      again: (_form, e) => reply.page('forgot', forgotPage(org, { error: e.message })),
      // A wrong form token is the error page's to say, as before.
      shows: (e) => e.code === 'request.invalid',
    });
  });

  app.post<OrgParams>('/o/:org/forgot/send', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, SendForm, {
      async submit({ login, channel }) {
        const choice = CHOICES[channel];
        if (!choice) throw new AppError('recovery.channel_unavailable');
        await recovery.request(ctx, org.slug, { login, ...choice, ...meta(req) });
        const minutes = effectiveSettings(org.settings).recovery.expiryMinutes;
        return reply.page('forgot-sent', {
          title: 'Check your messages',
          organization: org,
          login,
          sent: SENT[channel],
          code: choice.channel !== 'email_link',
          authenticator: choice.kind === 'authenticator',
          minutes,
        });
      },
      again: (form, e) => {
        if (!form.login) return reply.page('forgot', forgotPage(org, { error: e.message }));
        return reply.page('forgot-options', optionsPage(org, form.login, { error: e.message }));
      },
      shows: (e) => e.code === 'request.invalid' || e.code.startsWith('recovery.'),
    });
  });

  app.get<OrgParams & { Querystring: { login?: string } }>('/o/:org/forgot/reset', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('reset-code', codePage(org, String(req.query.login ?? '')));
  });

  app.post<OrgParams>('/o/:org/forgot/reset', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, ResetCodeForm, {
      async submit(form) {
        const done = await recovery.redeemCode(ctx, org.slug, { ...form, ...meta(req) });
        return continueAfterRecovery(ctx, req, reply, done);
      },
      // A refused password keeps the code typed: it was right and still works.
      again: (form, e) => reply.page('reset-code', codePage(org, form.login, { error: e.message, code: e.code.startsWith('password.') ? form.code : '' })),
      shows: (e) => e.code !== 'organization.not_found',
    });
  });

  const linkPage = async (req: FastifyRequest<LinkParams>, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const { org, user, needsCode, policy } = await recovery.openLink(ctx, req.params.org, req.params.token);
    return reply.page('reset-link', { title: 'Choose a new password', organization: org, username: user.username, needsCode, policy, action: req.url, ...extra });
  };
  const deadLink = async (req: FastifyRequest<LinkParams>, reply: FastifyReply, err: unknown) => {
    if (!(err instanceof AppError) || !DEAD_LINK.has(err.code)) throw err;
    const org = await organizations.findPublic(ctx, req.params.org);
    reply.status(err.status);
    return reply.page('reset-ended', { title: 'This reset link no longer works', organization: org, error: err.message });
  };

  app.get<LinkParams>('/o/:org/forgot/reset/:token', async (req, reply) => linkPage(req, reply).catch((err: unknown) => deadLink(req, reply, err)));

  app.post<LinkParams>('/o/:org/forgot/reset/:token', async (req, reply) =>
    handleForm(req, reply, ResetLinkForm, {
      async submit(form) {
        const done = await recovery.redeemLink(ctx, req.params.org, req.params.token, { ...form, ...meta(req) });
        return continueAfterRecovery(ctx, req, reply, done);
      },
      again: (form, e) => {
        if (DEAD_LINK.has(e.code)) return deadLink(req, reply, e);
        return linkPage(req, reply, { error: e.message, code: e.code.startsWith('password.') ? form.code : '' }).catch((err: unknown) => deadLink(req, reply, err));
      },
      shows: (e) => e.code !== 'organization.not_found',
    }),
  );

  const authenticatorPage = (org: OrganizationRow, login: string, extra: Record<string, unknown> = {}) => ({ title: 'Reset your authenticator', organization: org, login, ...extra });

  app.get<OrgParams & { Querystring: { login?: string } }>('/o/:org/forgot/authenticator', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('reset-authenticator', authenticatorPage(org, String(req.query.login ?? '')));
  });

  app.post<OrgParams>('/o/:org/forgot/authenticator', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, AuthenticatorForm, {
      async submit(form) {
        await recovery.resetAuthenticator(ctx, org.slug, { ...form, ...meta(req) });
        return reply.page('authenticator-reset-done', { title: 'Your authenticator is reset', organization: org });
      },
      again: (form, e) => reply.page('reset-authenticator', authenticatorPage(org, form.login, { error: e.message })),
      shows: (e) => e.code !== 'organization.not_found',
    });
  });

  // "I have a code from the helpdesk": the code a helpdesk read to a caller it verified, with
  // a new password; then on like any reset (to enrolling a new authenticator when required).
  const helpdeskPage = (org: OrganizationRow, login: string, extra: Record<string, unknown> = {}) => ({ ...codePage(org, login), title: 'Use your code from the helpdesk', ...extra });

  app.get<OrgParams & { Querystring: { login?: string } }>('/o/:org/forgot/helpdesk', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return reply.page('helpdesk-code', helpdeskPage(org, String(req.query.login ?? '')));
  });

  app.post<OrgParams>('/o/:org/forgot/helpdesk', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, ResetCodeForm, {
      async submit(form) {
        const done = await recovery.redeemHelpdeskCode(ctx, org.slug, { ...form, ...meta(req) });
        return continueAfterRecovery(ctx, req, reply, done);
      },
      // A refused password keeps the code typed: it was right and still works.
      again: (form, e) => reply.page('helpdesk-code', helpdeskPage(org, form.login, { error: e.message, code: e.code.startsWith('password.') ? form.code : '' })),
      shows: (e) => e.code !== 'organization.not_found',
    });
  });

  // "I have a code": an invitation code proves the person and pauses a sign-in at setting a
  // password (like a code typed at sign-in).
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

/**
 * The password is reset: signed in at once (the link or code and the new password proved the
 * person), or on to the second factor when the account has one. The browser counts as a
 * device like at any sign-in; an account that may not sign in here now (disabled meanwhile, or
 * this browser over its device limit) is sent to the sign-in form, which says why.
 */
async function continueAfterRecovery(ctx: Context, req: FastifyRequest, reply: FastifyReply, done: recovery.Recovered) {
  const result = await auth.signInAfterRecovery(ctx, done.org, done.user.id, done.method, { ...requestMeta(req), device: deviceKey(ctx, req) }).catch((err: unknown) => {
    if (err instanceof AppError && (err.code === 'auth.required' || err.code === 'device.limit_reached')) return undefined;
    throw err;
  });
  if (!result) return reply.redirect(pageUrl.login(done.org.slug, 'password-reset'), 303);
  if (result.kind === 'paused') return toPausedFlow(req, reply, result);
  return toSignedIn(ctx, req, reply, result, 'password-reset');
}
