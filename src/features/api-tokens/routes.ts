import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, Nullable, Obj, OrgIdParams, OrgParams, problems } from '../../http/schemas.js';
import * as organizations from '../organizations/service.js';
import * as apiTokens from './service.js';
import { validDate } from '../audit/routes.js';

const TokenPrivilege = Type.Union([Type.Literal('platform_admin'), Type.Literal('org_admin'), Type.Literal('helpdesk')]);
const ApiToken = Obj({
  id: Type.String(),
  name: Type.String(),
  privilege: TokenPrivilege,
  prefix: Type.String({ description: 'First characters of the token, to recognise it' }),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  expiresAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});
const NewApiToken = Obj({ ...ApiToken.properties, token: Type.String({ description: 'The secret: shown only in this response' }) });

const present = (t: Awaited<ReturnType<typeof apiTokens.list>>[number]) => ({
  id: t.id,
  name: t.name,
  privilege: t.privilege,
  prefix: t.prefix,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  expiresAt: t.expires_at,
  revokedAt: t.revoked_at,
});

export const apiTokenRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['api-tokens'];
  app.get('/organizations/:org/api-tokens', {
    schema: { operationId: 'apiTokens.list', tags, summary: 'List API tokens (never their secrets)', params: OrgParams, response: { 200: Obj({ items: Type.Array(ApiToken) }), ...problems() } },
  }, async (req) => {
    const org = await organizations.resolve(ctx, req.actor, req.params.org, 'api_tokens.manage');
    return { items: (await apiTokens.list(ctx, req.actor, org.id)).map(present) };
  });

  app.post('/organizations/:org/api-tokens', {
    config: { idempotent: true },
    schema: {
      operationId: 'apiTokens.create',
      tags,
      summary: 'Create an API token; the secret is in this response only',
      params: OrgParams,
      body: Obj({ name: Type.String({ minLength: 1, maxLength: 200 }), privilege: Type.Optional(TokenPrivilege), expiresAt: Type.Optional(DateTime) }),
      response: { 201: NewApiToken, ...problems() },
    },
  }, async (req, reply) => {
    const org = await organizations.resolve(ctx, req.actor, req.params.org, 'api_tokens.manage');
    const created = await apiTokens.create(ctx, req.actor, org.id, {
      name: req.body.name,
      privilege: req.body.privilege ?? 'org_admin',
      expiresAt: req.body.expiresAt ? validDate(req.body.expiresAt) : undefined,
    });
    return reply.status(201).send({ ...present(created), token: created.token });
  });

  app.delete('/organizations/:org/api-tokens/:id', {
    schema: { operationId: 'apiTokens.revoke', tags, summary: 'Revoke an API token at once', params: OrgIdParams, response: { 200: ApiToken, ...problems() } },
  }, async (req) => {
    const org = await organizations.resolve(ctx, req.actor, req.params.org, 'api_tokens.manage');
    return present(await apiTokens.revoke(ctx, req.actor, org.id, req.params.id));
  });
};
