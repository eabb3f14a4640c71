import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { clearConsoleCookie, CONSOLE_COOKIE, csrfTokenFor, setConsoleCookie } from '../../http/admin-auth.js';
import { isHttps, requestMeta } from '../../http/request-meta.js';
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

/** The console's handle on a sign-in paused at the second factor: only the auth routes see it. */
const FLOW_COOKIE = 'lk_console_signin';
const FLOW_COOKIE_PATH = '/api/v1/auth';

const SecondFactorNeeded = Obj(
  {
    next: Type.Literal('second_factor'),
    methods: Type.Array(Type.String(), { description: 'The second factors the account may use (otp, sms, backup_code), the one to ask first leading' }),
  },
  'The password was right; finish with auth.secondFactor, sending the code of one of these methods (the flow is held by a cookie for 15 minutes)',
);

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['auth'];
  /** The console session opened: its cookie, and who is calling. */
  const signedIn = (req: FastifyRequest, reply: FastifyReply, result: auth.OpenedSession) => {
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
  };
  app.post('/auth/login', {
    config: { public: true },
    schema: {
      operationId: 'auth.login',
      tags,
      summary: 'Console sign-in for administrators; sets the session cookie',
      body: Obj({ organization: Slug, login: Type.String({ minLength: 1, maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      response: { 200: Me, 202: SecondFactorNeeded, ...problems() },
    },
  }, async (req, reply) => {
    const result = await auth.signIn(ctx, 'console', { ...req.body, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[CONSOLE_COOKIE] });
    // A forced change or enrollment is refused by the service itself: only a second factor pauses here.
    if (result.kind === 'paused') {
      if (result.step !== 'second_factor') throw new AppError('password.change_required');
      reply.setCookie(FLOW_COOKIE, result.handle, { path: FLOW_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: isHttps(req), maxAge: auth.FLOW_TTL_MINUTES * 60 });
      return reply.status(202).send({ next: 'second_factor' as const, methods: result.secondFactors });
    }
    return signedIn(req, reply, result);
  });

  app.post('/auth/login/second-factor', {
    config: { public: true },
    schema: {
      operationId: 'auth.secondFactor',
      tags,
      summary: 'Second step of a console sign-in paused at the second factor: the code of one of its methods; sets the session cookie',
      body: Obj({ organization: Slug, method: Type.String({ minLength: 1, maxLength: 32 }), code: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Me, ...problems(429) },
    },
  }, async (req, reply) => {
    const paused = await auth.resume(ctx, req.body.organization, req.cookies[FLOW_COOKIE], 'console').catch((err: unknown) => {
      if (err instanceof AppError && err.code.startsWith('login_flow.')) reply.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
      throw err;
    });
    if (paused?.step !== 'second_factor') throw new AppError('login_flow.ended');
    const result = await auth.proveSecondFactor(ctx, paused, { method: req.body.method, code: req.body.code, ...requestMeta(req), device: deviceKey(ctx, req), replaces: req.cookies[CONSOLE_COOKIE] });
    reply.clearCookie(FLOW_COOKIE, { path: FLOW_COOKIE_PATH });
    if (result?.kind !== 'session') throw new AppError('auth.required');
    return signedIn(req, reply, result);
  });

  app.post('/auth/login/second-factor/sms', {
    config: { public: true },
    schema: {
      operationId: 'auth.secondFactorSms',
      tags,
      summary: 'Text a code for the second step of a paused console sign-in to the verified recovery phone (throttled per account)',
      body: Obj({ organization: Slug }),
      response: { 200: Obj({ sentTo: Type.String({ description: 'The masked number the code went to' }) }), ...problems(409, 429) },
    },
  }, async (req) => {
    const paused = await auth.resume(ctx, req.body.organization, req.cookies[FLOW_COOKIE], 'console');
    if (paused?.step !== 'second_factor') throw new AppError('login_flow.ended');
    return { sentTo: await auth.sendSmsCode(ctx, paused, requestMeta(req)) };
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

  app.post('/me/reauthenticate', {
    config: { selfService: true },
    schema: {
      operationId: 'auth.reauthenticate',
      tags,
      summary: 'Prove your credentials again in this console session (step-up): the password, and a code of your authenticator app or a backup code when you have one',
      description:
        'Changing your factors, recovery phone, sessions or devices needs a session that proved the credentials within REAUTHENTICATION_WINDOW_MINUTES; those routes answer 403 auth.reauthentication_required otherwise. Wrong answers count toward the sign-in throttle (401 auth.invalid_credentials, 429 auth.throttled).',
      body: Obj({
        password: Type.String({ maxLength: 4096 }),
        method: Type.Optional(Type.Union([Type.Literal('otp'), Type.Literal('backup_code')])),
        code: Type.Optional(Type.String({ maxLength: 64 })),
      }),
      response: { 204: Type.Null(), ...problems(429) },
    },
  }, async (req, reply) => {
    const org = await organizations.findById(ctx, req.actor.organizationId!);
    if (!org) throw new AppError('auth.required');
    const session = { sessionId: req.consoleSessionId!, userId: req.actor.id!, kind: 'console' as const };
    await auth.reauthenticate(ctx, org, session, { password: req.body.password, method: req.body.method, code: req.body.code, ...requestMeta(req) });
    return reply.status(204).send(null);
  });

  app.post('/auth/logout', {
    schema: { operationId: 'auth.logout', tags, summary: 'End the console session', response: { 204: Type.Null(), ...problems() } },
  }, async (req, reply) => {
    if (req.consoleSessionId) await loginService.logout(ctx, req.actor, req.consoleSessionId);
    clearConsoleCookie(reply);
    return reply.status(204).send(null);
  });
};
