import type { FastifyInstance } from 'fastify';
import * as auth from '../../auth/service.js';
import type { Context } from '../../context.js';
import type { OrganizationRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { Form, handleForm, Secret, Text } from '../../http/forms.js';
import { verifyForm } from '../../http/pages.js';
import { requestMeta } from '../../http/request-meta.js';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../i18n/index.js';
import { pageUrl, safeReturnTo } from '../../lib/page-urls.js';
import * as apps from '../apps/service.js';
import * as loginService from '../login/service.js';
import * as mfa from '../mfa/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as pinCodes from '../pin-codes/service.js';
import * as recoveryPhone from '../recovery-phone/service.js';
import { devicesSection } from '../devices/pages.js';
import { accountSelf, accountSessionOf, clearAccountCookie } from '../sessions/cookies.js';
import { sessionsSection } from '../sessions/pages.js';
import * as users from '../users/service.js';
import * as account from './service.js';

type OrgParams = { Params: { org: string } };

const notices: Record<string, string> = {
  'password-set': 'Your password is set and you are signed in.',
  'password-reset': 'Your password is changed and you are signed in. Your other sessions were signed out.',
  'authenticator-on': 'Your authenticator app is turned on. Next time you sign in, enter the code it shows after your password.',
  'authenticator-off': 'Your authenticator app is removed.',
  'default-method-saved': 'Saved: this is the second factor you are asked for first.',
  'sms-on': 'Text messages to your recovery phone are now a second factor.',
  'sms-off': 'Text messages are no longer a second factor.',
  'sms-needs-phone': 'Verify a recovery phone first: codes go only to a verified phone.',
  'phone-verified': 'Your recovery phone is verified.',
  'phone-removed': 'Your recovery phone is removed.',
  'session-ended': 'That session is signed out.',
  'others-signed-out': 'You are signed out everywhere else.',
  'device-forgotten': 'The device is forgotten and signed out.',
  'language-saved': 'account.notice.language_saved',
};

/** The language choice of the account page: "as the browser asks" first, then each locale in its own name. */
const languageChoices = (current: string | null) => [
  { code: '', name: '', selected: !isLocale(current) },
  ...LOCALES.map((code) => ({ code, name: LOCALE_NAMES[code], selected: code === current })),
];

const LanguageForm = Form({ locale: Text(8) });

/** How the session was opened, in words: the methods (amr) and whether one or two factors. */
const METHOD_WORDS: Record<string, string> = {
  pwd: 'password',
  invitation_code: 'invitation code',
  invitation_link: 'invitation link',
  setup_link: 'setup link',
  recovery_link: 'recovery link',
  recovery_code: 'recovery code',
  otp: 'authenticator app',
  sms: 'text message code',
  backup_code: 'backup code',
  impersonation: 'impersonation by an administrator',
};
const signedInWith = (s: { methods: string[]; aal: number }) => {
  const methods = s.methods.map((m) => METHOD_WORDS[m] ?? m).join(' and ');
  return `${methods.charAt(0).toUpperCase()}${methods.slice(1)} (${s.aal >= 2 ? 'two factors' : 'one factor'})`;
};

const ChangeForm = Form({ current: Secret(), password: Secret(), confirm: Secret() });
const ReauthForm = Form({ password: Secret(), method: Text(32), code: Secret(64), return_to: Text(2048) });

/** How the re-authentication page asks for each second factor it accepts. */
const REAUTH_PROMPT: Record<string, { prompt: string; label: string; hint: string; other: string }> = {
  otp: { prompt: 'the code from your authenticator app', label: 'Code from your authenticator app', hint: 'The 6-digit code the app shows now.', other: 'Use your authenticator app' },
  backup_code: { prompt: 'one of your backup codes', label: 'Backup code', hint: 'Each backup code works once.', other: 'Use a backup code' },
};

/** The pages of a signed-in person: the account, signing out, changing the password. Plain forms, no JavaScript needed. */
export async function accountPages(app: FastifyInstance, { ctx }: { ctx: Context }) {
  app.get<OrgParams & { Querystring: { notice?: string } }>('/o/:org/account', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug));
    const factors = await mfa.factorsOf(ctx, org, session.user_id);
    return reply.page('account', {
      title: 'Your account',
      organization: org,
      notice: notices[String(req.query.notice)],
      user: { displayName: users.displayName(session), username: session.username, email: session.email },
      signedInWith: signedInWith(session),
      // The same in words of the page's language (account.amr.* keys), for other locales.
      signedIn: { methods: session.methods, twoFactors: session.aal >= 2 },
      mfa: {
        totp: factors.methods.includes('otp'),
        smsAllowed: effectiveSettings(org.settings).mfa.smsAllowed,
        sms: factors.factors.some((f) => f.kind === 'sms' && f.state === 'active'),
        backupCodesLeft: factors.backupCodesLeft,
        choices: factors.methods.map((m) => ({ method: m, text: mfa.METHOD_TEXT[m], selected: m === factors.methods[0] })),
      },
      recoveryPhone: await recoveryPhone.ofUser(ctx, org.id, session.user_id),
      recoveryPhoneUrl: `${pageUrl.account(org.slug)}/phone`,
      pinCode: await pinCodes.forHolder(ctx, org.id, session.user_id).then((p) => p && { ...p, expiresAt: p.expiresAt?.toUTCString() ?? null }),
      ...(await sessionsSection(ctx, accountSelf(req, session))),
      ...(await devicesSection(ctx, req, accountSelf(req, session))),
      apps: await apps.assignedToMe(ctx, org, session.user_id),
      languages: languageChoices(session.locale),
    });
  });

  app.post<OrgParams>('/o/:org/account/language', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug), 303);
    return handleForm(req, reply, LanguageForm, {
      async submit({ locale }) {
        // Only a supported locale, or "" for the browser's; anything else is a form error.
        if (locale !== '' && !isLocale(locale)) throw new AppError('request.invalid', 'Choose a language from the list.');
        await users.setOwnLocale(ctx, accountSelf(req, session).actor, org.id, session.user_id, locale === '' ? null : locale);
        return reply.redirect(`${pageUrl.account(org.slug)}?notice=language-saved`, 303);
      },
      again: () => reply.redirect(pageUrl.account(org.slug), 303),
    });
  });

  app.post<OrgParams>('/o/:org/logout', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    verifyForm(req);
    const session = await accountSessionOf(ctx, req, org.id);
    if (session) {
      await loginService.logout(ctx, accountSelf(req, session).actor, session.session_id);
    }
    clearAccountCookie(reply, org.slug);
    return reply.redirect(pageUrl.login(org.slug), 303);
  });

  // Step-up re-authentication (sessions.assertRecentAuthentication): the password again, and a
  // second factor when the account has one, then back to the page that asked for it.
  const reauthPage = async (org: OrganizationRow, session: { user_id: string; username: string }, returnTo: string | undefined, asked: string | undefined, extra: Record<string, unknown> = {}) => {
    const methods = await auth.reauthenticationFactors(ctx, org, session.user_id);
    const method = methods.find((m) => m === asked) ?? methods[0];
    const back = returnTo ?? pageUrl.account(org.slug);
    return {
      title: 'Confirm it is you',
      organization: org,
      username: session.username,
      returnTo: back,
      action: pageUrl.reauthenticate(org.slug),
      method,
      ...(method && REAUTH_PROMPT[method]),
      alternatives: methods.filter((m) => m !== method).map((m) => ({ method: m, text: REAUTH_PROMPT[m]!.other, url: `${pageUrl.reauthenticate(org.slug, back)}&method=${m}` })),
      ...extra,
    };
  };

  app.get<OrgParams & { Querystring: { return_to?: string; method?: string } }>('/o/:org/account/reauthenticate', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug));
    return reply.page('account-reauthenticate', await reauthPage(org, session, safeReturnTo(org.slug, req.query.return_to), req.query.method));
  });

  app.post<OrgParams>('/o/:org/account/reauthenticate', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug), 303);
    return handleForm(req, reply, ReauthForm, {
      async submit(form) {
        const self = { sessionId: session.session_id, userId: session.user_id, kind: 'account' as const, impersonated: session.impersonator_id !== null };
        await auth.reauthenticate(ctx, org, self, { password: form.password, method: form.method, code: form.code, ...requestMeta(req) });
        return reply.redirect(safeReturnTo(org.slug, form.return_to) ?? pageUrl.account(org.slug), 303);
      },
      again: async (form, e) => reply.page('account-reauthenticate', await reauthPage(org, session, safeReturnTo(org.slug, form.return_to), form.method, { error: e.message })),
      shows: (e) => e.code === 'auth.invalid_credentials' || e.code === 'auth.throttled' || e.code === 'auth.csrf' || e.code === 'impersonation.read_only',
    });
  });

  const page = (org: OrganizationRow, username: string, extra: Record<string, unknown> = {}) => ({
    title: 'Change your password',
    organization: org,
    username,
    policy: effectiveSettings(org.settings).passwordPolicy,
    ...extra,
  });

  app.get<OrgParams>('/o/:org/account/password', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug));
    return reply.page('account-password', page(org, session.username));
  });

  app.post<OrgParams>('/o/:org/account/password', async (req, reply) => {
    const org = await organizations.findPublic(ctx, req.params.org);
    const session = await accountSessionOf(ctx, req, org.id);
    if (!session) return reply.redirect(pageUrl.login(org.slug), 303);
    return handleForm(req, reply, ChangeForm, {
      async submit(form) {
        await account.changeOwnPassword(ctx, org.slug, session, { ...form, ...requestMeta(req) });
        return reply.page('account-password', page(org, session.username, { done: true, notice: 'Your password is changed. Your other sessions were signed out; this one stays signed in.' }));
      },
      again: (_form, e) => reply.page('account-password', page(org, session.username, { error: e.message, errorField: e.code === 'password.current_invalid' ? 'current' : 'password' })),
      shows: (e) => e.code.startsWith('password.') || e.code === 'auth.csrf' || e.code === 'auth.throttled',
    });
  });
}
