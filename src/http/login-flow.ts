import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearOrgPageCookie, setOrgPageCookie } from './pages.js';

const COOKIE = 'lk_signin';

/**
 * The browser's handle on its paused sign-in: a random token whose keyed hash names the stored
 * flow (src/auth/service.ts), which holds everything else. It lives as long as the flow may
 * and only on the organization's pages.
 */
export const setLoginFlowCookie = (req: FastifyRequest, reply: FastifyReply, orgSlug: string, handle: string, maxAgeSeconds: number) =>
  setOrgPageCookie(req, reply, COOKIE, orgSlug, handle, maxAgeSeconds);

export const loginFlowHandle = (req: FastifyRequest): string | undefined => req.cookies[COOKIE];

export const clearLoginFlowCookie = (reply: FastifyReply, orgSlug: string) => clearOrgPageCookie(reply, COOKIE, orgSlug);
