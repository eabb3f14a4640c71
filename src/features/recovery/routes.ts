import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, Literals, Obj, OrgIdParams, problems } from '../../http/schemas.js';
import * as recovery from './service.js';

const PasswordResetSent = Obj({
  requestId: Type.String(),
  userId: Type.String(),
  channel: Literals(['email_link', 'email_code', 'sms_code'] as const),
  codeRequired: Type.Boolean({ description: 'The email holds a code the page of the link asks for (require code to reset).' }),
  expiresAt: DateTime,
});

export const recoveryRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post('/organizations/:org/users/:id/password-reset', {
    config: { idempotent: true },
    schema: {
      operationId: 'users.passwordReset.send',
      tags: ['users'],
      summary: "Send the user a password reset by the organization's reset options (email link, with a code when required; else an SMS code to the verified recovery phone). Earlier resets of the user stop working",
      params: OrgIdParams,
      response: { 201: PasswordResetSent, ...problems(409) },
    },
  }, async (req, reply) => reply.status(201).send(await recovery.sendByAdmin(ctx, req.actor, req.params.org, req.params.id)));
};
