import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import { systemActor } from '../../access/index.js';
import * as auth from '../../auth/service.js';
import type { RequiredAction } from '../../auth/flow.js';
import { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { clearLoginFlowCookie, loginFlowHandle, setLoginFlowCookie } from '../../http/login-flow.js';
import { requestMeta } from '../../http/request-meta.js';
import { pageUrl, safeReturnTo } from '../../lib/page-urls.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sso from '../sso/service.js';
import { deviceKey, rememberDevice } from '../devices/cookies.js';
import { ACCOUNT_COOKIE, accountSession, setAccountCookie } from '../sessions/cookies.js';

type OrgParams = { Params: { org: string } };

/** Messages the sign-in form shows when it is reached with `?notice=`. */
const notices: Record<string, string> = {
  'password-set': 'Your password is set. Sign in to continue.',
  'password-reset': 'Your password is changed and your other sessions were signed out. Sign in with the new password.',
  'flow-expired': 'Your sign-in took too long and has ended. Sign in again.',
  'flow-ended': 'This sign-in has ended. Sign in again.',
};
const FLOW_NOTICE: Record<string, string> = { 'login_flow.expired': 'flow-expired', 'login_flow.exhausted': 'flow-ended', 'login_flow.ended': 'flow-ended' };

const LoginForm = Form({ login: Text(), password: Secret(), return_to: Text(2048) });
const PasswordForm = Form({ password: Secret(), confirm: Secret() });

/** The page of the step a paused flow waits at: the second factor, enrolling an authenticator, or the password. */
export const stepPage = (slug: string, step: 'second_factor' | 'required_action', action: RequiredAction | undefined) =>
  step === 'second_factor' ? pageUrl.secondFactor(slug) : action === 'enroll_authenticator' ? pageUrl.enrollAuthenticator(slug) : pageUrl.password(slug);

/** The browser holds a paused flow: its cookie, and on to the page of the step it waits at. */
export function toPausedFlow(req: FastifyRequest, reply: FastifyReply, paused: auth.Paused) {
  setLoginFlowCookie(req, reply, paused.org.slug, paused.handle, auth.FLOW_TTL_MINUTES * 60);
  return reply.redirect(stepPage(paused.org.slug, paused.step, paused.requiredAction), 303);
}

/** After a step of a paused flow: signed in, on to the next required action, or (may no longer sign in) back to the form. */
export function afterStep(ctx: Context, req: FastifyRequest, reply: FastifyReply, org: OrganizationRow, result: auth.OpenedSession | auth.NextAction | undefined, notice?: string) {
  if (result && 'kind' in result && result.kind === 'next_action') return reply.redirect(stepPage(org.slug, 'required_action', result.action), 303);
  clearLoginFlowCookie(reply, org.slug);
  if (!result) return reply.redirect(pageUrl.login(org.slug, 'password-set'), 303);
  return toSignedIn(ctx, req, reply, result as auth.OpenedSession, notice);
}

/** Signed in: the session cookie, then where the person was going, else the account page. */
export function toSignedIn(ctx: Context, req: FastifyRequest, reply: FastifyReply, session: auth.OpenedSession, notice?: string) {
  setAccountCookie(ctx, req, reply, session.org.slug, session.token);
  rememberDevice(req, reply);
  return reply.redirect(session.returnTo ?? pageUrl.account(session.org.slug, notice), 303);
}

/**
 * After a one-time link proved the person and they set a password: signed in and on the
 * account page, or (disabled or locked meanwhile) on the sign-in form with the usual notice.
 */
export async function continueToAccount(ctx: Context, req: FastifyRequest, reply: FastifyReply, org: OrganizationRow, userId: string, via: 'invitation_link') {
  const session = await auth.continueSignedIn(ctx, org, userId, 'account', via, { ...requestMeta(req), device: deviceKey(ctx, req) });
  if (!session) return reply.redirect(pageUrl.login(org.slug, 'password-set'), 303);
  if ('kind' in session && session.kind === 'paused') return toPausedFlow(req, reply, session);
  return toSignedIn(ctx, req, reply, session as auth.OpenedSession, 'password-set');
}

const passwordPage = (org: OrganizationRow, username: string, action: RequiredAction) => ({
  title: action === 'set_password' ? 'Set your password' : 'Choose a new password',
  intro: action === 'set_password' ? 'Choose a password to activate your account.' : 'Your password must be replaced before you continue.',
  organization: org,
  username,
  policy: effectiveSettings(org.settings).passwordPolicy,
});

/** The sign-in pages: the organization choice, the sign-in form, and the required-action page of a paused sign-in. */
export async function loginPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get('/', async (_req, reply) => {
    if ((await organizations.countOrganizations(ctx)) === 1) {
      const [only] = await organizations.list(ctx, systemActor());
      return reply.redirect(pageUrl.login(only!.slug));
    }
    return reply.page('organization-choice', { title: 'Sign in' });
  });

  app.get<{ Querystring: { organization?: string } }>('/login', async (req, reply) => {
    const slug = String(req.query.organization ?? '').trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) return reply.redirect('/');
    return reply.redirect(pageUrl.login(slug));
  });

  app.get<OrgParams & { Querystring: { notice?: string; return_to?: string } }>('/o/:org/login', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const returnTo = safeReturnTo(org.slug, req.query.return_to);
    if (await accountSession(ctx, req)) return reply.redirect(returnTo ?? pageUrl.account(org.slug));
    return reply.page('login', { title: 'Sign in', organization: org, returnTo, notice: notices[String(req.query.notice)], pinSignUp: effectiveSettings(org.settings).login.pinSignUp !== 'off', sso: await sso.loginOptions(ctx, org) });
  });

  app.post<OrgParams>('/o/:org/login', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    return handleForm(req, reply, LoginForm, {
      async submit({ login, password, return_to }) {
        if (!login || !password) throw new AppError('auth.invalid_credentials');
        const result = await auth.signIn(ctx, 'account', { organization: org.slug, login, password, returnTo: return_to, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[ACCOUNT_COOKIE] });
        if (result.kind === 'paused') return toPausedFlow(req, reply, result);
        return toSignedIn(ctx, req, reply, result);
      },
      again: async (form, e) =>
        reply.page('login', { title: 'Sign in', organization: org, login: form.login, returnTo: safeReturnTo(org.slug, form.return_to), error: e.message, pinSignUp: effectiveSettings(org.settings).login.pinSignUp !== 'off', sso: await sso.loginOptions(ctx, org) }),
      shows: (e) => e.code !== 'organization.not_found',
    });
  });

  const pausedFlow = (req: FastifyRequest<OrgParams>, reply: FastifyReply) => pausedFlowAt(ctx, req, reply, 'password');

  // The required action of a paused sign-in: setting a password after an invitation code, or
  // replacing one that must be replaced.
  app.get<OrgParams>('/o/:org/password', async (req, reply) => {
    await organizations.findPublic(ctx, req.params.org);
    const paused = await pausedFlow(req, reply);
    if (!paused) return reply;
    return reply.page('password-setup', passwordPage(paused.org, paused.user.username, paused.action!));
  });

  app.post<OrgParams>('/o/:org/password', async (req, reply) => {
    await organizations.findPublic(ctx, req.params.org);
    const paused = await pausedFlow(req, reply);
    if (!paused) return reply;
    return handleForm(req, reply, PasswordForm, {
      async submit({ password, confirm }) {
        const result = await auth.completeRequiredAction(ctx, paused, { password, confirm, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[ACCOUNT_COOKIE] });
        return afterStep(ctx, req, reply, paused.org, result, 'password-set');
      },
      again: async (_form, e) => {
        // The flow ended meanwhile (finished in another tab, expired, out of attempts): back to sign-in.
        if (FLOW_NOTICE[e.code]) {
          clearLoginFlowCookie(reply, paused.org.slug);
          return reply.status(303).redirect(pageUrl.login(paused.org.slug, FLOW_NOTICE[e.code]), 303);
        }
        return reply.page('password-setup', { ...passwordPage(paused.org, paused.user.username, paused.action!), error: e.message });
      },
      shows: (e) => e.code.startsWith('password.') || e.code === 'auth.csrf' || e.code in FLOW_NOTICE,
    });
  });
}

/** Which page serves which step of a paused flow. */
type StepName = 'password' | 'second_factor' | 'enroll_authenticator';
const stepOf = (p: auth.PausedFlow): StepName =>
  p.step === 'second_factor' ? 'second_factor' : p.action === 'enroll_authenticator' ? 'enroll_authenticator' : 'password';

/**
 * The paused flow of this browser when it waits at the step this page serves; else the way to
 * the page of the step it does wait at, or back to the sign-in form (with why, when it ended).
 * Nothing else is reachable while a step is pending.
 */
export async function pausedFlowAt(ctx: Context, req: FastifyRequest<OrgParams>, reply: FastifyReply, page: StepName): Promise<auth.PausedFlow | undefined> {
  try {
    const paused = await auth.resume(ctx, req.params.org, loginFlowHandle(req));
    if (paused && stepOf(paused) === page) return paused;
    await reply.redirect(paused ? stepPage(paused.org.slug, paused.step, paused.action) : pageUrl.login(req.params.org), 303);
  } catch (err) {
    if (!(err instanceof AppError) || !FLOW_NOTICE[err.code]) throw err;
    clearLoginFlowCookie(reply, req.params.org);
    await reply.redirect(pageUrl.login(req.params.org, FLOW_NOTICE[err.code]), 303);
  }
  return undefined;
}

export { FLOW_NOTICE };
