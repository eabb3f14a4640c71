import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { OrgIdParams, problems } from '../../http/schemas.js';
import { Invitation, ResendInvitation } from '../users/schemas.js';
import * as invitations from './service.js';

export const invitationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post('/organizations/:org/users/:id/invitations', {
    schema: {
      tags: ['invitations'],
      summary: 'Send (or resend) an invitation; earlier links of the user stop working',
      params: OrgIdParams,
      body: ResendInvitation,
      response: { 201: Invitation, ...problems(409) },
    },
  }, async (req, reply) => reply.status(201).send(await invitations.resend(ctx, req.actor, req.params.org, req.params.id, req.body?.method)));
};
