import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { NoContent, OrgIdParams, OrgParams, problems } from '../../http/schemas.js';
import { OidcClient, RotatedKeys, UpdateOidcClient } from './schemas.js';
import * as oidc from './service.js';

const tags = ['apps'];

/** OpenID Connect client settings of registered apps, and the issuer's signing keys. Privileges: see the top of service.ts. */
export const oidcRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/apps/:id/oidc', {
    schema: { operationId: 'apps.oidc.get', tags, summary: "An app's OpenID Connect client settings", params: OrgIdParams, response: { 200: OidcClient, ...problems() } },
  }, async (req) => oidc.getClient(ctx, req.actor, req.params.org, req.params.id));

  app.put('/organizations/:org/apps/:id/oidc', {
    schema: {
      operationId: 'apps.oidc.update',
      tags,
      summary: 'Let an app sign people in through this server (OpenID Connect), or change its client settings; a new secret is answered once',
      params: OrgIdParams,
      body: UpdateOidcClient,
      response: { 200: OidcClient, ...problems() },
    },
  }, async (req) => oidc.updateClient(ctx, req.actor, req.params.org, req.params.id, req.body));

  app.delete('/organizations/:org/apps/:id/oidc', {
    schema: { operationId: 'apps.oidc.delete', tags, summary: 'Stop an app signing people in through this server', params: OrgIdParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await oidc.disableClient(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });

  app.post('/organizations/:org/apps/:id/secret', {
    schema: { operationId: 'apps.secret.rotate', tags, summary: "Replace a confidential app's client secret; the new one is answered once", params: OrgIdParams, response: { 200: OidcClient, ...problems(409) } },
  }, async (req) => oidc.rotateSecret(ctx, req.actor, req.params.org, req.params.id));

  app.post('/organizations/:org/oidc/keys/rotate', {
    schema: { operationId: 'oidc.keys.rotate', tags: ['organizations'], summary: "Rotate the issuer's signing keys: the published next key starts signing, the old one stays published for verification", params: OrgParams, response: { 200: RotatedKeys, ...problems() } },
  }, async (req) => oidc.rotateKeys(ctx, req.actor, req.params.org));
};
