import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../../context.js';
import { OrgParams, problems } from '../../http/schemas.js';
import { CreateOrganization, Organization, OrganizationList, UpdateOrganization } from './schemas.js';
import * as organizations from './service.js';

const tags = ['organizations'];

export const organizationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations', {
    schema: { operationId: 'organizations.list', tags, summary: 'List organizations you can see', response: { 200: OrganizationList, ...problems() } },
  }, async (req) => ({ items: await organizations.list(ctx, req.actor) }));

  app.post('/organizations', {
    schema: { operationId: 'organizations.create', tags, summary: 'Create an organization (platform admin)', body: CreateOrganization, response: { 201: Organization, ...problems(409) } },
  }, async (req, reply) => reply.status(201).send(await organizations.create(ctx, req.actor, req.body)));

  app.get('/organizations/:org', {
    schema: { operationId: 'organizations.get', tags, summary: 'Get an organization with its effective settings', params: OrgParams, response: { 200: Organization, ...problems() } },
  }, async (req) => organizations.present(await organizations.resolve(ctx, req.actor, req.params.org)));

  app.patch('/organizations/:org', {
    schema: { operationId: 'organizations.update', tags, summary: 'Rename an organization or change its settings', params: OrgParams, body: UpdateOrganization, response: { 200: Organization, ...problems() } },
  }, async (req) => organizations.update(ctx, req.actor, req.params.org, req.body));
};

