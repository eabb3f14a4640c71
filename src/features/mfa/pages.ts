import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { MfaMethod, OrganizationRow, UserRow } from '../../db/types.js';
import * as auth from '../../auth/service.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { clearLoginFlowCookie } from '../../http/login-flow.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl } from '../../lib/page-urls.js';
import { afterStep, FLOW_NOTICE, pausedFlowAt } from '../login/pages.js';
import * as organizations from '../organizations/service.js';
import { deviceKey } from '../devices/cookies.js';
import { ACCOUNT_COOKIE, accountSessionOf, reauthenticationRedirect } from '../sessions/cookies.js';
import * as users from '../users/service.js';
import * as mfa from './service.js';

type OrgParams = { Params: { org: string } };

const SecondFactorForm = Form({ method: Text(32), code: Secret(64) });
const EnrollForm = Form({ factor_id: Text(64), code: Secret(64) });
const DefaultForm = Form({ method: Text(32) });

const PROMPT: Record<MfaMethod, { prompt: string; label: string; hint: string }> = {
  otp: { prompt: 'Enter the code from your authenticator app.', label: 'Code from your authenticator app', hint: 'The 6-digit code the app shows now.' },
  sms: { prompt: 'We can send a code to your verified recovery phone.', label: 'Code from the text message', hint: 'Send the code, then type it here.' },
  backup_code: { prompt: 'Enter one of your backup codes.', label: 'Backup code', hint: 'Each backup code works once. A code from your administrator works too.' },
};
const ALTERNATIVE: Record<MfaMethod, string> = { otp: 'Use your authenticator app', sms: 'Send a code by text message', backup_code: 'Use a backup code' };

/** The second-factor page of a paused flow, for one of the account's methods (the default first). */
function secondFactorPage(paused: auth.PausedFlow, asked: string | undefined, extra: Record<string, unknown> = {}) {
  const methods = paused.secondFactors as MfaMethod[];
  const method = methods.includes(asked as MfaMethod) ? (asked as MfaMethod) : methods[0]!;
  return {
    title: 'Verify it is you',
    organization: paused.org,
    username: paused.user.username,
    method,
    ...PROMPT[method],
    alternatives: methods.filter((m) => m !== method).map((m) => ({ method: m, text: ALTERNATIVE[m], url: pageUrl.secondFactor(paused.org.slug, m) })),
    ...extra,
  };
}

const ENROLL_INTRO: Record<string, string> = {
  recovery: 'Your authenticator app was reset. Set up a new one to finish signing in.',
  reset: 'Your second factor was reset. Set up an authenticator app to finish signing in.',
  policy: 'Your organization requires a second factor. Set up an authenticator app to finish signing in.',
};

/** The person behind an account session, with the actor their own changes are recorded as. */
async function signedIn(
  ctx: Context,
  req: FastifyRequest<OrgParams>,
): Promise<{ org: OrganizationRow; user: UserRow; actor: Actor; sessionId: string; session: { created_at: Date; authenticated_at: Date | null } } | undefined> {
  const org = await organizations.findPublic(ctx, req.params.org);
  const session = await accountSessionOf(ctx, req, org.id);
  if (!session) return undefined;
  const user = await users.findById(ctx.db, org.id, session.user_id);
  if (!user) return undefined;
  const actor: Actor = { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ...requestMeta(req) };
  return { org, user, actor, sessionId: session.session_id, session };
}

const backupFile = (org: OrganizationRow, username: string, codes: string[]) =>
  `data:text/plain;charset=utf-8,${encodeURIComponent(`Backup codes for ${username} at ${org.name}\nEach code works once.\n\n${codes.join('\n')}\n`)}`;

/**
 * The pages of multi-factor authentication: the second-factor step and the enrollment of a
 * paused sign-in (src/auth/service.ts drives both), and the account's authenticator app,
 * backup codes and default method. Plain forms, no JavaScript needed.
 */
export async function mfaPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<OrgParams & { Querystring: { method?: string } }>('/o/:org/login/second-factor', async (req, reply) => {
    const paused = await pausedFlowAt(ctx, req, reply, 'second_factor');
    if (!paused) return reply;
    return reply.page('second-factor', secondFactorPage(paused, req.query.method));
  });

  app.post<OrgParams>('/o/:org/login/second-factor', async (req, reply) => {
    const paused = await pausedFlowAt(ctx, req, reply, 'second_factor');
    if (!paused) return reply;
    return handleForm(req, reply, SecondFactorForm, {
      async submit({ method, code }) {
        const result = await auth.proveSecondFactor(ctx, paused, { method, code, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[ACCOUNT_COOKIE] });
        return afterStep(ctx, req, reply, paused.org, result);
      },
      again: (form, e) => {
        if (FLOW_NOTICE[e.code]) {
          clearLoginFlowCookie(reply, paused.org.slug);
          return reply.status(303).redirect(pageUrl.login(paused.org.slug, FLOW_NOTICE[e.code]), 303);
        }
        return reply.page('second-factor', secondFactorPage(paused, form.method, { error: e.message }));
      },
      shows: (e) => e.code.startsWith('mfa.') || e.code === 'auth.throttled' || e.code === 'auth.csrf' || e.code in FLOW_NOTICE,
    });
  });

  app.post<OrgParams>('/o/:org/login/second-factor/sms', async (req, reply) => {
    const paused = await pausedFlowAt(ctx, req, reply, 'second_factor');
    if (!paused) return reply;
    return handleForm(req, reply, Form({}), {
      async submit() {
        const to = await auth.sendSmsCode(ctx, paused, requestMeta(req));
        return reply.page('second-factor', secondFactorPage(paused, 'sms', { smsSent: true, notice: { key: 'second_factor.sms_sent', params: { to, minutes: mfa.SMS_CODE_MINUTES } } }));
      },
      again: (_form, e) => reply.page('second-factor', secondFactorPage(paused, 'sms', { error: e.message })),
      shows: (e) => e.code.startsWith('mfa.') || e.code === 'auth.csrf',
    });
  });

  const enrollPage = async (paused: auth.PausedFlow, extra: Record<string, unknown> = {}) => ({
    title: 'Set up an authenticator app',
    organization: paused.org,
    intro: ENROLL_INTRO[paused.account.mfa.enrollRequired ?? 'policy'],
    enrollment: await mfa.beginTotpEnrollment(ctx, paused.org, paused.user),
    action: pageUrl.enrollAuthenticator(paused.org.slug),
    cancel: pageUrl.login(paused.org.slug),
    ...extra,
  });

  app.get<OrgParams>('/o/:org/login/authenticator', async (req, reply) => {
    const paused = await pausedFlowAt(ctx, req, reply, 'enroll_authenticator');
    if (!paused) return reply;
    return reply.page('enroll-authenticator', await enrollPage(paused));
  });

  app.post<OrgParams>('/o/:org/login/authenticator', async (req, reply) => {
    const paused = await pausedFlowAt(ctx, req, reply, 'enroll_authenticator');
    if (!paused) return reply;
    return handleForm(req, reply, EnrollForm, {
      async submit({ factor_id, code }) {
        const result = await auth.completeEnrollment(ctx, paused, { factorId: factor_id, code, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[ACCOUNT_COOKIE] });
        return afterStep(ctx, req, reply, paused.org, result, 'authenticator-on');
      },
      again: async (_form, e) => {
        if (FLOW_NOTICE[e.code]) {
          clearLoginFlowCookie(reply, paused.org.slug);
          return reply.status(303).redirect(pageUrl.login(paused.org.slug, FLOW_NOTICE[e.code]), 303);
        }
        return reply.page('enroll-authenticator', await enrollPage(paused, { error: e.message }));
      },
      shows: (e) => e.code.startsWith('mfa.') || e.code === 'auth.csrf' || e.code in FLOW_NOTICE,
    });
  });

  // The account's authenticator app: its state, or an enrollment (QR code and key) to confirm.
  const authenticatorPage = async (reply: FastifyReply, who: NonNullable<Awaited<ReturnType<typeof signedIn>>>, replace: boolean, extra: Record<string, unknown> = {}) => {
    const { org, user } = who;
    const state = await mfa.factorsOf(ctx, org, user.id);
    const active = state.factors.find((f) => f.kind === 'totp' && f.state === 'active');
    if (active && !replace) {
      return reply.page('account-authenticator', { title: 'Authenticator app', organization: org, since: active.confirmedAt!.toUTCString(), required: state.enrollRequired, ...extra });
    }
    return reply.page('enroll-authenticator', {
      title: active ? 'Replace your authenticator app' : 'Set up an authenticator app',
      organization: org,
      intro: active ? 'The new app replaces the old one once you enter its first code.' : 'An authenticator app adds a second step when you sign in.',
      enrollment: await mfa.beginTotpEnrollment(ctx, org, user),
      action: pageUrl.accountAuthenticator(org.slug),
      cancel: pageUrl.account(org.slug),
      ...extra,
    });
  };

  app.get<OrgParams & { Querystring: { replace?: string } }>('/o/:org/account/authenticator', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org));
    const again = `${pageUrl.accountAuthenticator(who.org.slug)}${req.query.replace === '1' ? '?replace=1' : ''}`;
    const stale = reauthenticationRedirect(ctx, reply, who.org.slug, who.session, again);
    if (stale) return stale;
    return authenticatorPage(reply, who, req.query.replace === '1');
  });

  app.post<OrgParams>('/o/:org/account/authenticator', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org), 303);
    const stale = reauthenticationRedirect(ctx, reply, who.org.slug, who.session, pageUrl.accountAuthenticator(who.org.slug));
    if (stale) return stale;
    return handleForm(req, reply, EnrollForm, {
      async submit({ factor_id, code }) {
        await mfa.confirmOwnTotp(ctx, who.org, who.user, factor_id, code, who.actor);
        return reply.redirect(pageUrl.account(who.org.slug, 'authenticator-on'), 303);
      },
      again: (_form, e) => authenticatorPage(reply, who, true, { error: e.message }),
      shows: (e) => e.code.startsWith('mfa.') || e.code === 'auth.csrf',
    });
  });

  app.post<OrgParams>('/o/:org/account/authenticator/remove', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org), 303);
    const stale = reauthenticationRedirect(ctx, reply, who.org.slug, who.session, pageUrl.accountAuthenticator(who.org.slug));
    if (stale) return stale;
    return handleForm(req, reply, Form({}), {
      async submit() {
        await mfa.removeTotp(ctx, who.org, who.user.id, who.actor);
        return reply.redirect(pageUrl.account(who.org.slug, 'authenticator-off'), 303);
      },
      again: (_form, e) => authenticatorPage(reply, who, false, { error: e.message }),
    });
  });

  const backupPage = async (reply: FastifyReply, who: NonNullable<Awaited<ReturnType<typeof signedIn>>>, extra: Record<string, unknown> = {}) => {
    const state = await mfa.factorsOf(ctx, who.org, who.user.id);
    return reply.page('account-backup-codes', {
      title: 'Backup codes',
      organization: who.org,
      left: state.backupCodesLeft,
      mayGenerate: state.methods.some((m) => m !== 'backup_code'),
      ...extra,
    });
  };

  app.get<OrgParams>('/o/:org/account/backup-codes', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org));
    return backupPage(reply, who);
  });

  app.post<OrgParams>('/o/:org/account/backup-codes', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org), 303);
    const stale = reauthenticationRedirect(ctx, reply, who.org.slug, who.session, pageUrl.accountBackupCodes(who.org.slug));
    if (stale) return stale;
    return handleForm(req, reply, Form({}), {
      async submit() {
        const codes = await mfa.generateBackupCodes(ctx, who.org, who.user.id, who.actor);
        return backupPage(reply, who, { codes, download: backupFile(who.org, who.user.username, codes) });
      },
      again: (_form, e) => backupPage(reply, who, { error: e.message }),
      shows: (e) => e.code.startsWith('mfa.') || e.code === 'auth.csrf',
    });
  });

  app.post<OrgParams>('/o/:org/account/sms', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org), 303);
    const stale = reauthenticationRedirect(ctx, reply, who.org.slug, who.session, pageUrl.account(who.org.slug));
    if (stale) return stale;
    return handleForm(req, reply, Form({ enable: Text(8) }), {
      async submit({ enable }) {
        if (enable === 'on') await mfa.enableSms(ctx, who.org, who.user.id, who.actor);
        else await mfa.disableSms(ctx, who.org, who.user.id, who.actor);
        return reply.redirect(pageUrl.account(who.org.slug, enable === 'on' ? 'sms-on' : 'sms-off'), 303);
      },
      again: (_form, e) => reply.redirect(pageUrl.account(who.org.slug, e.code === 'mfa.phone_required' ? 'sms-needs-phone' : undefined), 303),
      shows: (e) => e.code.startsWith('mfa.'),
    });
  });

  app.post<OrgParams>('/o/:org/account/second-factor', async (req, reply) => {
    const who = await signedIn(ctx, req);
    if (!who) return reply.redirect(pageUrl.login(req.params.org), 303);
    return handleForm(req, reply, DefaultForm, {
      async submit({ method }) {
        await mfa.setDefaultMethod(ctx, who.org, who.user.id, method as MfaMethod, who.actor);
        return reply.redirect(pageUrl.account(who.org.slug, 'default-method-saved'), 303);
      },
      again: (_form, e) => {
        if (e.code === 'mfa.method_unavailable') return reply.redirect(pageUrl.account(who.org.slug), 303);
        throw e;
      },
    });
  });
}

