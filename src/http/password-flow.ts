import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from '../context.js';
import { seal, unseal } from '../lib/sealed.js';
import { isHttps } from './request-meta.js';

const COOKIE = 'lk_flow';
const PURPOSE = 'password-flow';
const TTL_MS = 15 * 60_000;

/**
 * The only thing a browser may do after proving a code or a password that must be
 * replaced: set a password. Sealed, short-lived, scoped to the organization's pages.
 */
export interface PasswordFlow {
  reason: 'invitation' | 'change';
  userId: string;
  organizationId: string;
  invitationId?: string;
  [key: string]: unknown;
}

export function startPasswordFlow(ctx: Context, req: FastifyRequest, reply: FastifyReply, orgSlug: string, flow: PasswordFlow) {
  const value = seal(ctx.secret, PURPOSE, flow, new Date(ctx.clock.now().getTime() + TTL_MS));
  reply.setCookie(COOKIE, value, { path: `/o/${orgSlug}`, httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: TTL_MS / 1000 });
}

export const readPasswordFlow = (ctx: Context, req: FastifyRequest) => unseal<PasswordFlow>(ctx.secret, PURPOSE, req.cookies[COOKIE], ctx.clock.now());

export const endPasswordFlow = (reply: FastifyReply, orgSlug: string) => reply.clearCookie(COOKIE, { path: `/o/${orgSlug}` });
