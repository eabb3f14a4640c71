import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { requestMeta } from '../../http/request-meta.js';
import { DateTime, NoContent, Nullable, NullableString, Obj, OrgIdParams, OrgParams, problems } from '../../http/schemas.js';
import * as pinCodes from './service.js';

const tags = ['pin-codes'];

const PinCode = Obj({
  holderId: Type.String(),
  pin: Type.Optional(Type.String({ description: 'The PIN: only for organization administrators and above (never a helpdesk)' })),
  quota: Nullable(Type.Integer({ description: 'Users the PIN may create in all; null = no limit' })),
  used: Type.Integer({ description: 'Users the PIN has created (kept when it is regenerated)' }),
  expiresAt: Nullable(DateTime),
  expired: Type.Boolean(),
  createdAt: DateTime,
  regeneratedAt: DateTime,
  signUpUrl: Type.String({ description: 'The sign-up page the holder uses' }),
});
const CreatedUser = Obj({ id: Type.String(), username: Type.String(), email: Nullable(Type.String()), status: Type.String(), createdAt: DateTime });
const Assign = Obj({
  quota: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 1_000_000 }), Type.Null()], { description: 'Users the PIN may create in all (null = no limit); omitted keeps the current quota' })),
  expiresAt: Type.Optional(NullableString({ format: 'date-time', description: 'After this instant the PIN is refused (null = never); omitted keeps the current expiry' })),
  regenerate: Type.Optional(Type.Boolean({ default: true, description: 'false: change quota or expiry only and keep the PIN' })),
});
const SignUp = Obj({
  pin: Type.String({ minLength: 1, maxLength: 64 }),
  email: Type.String({ format: 'email', maxLength: 254, description: 'The new user’s email: the temporary password is sent there' }),
  username: Type.String({ minLength: 1, maxLength: 100, description: 'Letters, digits and . _ @ + -' }),
});

export const pinCodeRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/users/:id/pin-code', {
    schema: {
      operationId: 'pinCodes.get',
      tags,
      summary: "A user's sign-up PIN, its quota and the users it created",
      params: OrgIdParams,
      response: { 200: Obj({ ...PinCode.properties, createdUsers: Type.Array(CreatedUser) }), ...problems() },
    },
  }, async (req) => pinCodes.get(ctx, req.actor, req.params.org, req.params.id));

  app.post('/organizations/:org/users/:id/pin-code', {
    schema: {
      operationId: 'pinCodes.assign',
      tags,
      summary: 'Give a user a random sign-up PIN, or a new one (the count of users created is kept); the user becomes a pin_holder',
      description: 'Organization administrators and above only: the answer carries the PIN.',
      params: OrgIdParams,
      body: Assign,
      response: { 200: PinCode, ...problems(409) },
    },
  }, async (req) => pinCodes.assign(ctx, req.actor, req.params.org, req.params.id, req.body));

  app.delete('/organizations/:org/users/:id/pin-code', {
    schema: { operationId: 'pinCodes.revoke', tags, summary: 'Take the PIN away: it stops working at once; created users stay', params: OrgIdParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await pinCodes.revoke(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/organizations/:org/users/:id/pin-code/email', {
    schema: {
      operationId: 'pinCodes.email',
      tags,
      summary: 'Email the PIN (template pincode) to its holder or to another address',
      description: 'To another address: organization administrators and above only.',
      params: OrgIdParams,
      body: Obj({ to: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: 'Another recipient; omitted: the holder’s own email' })) }),
      response: { 200: Obj({ to: Type.String(), messageId: Type.String() }), ...problems(409) },
    },
  }, async (req) => pinCodes.email(ctx, req.actor, req.params.org, req.params.id, req.body));

  app.post('/organizations/:org/pin-sign-ups', {
    config: { public: true },
    schema: {
      operationId: 'pinCodes.signUp',
      tags,
      security: [],
      summary: 'A PIN holder creates a user in their likeness (for clients other than the sign-in page)',
      description:
        'No credentials besides the PIN. Refused with pin_code.sign_up_off when the organization has PIN sign-up off, and with pin_code.web_only when it allows the sign-in page only. A wrong or expired PIN is pin_code.invalid and counts against the client address; too many give auth.throttled.',
      params: OrgParams,
      body: SignUp,
      response: {
        201: Obj({ username: Type.String(), email: Type.String(), createdAt: DateTime, pin: Obj({ used: Type.Integer(), quota: Nullable(Type.Integer()) }) }),
        ...problems(409, 429),
      },
    },
  }, async (req, reply) => reply.status(201).send(await pinCodes.signUp(ctx, req.params.org, 'api', { ...req.body, ...requestMeta(req) })));
};
