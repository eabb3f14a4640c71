import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageUrl } from '../lib/page-urls.js';
import { isHttps } from './request-meta.js';

const COOKIE = 'lk_signin';

/**
 * The browser's handle on its paused sign-in: a random token whose keyed hash names the stored
 * flow (src/auth/service.ts), which holds everything else. It lives as long as the flow may
 * and only on the organization's pages.
 */
export function setLoginFlowCookie(req: FastifyRequest, reply: FastifyReply, orgSlug: string, handle: string, maxAgeSeconds: number) {
  reply.setCookie(COOKIE, handle, { path: pageUrl.cookiePath(orgSlug), httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: maxAgeSeconds });
}

export const loginFlowHandle = (req: FastifyRequest): string | undefined => req.cookies[COOKIE];

export const clearLoginFlowCookie = (reply: FastifyReply, orgSlug: string) => reply.clearCookie(COOKIE, { path: pageUrl.cookiePath(orgSlug) });
