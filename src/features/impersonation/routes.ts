import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, Nullable, Obj, OrgIdParams, problems, Slug, Uuid } from '../../http/schemas.js';
import * as impersonation from './service.js';

const Impersonation = Obj({
  id: Type.String(),
  adminId: Type.String({ description: 'The administrator who impersonates' }),
  adminLabel: Type.String(),
  reason: Type.String(),
  ticket: Nullable(Type.String()),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  endsAt: Nullable(DateTime),
  stoppedAt: Nullable(DateTime),
  stoppedBy: Nullable(Type.Union([Type.Literal('admin'), Type.Literal('impersonation'), Type.Literal('expired'), Type.Literal('signed_out')], { description: 'How it ended' })),
  state: Type.Union([Type.Literal('link_pending'), Type.Literal('link_expired'), Type.Literal('active'), Type.Literal('ended')]),
});
const Started = Obj({
  id: Type.String(),
  url: Type.String({ description: 'One-time link (single use, valid for two minutes) that opens the account pages as the user; open it in a separate tab' }),
  expiresAt: DateTime,
});
const StartBody = Obj({
  reason: Type.String({ minLength: 1, maxLength: 500, description: 'Why you act as the user (required, audited, told to the user)' }),
  ticket: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'A support ticket reference' }))),
});
const StopParams = Obj({ org: Slug, id: Uuid, impersonationId: Uuid });

export const impersonationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['impersonation'];
  app.post('/organizations/:org/users/:id/impersonation', {
    schema: {
      operationId: 'impersonation.start',
      tags,
      summary: 'Start impersonating a user of lower privilege (org and platform admins): answers a one-time link to open in a new tab',
      params: OrgIdParams,
      body: StartBody,
      response: { 201: Started, ...problems(409) },
    },
  }, async (req, reply) => reply.status(201).send(await impersonation.start(ctx, req.actor, req.params.org, req.params.id, req.body)));

  app.get('/organizations/:org/users/:id/impersonations', {
    schema: { operationId: 'impersonation.list', tags, summary: "A user's impersonations, active and past, newest first", params: OrgIdParams, response: { 200: Obj({ items: Type.Array(Impersonation) }), ...problems() } },
  }, async (req) => ({ items: await impersonation.listOfUser(ctx, req.actor, req.params.org, req.params.id) }));

  app.post('/organizations/:org/users/:id/impersonations/:impersonationId/stop', {
    schema: {
      operationId: 'impersonation.stop',
      tags,
      summary: "Stop an impersonation: its session ends (the administrator's own sessions stay)",
      params: StopParams,
      response: { 200: Impersonation, ...problems() },
    },
  }, async (req) => impersonation.stop(ctx, req.actor, req.params.org, req.params.id, req.params.impersonationId));
};
