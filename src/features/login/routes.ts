import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { clearConsoleCookie, CONSOLE_COOKIE, csrfTokenFor, setConsoleCookie } from '../../http/admin-auth.js';
import { requestMeta } from '../../http/request-meta.js';
import { Nullable, Obj, problems, Slug } from '../../http/schemas.js';
import { Privilege } from '../users/schemas.js';
import { PERMISSIONS, permissionsOf } from '../../access/index.js';
import * as auth from '../../auth/service.js';
import { deviceKey, rememberDevice } from '../devices/cookies.js';
import * as organizations from '../organizations/service.js';
import * as loginService from './service.js';

const Me = Obj({
  user: Obj({ id: Nullable(Type.String()), username: Nullable(Type.String()), privilege: Privilege }),
  organization: Obj({ id: Type.String(), slug: Type.String(), name: Type.String() }),
  via: Type.Union([Type.Literal('console'), Type.Literal('api_token')]),
  permissions: Type.Array(Type.Enum(PERMISSIONS), { description: 'What the caller may do (e.g. users.manage, settings.manage), so clients show only that; the API still checks every request.' }),
  csrfToken: Nullable(Type.String({ description: 'Send as x-csrf-token on state-changing console requests' })),
  aal: Nullable(Type.Integer({ minimum: 1, maximum: 2, description: 'Authenticator assurance level of the console session (1: one factor, 2: two); null for an API token' })),
  methods: Type.Array(Type.String(), { description: 'How the console session was opened (amr values, e.g. pwd); empty for an API token' }),
});

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['auth'];
  app.post('/auth/login', {
    config: { public: true },
    schema: {
      operationId: 'auth.login',
      tags,
      summary: 'Console sign-in for administrators; sets the session cookie',
      body: Obj({ organization: Slug, login: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      response: { 200: Me, ...problems() },
    },
  }, async (req, reply) => {
    const result = await auth.signIn(ctx, 'console', { ...req.body, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[CONSOLE_COOKIE] });
    // A forced change is refused by the service itself; a pause at a second factor has no console step yet.
    if (result.kind !== 'session') throw new AppError('password.change_required');
    const { token, sessionId, user, org } = result;
    setConsoleCookie(req, reply, token, ctx.config.sessionTtlMinutes * 60);
    rememberDevice(req, reply);
    return {
      user: { id: user.id, username: user.username, privilege: user.privilege },
      organization: { id: org.id, slug: org.slug, name: org.name },
      via: 'console' as const,
      permissions: permissionsOf(user.privilege),
      csrfToken: csrfTokenFor(ctx, sessionId),
      aal: result.aal,
      methods: result.methods,
    };
  });

  app.get('/auth/me', {
    schema: { operationId: 'auth.me', tags, summary: 'Who is calling, and the CSRF token of a console session', response: { 200: Me, ...problems() } },
  }, async (req) => {
    const org = await organizations.findById(ctx, req.actor.organizationId!);
    return {
      user: { id: req.actor.id, username: req.actor.label, privilege: req.actor.privilege! },
      organization: { id: org!.id, slug: org!.slug, name: org!.name },
      via: req.consoleSessionId ? ('console' as const) : ('api_token' as const),
      permissions: permissionsOf(req.actor.privilege),
      csrfToken: req.consoleSessionId ? csrfTokenFor(ctx, req.consoleSessionId) : null,
      aal: req.consoleAssurance?.aal ?? null,
      methods: req.consoleAssurance?.methods ?? [],
    };
  });

  app.post('/auth/logout', {
    schema: { operationId: 'auth.logout', tags, summary: 'End the console session', response: { 204: Type.Null(), ...problems() } },
  }, async (req, reply) => {
    if (req.consoleSessionId) await loginService.logout(ctx, req.actor, req.consoleSessionId);
    clearConsoleCookie(reply);
    return reply.status(204).send(null);
  });
};
