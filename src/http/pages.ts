import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
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
});

export const pages = fp(async (app) => {
  app.decorateReply('page', async function (this: FastifyReply, name: string, vars: Record<string, unknown> = {}) {
    const slug = (vars.organization as { slug?: unknown } | undefined)?.slug;
    const urls = typeof slug === 'string' ? urlsOf(slug) : undefined;
    const html = await htmlViews.renderFile(`pages/${name}`, { csrf: formToken(this.request, this), urls, impersonation: this.request.impersonationBanner, ...vars });
    // Pages hold one-time links and forms: never cache them. Framing, CSP and the referrer
    // policy come from the hardening plugin (src/http/hardening.ts), like every response.
    return this.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
});
