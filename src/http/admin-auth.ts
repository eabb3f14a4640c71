import { createHmac } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Context } from '../context.js';
import type { Actor } from '../access/index.js';
import { AppError } from '../errors/app-error.js';
import * as apiTokens from '../features/api-tokens/service.js';
import * as sessions from '../features/sessions/service.js';
import { safeEqual } from '../lib/tokens.js';
import { TtlCache } from '../lib/ttl-cache.js';
import { isHttps, requestMeta } from './request-meta.js';

export const CONSOLE_COOKIE = 'lk_console';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated admin, set by `authenticateAdmin`. */
    actor: Actor;
    /** The console session behind the actor, when authenticated by cookie. */
    consoleSessionId?: string;
    /** How that console session was opened: assurance level and methods (amr). */
    consoleAssurance?: { aal: number; methods: string[] };
    /** When that console session opened and last re-authenticated (the step-up guard reads it). */
    consoleAuthentication?: { created_at: Date; authenticated_at: Date | null };
  }
  interface FastifyContextConfig {
    /** Routes reachable without credentials. */
    public?: boolean;
    /**
     * Routes that act for the signed-in person themself (`/api/v1/me/...`): a console session
     * only. An API token stands for an integration, not a person, and is refused.
     */
    selfService?: boolean;
    /**
     * Self-service routes that change how the account is protected (factors, recovery phone,
     * sessions, devices): the console session must have proved the credentials within
     * REAUTHENTICATION_WINDOW_MINUTES, else 403 `auth.reauthentication_required` (re-prove with
     * POST /api/v1/me/reauthenticate).
     */
    recentAuthentication?: boolean;
  }
}

// The console asks for its CSRF token on every /auth/me; the same session always gets the
// same one, so it is derived once per session (and secret: tests run several servers).
const csrfTokens = new WeakMap<Buffer, TtlCache<string>>();

/** The CSRF token of a console session: derived, so nothing extra is stored. */
export function csrfTokenFor(ctx: Context, sessionId: string): string {
  let cache = csrfTokens.get(ctx.secret);
  if (!cache) {
    cache = new TtlCache<string>(60 * 60_000);
    csrfTokens.set(ctx.secret, cache);
  }
  const now = Date.now();
  let token = cache.get(sessionId, now);
  if (!token) {
    token = createHmac('sha256', ctx.secret).update(`csrf:${sessionId}`).digest('base64url');
    cache.set(sessionId, token, now);
  }
  return token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates /api requests by Bearer API token or console session cookie. A cookie
 * only counts with the session's CSRF token in `x-csrf-token` on state changes, since
 * browsers attach cookies to cross-site requests.
 */
export async function authenticateAdmin(ctx: Context, req: FastifyRequest): Promise<void> {
  const meta = requestMeta(req);
  const authorization = req.headers.authorization;
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const actor = match ? await apiTokens.authenticate(ctx, match[1]!, meta) : undefined;
    if (!actor) throw new AppError('auth.required', 'The API token is missing, malformed, revoked or expired.');
    req.actor = actor;
    return;
  }
  const cookie = req.cookies[CONSOLE_COOKIE];
  const session = cookie ? await sessions.resolve(ctx, cookie, 'console') : undefined;
  if (!session || session.privilege === 'user') throw new AppError('auth.required');
  if (!SAFE_METHODS.has(req.method)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(ctx, session.session_id))) throw new AppError('auth.csrf');
  }
  req.consoleSessionId = session.session_id;
  req.consoleAssurance = { aal: session.aal, methods: session.methods };
  req.consoleAuthentication = { created_at: session.created_at, authenticated_at: session.authenticated_at };
  req.actor = {
    type: 'user',
    id: session.user_id,
    label: session.username,
    organizationId: session.organization_id,
    privilege: session.privilege,
    ...meta,
  };
}

export function setConsoleCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number) {
  reply.setCookie(CONSOLE_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: isHttps(req), maxAge: maxAgeSeconds });
}

export function clearConsoleCookie(reply: FastifyReply) {
  reply.clearCookie(CONSOLE_COOKIE, { path: '/' });
}

/** Registers the authentication hook for every non-public route of the encapsulating plugin. */
export const adminAuth = fp<{ ctx: Context }>(async (app, { ctx }) => {
  app.decorateRequest('actor', null as unknown as Actor);
  // Before the body is even parsed: strangers get 401, not a validation report. Decided
  // per route when it is added, ahead of the route's own hooks.
  const authenticate: onRequestAsyncHookHandler = (req) => authenticateAdmin(ctx, req);
  const person: onRequestAsyncHookHandler = async (req) => {
    await authenticateAdmin(ctx, req);
    if (!req.consoleSessionId) throw new AppError('auth.session_required');
    if (req.routeOptions.config.recentAuthentication) sessions.assertRecentAuthentication(ctx, req.consoleAuthentication!);
  };
  app.addHook('onRoute', (route) => {
    if (route.config?.public) return;
    route.onRequest = [route.config?.selfService ? person : authenticate, ...[route.onRequest ?? []].flat()];
  });
});
