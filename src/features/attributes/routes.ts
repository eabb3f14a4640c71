import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, Literals, NoContent, Obj, OrgIdParams, OrgParams, problems } from '../../http/schemas.js';
import * as attributes from './service.js';

const tags = ['attributes'];
const AttributeType = Literals(['string', 'number', 'boolean', 'date'], { description: 'string, number, boolean, or date (YYYY-MM-DD)' });
const flags = {
  required: Type.Optional(Type.Boolean({ description: 'Users created by an admin must carry it (default false)' })),
  inheritable: Type.Optional(Type.Boolean({ description: 'Users created with a PIN receive the holder’s value (default false)' })),
};
const Attribute = Obj({
  id: Type.String(),
  name: Type.String(),
  type: AttributeType,
  required: Type.Boolean(),
  inheritable: Type.Boolean(),
  createdAt: DateTime,
  updatedAt: DateTime,
});
const Define = Obj({
  name: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{0,99}$', description: 'A letter, then letters, digits, _ . - (at most 100)' }),
  type: AttributeType,
  ...flags,
});
const Update = Obj({ type: Type.Optional(AttributeType), ...flags });

export const attributeRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/attributes', {
    schema: { operationId: 'attributes.list', tags, summary: 'The custom attribute schema of the organization', params: OrgParams, response: { 200: Obj({ items: Type.Array(Attribute) }), ...problems() } },
  }, async (req) => ({ items: await attributes.list(ctx, req.actor, req.params.org) }));

  app.post('/organizations/:org/attributes', {
    schema: { operationId: 'attributes.define', tags, summary: 'Define a custom attribute', params: OrgParams, body: Define, response: { 201: Attribute, ...problems(409) } },
  }, async (req, reply) => reply.status(201).send(await attributes.define(ctx, req.actor, req.params.org, req.body)));

  app.patch('/organizations/:org/attributes/:id', {
    schema: { operationId: 'attributes.update', tags, summary: 'Change the type or flags of a custom attribute', params: OrgIdParams, body: Update, response: { 200: Attribute, ...problems() } },
  }, async (req) => attributes.update(ctx, req.actor, req.params.org, req.params.id, req.body));

  app.delete('/organizations/:org/attributes/:id', {
    schema: { operationId: 'attributes.delete', tags, summary: 'Remove a custom attribute from the schema', params: OrgIdParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await attributes.remove(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });
};
