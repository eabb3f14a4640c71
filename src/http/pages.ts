import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { errorText, localize, pageLocale, t } from '../i18n/index.js';
import { pageUrl } from '../lib/page-urls.js';
import { newToken, safeEqual } from '../lib/tokens.js';
import { htmlViews } from '../views/engine.js';
import { isHttps } from './request-meta.js';

const FORM_COOKIE = 'lk_form';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders views/pages/<name>.liquid inside the page layout. */
    page(name: string, vars?: Record<string, unknown>): Promise<FastifyReply>;
  }
  interface FastifyRequest {
    /** Set while the browser's account session is an impersonation: every page shows the banner. */
    impersonationBanner?: { user: string; username: string; admin: string; endsAt: string; stopUrl: string } | undefined;
    /** The signed-in person's chosen locale, set where the account session is read: it comes before Accept-Language. */
    pageUserLocale?: string | null | undefined;
    /** The error a form page shows again (src/http/forms.ts): its code is the key of its translation. */
    pageError?: { code: string; message: string; extra: Record<string, unknown> } | undefined;
  }
}

/**
 * Double-submit CSRF token for server-rendered forms: a random cookie echoed in a hidden
 * field. SameSite=Lax keeps a cross-site form from carrying the cookie, so it can't match.
 */
function formToken(req: FastifyRequest, reply: FastifyReply): string {
  const existing = req.cookies[FORM_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newToken();
  req.cookies[FORM_COOKIE] = token;
  reply.setCookie(FORM_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req) });
  return token;
}

/**
 * A cookie of one organization's end-user pages (its session, its paused sign-in): scoped to
 * that organization's path so organizations never share one, HttpOnly, SameSite=Lax, Secure
 * over https.
 */
export function setOrgPageCookie(req: FastifyRequest, reply: FastifyReply, name: string, orgSlug: string, value: string, maxAgeSeconds: number) {
  reply.setCookie(name, value, { path: pageUrl.cookiePath(orgSlug), httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: maxAgeSeconds });
}

export const clearOrgPageCookie = (reply: FastifyReply, name: string, orgSlug: string) => reply.clearCookie(name, { path: pageUrl.cookiePath(orgSlug) });

export function verifyForm(req: FastifyRequest): void {
  const cookie = req.cookies[FORM_COOKIE];
  const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf;
  if (!cookie || typeof sent !== 'string' || !safeEqual(cookie, sent)) throw new AppError('auth.csrf');
}

/** The links of an organization's pages, as templates use them (`{{ urls.login }}`): from the one URL builder. */
const urlsOf = (slug: string) => ({
  login: pageUrl.login(slug),
  account: pageUrl.account(slug),
  accountPassword: pageUrl.accountPassword(slug),
  logout: pageUrl.logout(slug),
  forgot: pageUrl.forgot(slug),
  forgotCode: pageUrl.forgotCode(slug),
  forgotSend: pageUrl.forgotSend(slug),
  recoveryCode: pageUrl.recoveryCode(slug),
  recoveryAuthenticator: pageUrl.recoveryAuthenticator(slug),
  recoveryHelpdesk: pageUrl.recoveryHelpdesk(slug),
  password: pageUrl.password(slug),
  pinSignUp: pageUrl.pinSignUp(slug),
  secondFactor: pageUrl.secondFactor(slug),
  enrollAuthenticator: pageUrl.enrollAuthenticator(slug),
  accountAuthenticator: pageUrl.accountAuthenticator(slug),
  accountBackupCodes: pageUrl.accountBackupCodes(slug),
  ssoStart: pageUrl.ssoStart(slug),
});

/**
 * The title, notice and error a handler passed, in the page's locale: a dictionary key or
 * known English text is translated; a form error by its catalog code.
 */
const isKeyed = (v: unknown): v is { key: string; params?: Record<string, unknown> } =>
  typeof v === 'object' && v !== null && typeof (v as { key?: unknown }).key === 'string';

function localizedTexts(locale: ReturnType<typeof pageLocale>, vars: Record<string, unknown>, formError: FastifyRequest['pageError']) {
  const out: Record<string, unknown> = {};
  for (const field of ['title', 'notice', 'error'] as const) {
    const value = vars[field];
    // A text with values: { key, params } (placeholders filled in the page's language).
    if (isKeyed(value)) {
      out[field] = t(locale, value.key, value.params);
      continue;
    }
    if (typeof value !== 'string') continue;
    out[field] = field === 'error' && formError && value === formError.message ? errorText(locale, formError) : localize(locale, value);
  }
  // A translation may say no more than the title above it: said once.
  if (out.error !== undefined && out.error === out.title && vars.error !== vars.title) out.error = undefined;
  return out;
}

export const pages = fp(async (app) => {
  app.decorateReply('page', async function (this: FastifyReply, name: string, vars: Record<string, unknown> = {}) {
    const slug = (vars.organization as { slug?: unknown } | undefined)?.slug;
    const urls = typeof slug === 'string' ? urlsOf(slug) : undefined;
    const req = this.request;
    const locale = pageLocale({ userLocale: req.pageUserLocale, acceptLanguage: req.headers['accept-language'], organizationSettings: (vars.organization as { settings?: unknown } | undefined)?.settings });
    const shown = localizedTexts(locale, vars, req.pageError);
    const html = await htmlViews.renderFile(`pages/${name}`, { csrf: formToken(req, this), urls, impersonation: req.impersonationBanner, ...vars, ...shown, locale });
    // The page differs by language: a shared cache (there is none: no-store) must not mix them.
    const vary = this.getHeader('vary');
    this.header('content-language', locale).header('vary', vary ? `${String(vary)}, Accept-Language, Cookie` : 'Accept-Language, Cookie');
    // Pages hold one-time links and forms: never cache them. Framing, CSP and the referrer
    // policy come from the hardening plugin (src/http/hardening.ts), like every response.
    return this.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
});
