import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { NoContent, OrgParams, problems } from '../../http/schemas.js';
import { SsoSettings, SsoSettingsPatch } from './schemas.js';
import * as sso from './service.js';

const tags = ['organizations'];

/** An organization's upstream identity provider. The client secret goes in, never out. */
export const ssoRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/sso', {
    schema: { operationId: 'organizations.sso.get', tags, summary: "The organization's upstream OpenID Connect provider (never its client secret)", params: OrgParams, response: { 200: SsoSettings, ...problems() } },
  }, async (req) => sso.get(ctx, req.actor, req.params.org));

  app.patch('/organizations/:org/sso', {
    schema: {
      operationId: 'organizations.sso.update',
      tags,
      summary: 'Set the upstream OpenID Connect provider its users sign in with; fields left out keep their values. A new issuer is discovered before it is saved',
      params: OrgParams,
      body: SsoSettingsPatch,
      response: { 200: SsoSettings, ...problems() },
    },
  }, async (req) => sso.update(ctx, req.actor, req.params.org, req.body));

  app.delete('/organizations/:org/sso', {
    schema: { operationId: 'organizations.sso.delete', tags, summary: 'Remove the upstream provider (refused while SSO is enforced)', params: OrgParams, response: { 204: NoContent, ...problems(409) } },
  }, async (req, reply) => {
    await sso.remove(ctx, req.actor, req.params.org);
    return reply.status(204).send(null);
  });
};
