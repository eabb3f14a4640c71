import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { NoContent, Obj, OrgIdParams, OrgParams, Page, problems } from '../../http/schemas.js';
import { CreateUser, ListUsersQuery, PasswordExpiry, UpdateUser, User } from './schemas.js';
import * as users from './service.js';
import { removeIdentity } from './identity.js';
import * as login from '../login/service.js';

const tags = ['users'];

export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const withLockout = async <U extends users.User>(u: U) => (await login.withLockouts(ctx, [u]))[0]!;
  app.get('/organizations/:org/users', {
    schema: { operationId: 'users.list', tags, summary: 'List and search users', params: OrgParams, querystring: ListUsersQuery, response: { 200: Page(User), ...problems() } },
  }, async (req) => {
    const page = await users.list(ctx, req.actor, req.params.org, { ...req.query, limit: req.query.limit ?? 50 });
    return { ...page, items: await login.withLockouts(ctx, page.items) };
  });

  app.post('/organizations/:org/users', {
    config: { idempotent: true },
    schema: {
      operationId: 'users.create',
      tags,
      summary: 'Create a user, optionally inviting them to set their own password',
      params: OrgParams,
      body: CreateUser,
      response: { 201: User, ...problems(409) },
    },
  }, async (req, reply) => {
    // A new account has no failures yet; reading the throttle after the commit could only
    // turn a created user into an error answer.
    const created = await users.create(ctx, req.actor, req.params.org, req.body);
    return reply.status(201).send({ ...created, lockout: null });
  });

  app.get('/organizations/:org/users/:id', {
    schema: { operationId: 'users.get', tags, summary: 'Get a user with their latest invitation', params: OrgIdParams, response: { 200: User, ...problems() } },
  }, async (req) => withLockout(await users.get(ctx, req.actor, req.params.org, req.params.id)));

  app.patch('/organizations/:org/users/:id', {
    schema: { operationId: 'users.update', tags, summary: 'Edit a user', params: OrgIdParams, body: UpdateUser, response: { 200: User, ...problems(409) } },
  }, async (req) => withLockout(await users.update(ctx, req.actor, req.params.org, req.params.id, req.body)));

  app.delete('/organizations/:org/users/:id', {
    schema: { operationId: 'users.delete', tags, summary: 'Delete a user with their credentials and sessions', params: OrgIdParams, response: { 204: NoContent, ...problems(409) } },
  }, async (req, reply) => {
    await users.remove(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/organizations/:org/users/:id/disable', {
    schema: { operationId: 'users.disable', tags, summary: 'Disable a user and end their sessions', params: OrgIdParams, response: { 200: User, ...problems(409) } },
  }, async (req) => withLockout(await users.setDisabled(ctx, req.actor, req.params.org, req.params.id, true)));

  app.post('/organizations/:org/users/:id/enable', {
    schema: { operationId: 'users.enable', tags, summary: 'Enable a disabled user', params: OrgIdParams, response: { 200: User, ...problems(409) } },
  }, async (req) => withLockout(await users.setDisabled(ctx, req.actor, req.params.org, req.params.id, false)));

  app.post('/organizations/:org/users/:id/identity/remove', {
    schema: {
      operationId: 'users.identity.remove',
      tags,
      summary: 'Remove user identity: delete the password and every factor (authenticator, backup codes, recovery phone, PIN); the user is pending like a new invitee and can be invited again; sessions end',
      params: OrgIdParams,
      response: {
        200: Obj({
          user: User,
          removed: Obj({
            password: Type.Boolean(),
            factors: Type.Integer({ description: 'Second factors deleted (authenticator apps, SMS)' }),
            backupCodes: Type.Integer(),
            recoveryPhone: Type.Boolean(),
            pinCode: Type.Boolean(),
            resetRequests: Type.Integer({ description: 'Pending password resets (links, codes, helpdesk codes) revoked' }),
            sessions: Type.Boolean({ description: 'Every session and paused sign-in ended' }),
          }),
        }),
        ...problems(409),
      },
    },
  }, async (req) => {
    const done = await removeIdentity(ctx, req.actor, req.params.org, req.params.id);
    return { ...done, user: await withLockout(done.user) };
  });

  app.put('/organizations/:org/users/:id/password-expiry', {
    schema: {
      operationId: 'users.passwordExpiry.set',
      tags,
      summary: 'Set (or clear) the date after which the password no longer signs in; the user is emailed the date and the steps',
      params: OrgIdParams,
      body: PasswordExpiry,
      response: { 200: User, ...problems() },
    },
  }, async (req) => withLockout(await users.setPasswordExpiry(ctx, req.actor, req.params.org, req.params.id, req.body.expiresAt === null ? null : new Date(req.body.expiresAt))));

  app.post('/organizations/:org/users/:id/unlock', {
    schema: {
      operationId: 'users.unlock',
      tags,
      summary: 'Clear sign-in lockouts of a user (temporary lockout and failure cap); idempotent',
      params: OrgIdParams,
      response: { 200: Obj({ unlocked: Type.Boolean({ description: 'Whether the user was locked out before this call' }) }), ...problems() },
    },
  }, async (req) => login.unlock(ctx, req.actor, req.params.org, req.params.id));
};
