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

const IssueRecoveryCode = Obj({
  note: Type.String({ minLength: 3, maxLength: 500, description: 'How the caller\'s identity was verified (e.g. "called back on the number in HR records"); kept in the audit event' }),
});
const RecoveryCode = Obj({
  requestId: Type.String(),
  userId: Type.String(),
  code: Type.String({ description: 'Shown only in this answer: read it to the caller. Never stored in the clear, never shown again.' }),
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

  app.post('/organizations/:org/users/:id/recovery-codes', {
    schema: {
      operationId: 'recoveryCodes.issue',
      tags: ['users'],
      summary: 'Issue a helpdesk recovery code for a caller whose identity you verified (helpdesk and up, toward a lower privilege): one-time, valid HELPDESK_RECOVERY_CODE_MINUTES (15 by default), shown only in this answer. The user redeems it on the recovery pages with a new password; a second factor is reset for re-enrollment',
      params: OrgIdParams,
      body: IssueRecoveryCode,
      response: { 201: RecoveryCode, ...problems(409) },
    },
  }, async (req, reply) => reply.status(201).send(await recovery.issueRecoveryCode(ctx, req.actor, req.params.org, req.params.id, req.body)));
};
