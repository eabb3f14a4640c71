import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, Nullable, Obj, OrgIdParams, OrgParams, problems } from '../../http/schemas.js';
import * as temporaryPasswords from './service.js';

const Reset = Obj({
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'A password the admin chose. Exactly one of password and generate.' })),
  generate: Type.Optional(Type.Boolean({ description: 'Generate a random password (recommended): 20 symbols from a 31-symbol alphabet without look-alikes, about 99 bits, returned once as password. Exactly one of password and generate.' })),
  confirm: Type.Optional(Type.String({ maxLength: 1024, description: 'When sent, must equal password (not with generate)' })),
  temporary: Type.Optional(Type.Boolean({ default: true, description: 'Must be changed at the next sign-in, and expires (default true)' })),
  shareLink: Type.Optional(Type.Boolean({ description: 'Also return a one-time link that shows the password once (24 h)' })),
});

export const temporaryPasswordRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post('/organizations/:org/users/:id/password', {
    config: { idempotent: true },
    schema: {
      operationId: 'users.resetPassword',
      tags: ['users'],
      summary: "Reset a user's password (temporary by default)",
      description:
        'Refused unless the caller holds the user-management privilege over the user, the organization does not enforce SSO, and its user limit is not exceeded. Ends the user’s sessions and pending invitations.',
      params: OrgIdParams,
      body: Reset,
      response: {
        200: Obj({
          temporary: Type.Boolean(),
          expiresAt: Nullable(DateTime),
          viewUrl: Nullable(Type.String({ description: 'One-time link showing the password and an onboarding sheet' })),
          loginUrl: Type.String(),
          username: Type.String(),
          password: Type.Optional(Type.String({ description: 'Only with generate: the generated password. Shown this once; it cannot be read again.' })),
        }),
        ...problems(409),
      },
    },
  }, async (req) => temporaryPasswords.reset(ctx, req.actor, req.params.org, req.params.id, req.body));

  app.get('/organizations/:org/support', {
    schema: {
      operationId: 'support.get',
      tags: ['organizations'],
      summary: 'The server address users need for their first sign-in',
      params: OrgParams,
      response: {
        200: Obj({
          serverUrl: Type.String(),
          loginUrl: Type.String(),
          forgotPasswordUrl: Type.String(),
          organization: Obj({ slug: Type.String(), name: Type.String() }),
          qrCode: Type.String({ description: 'PNG data URL of a QR code of loginUrl' }),
        }),
        ...problems(),
      },
    },
  }, async (req) => temporaryPasswords.support(ctx, req.actor, req.params.org));
};
