import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, NoContent, Nullable, Obj, OrgIdParams, problems, Slug, Uuid } from '../../http/schemas.js';
import * as sessions from './service.js';

const Session = Obj({
  id: Type.String(),
  kind: Type.Union([Type.Literal('account'), Type.Literal('console')], { description: 'account: the end-user pages; console: the admin console' }),
  device: Type.String({ description: 'What the client is, read from its user agent, e.g. "Firefox on Linux"' }),
  deviceId: Nullable(Type.String({ description: 'The remembered device the session was opened on (see devices.list)' })),
  ip: Nullable(Type.String()),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  expiresAt: DateTime,
  aal: Type.Integer({ minimum: 1, maximum: 2, description: 'Authenticator assurance level: 1 one factor, 2 two' }),
  methods: Type.Array(Type.String(), { description: 'How the session was opened (amr values, e.g. pwd)' }),
  current: Type.Boolean({ description: 'Whether this is the session making the request' }),
});
const Sessions = Obj({ items: Type.Array(Session) });
const Revoked = Obj({ revoked: Type.Integer({ description: 'How many sessions ended' }) });
const SessionParams = Obj({ org: Slug, id: Uuid, sessionId: Uuid });
const OwnSessionParams = Obj({ id: Uuid });

/** The signed-in person (a console session: the routes are selfService). */
const selfOf = (req: FastifyRequest): sessions.Self => ({ actor: req.actor, organizationId: req.actor.organizationId!, userId: req.actor.id!, sessionId: req.consoleSessionId! });

export const sessionRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['sessions'];
  app.get('/organizations/:org/users/:id/sessions', {
    schema: { operationId: 'sessions.list', tags, summary: "A user's active sessions (account pages and console), newest first", params: OrgIdParams, response: { 200: Sessions, ...problems() } },
  }, async (req) => ({ items: await sessions.listOfUser(ctx, req.actor, req.params.org, req.params.id, req.consoleSessionId) }));

  app.delete('/organizations/:org/users/:id/sessions/:sessionId', {
    schema: {
      operationId: 'sessions.revoke',
      tags,
      summary: 'End one session of a user; its next request is refused (helpdesk and up)',
      params: SessionParams,
      response: { 204: NoContent, ...problems() },
    },
  }, async (req, reply) => {
    await sessions.revokeOfUser(ctx, req.actor, req.params.org, req.params.id, req.params.sessionId);
    return reply.status(204).send(null);
  });

  app.delete('/organizations/:org/users/:id/sessions', {
    schema: { operationId: 'sessions.revokeAll', tags, summary: 'End every session of a user (helpdesk and up)', params: OrgIdParams, response: { 200: Revoked, ...problems() } },
  }, async (req) => sessions.revokeAllOfUser(ctx, req.actor, req.params.org, req.params.id));

  const self = { selfService: true };
  // Ending sessions and forgetting devices need a recent authentication (the step-up guard in http/admin-auth).
  const stepUp = { selfService: true, recentAuthentication: true };
  app.get('/me/sessions', {
    config: self,
    schema: { operationId: 'me.sessions.list', tags, summary: 'Your own active sessions', response: { 200: Sessions, ...problems() } },
  }, async (req) => ({ items: await sessions.listOwn(ctx, selfOf(req)) }));

  app.delete('/me/sessions/:id', {
    config: stepUp,
    schema: { operationId: 'me.sessions.revoke', tags, summary: 'End one of your sessions (the current one signs you out)', params: OwnSessionParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await sessions.revokeOwn(ctx, selfOf(req), req.params.id);
    return reply.status(204).send(null);
  });

  app.delete('/me/sessions', {
    config: stepUp,
    schema: { operationId: 'me.sessions.revokeOthers', tags, summary: 'Sign out everywhere else: every session but the current one ends', response: { 200: Revoked, ...problems() } },
  }, async (req) => sessions.revokeOwnOthers(ctx, selfOf(req)));
};
