import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { NoContent, Obj, OrgIdParams, OrgParams, Page, problems } from '../../http/schemas.js';
import { Group, GroupName, Member, MemberParams, MembersQuery, UserGroup } from './schemas.js';
import * as groups from './service.js';

const tags = ['groups'];

export const groupRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/groups', {
    schema: { operationId: 'groups.list', tags, summary: 'List groups by name, with their member counts', params: OrgParams, response: { 200: Obj({ items: Type.Array(Group) }), ...problems() } },
  }, async (req) => ({ items: await groups.list(ctx, req.actor, req.params.org) }));

  app.post('/organizations/:org/groups', {
    schema: { operationId: 'groups.create', tags, summary: 'Create a group', params: OrgParams, body: GroupName, response: { 201: Group, ...problems(409) } },
  }, async (req, reply) => reply.status(201).send(await groups.create(ctx, req.actor, req.params.org, req.body.name)));

  app.get('/organizations/:org/groups/:id', {
    schema: { operationId: 'groups.get', tags, summary: 'Get a group', params: OrgIdParams, response: { 200: Group, ...problems() } },
  }, async (req) => groups.get(ctx, req.actor, req.params.org, req.params.id));

  app.patch('/organizations/:org/groups/:id', {
    schema: { operationId: 'groups.rename', tags, summary: 'Rename a group', params: OrgIdParams, body: GroupName, response: { 200: Group, ...problems(409) } },
  }, async (req) => groups.rename(ctx, req.actor, req.params.org, req.params.id, req.body.name));

  app.delete('/organizations/:org/groups/:id', {
    schema: { operationId: 'groups.delete', tags, summary: 'Delete a group and its memberships (the users stay)', params: OrgIdParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await groups.remove(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/organizations/:org/groups/:id/members', {
    schema: { operationId: 'groups.members.list', tags, summary: 'List the members of a group by username', params: OrgIdParams, querystring: MembersQuery, response: { 200: Page(Member), ...problems() } },
  }, async (req) => groups.members(ctx, req.actor, req.params.org, req.params.id, { limit: req.query.limit ?? 50, cursor: req.query.cursor }));

  app.put('/organizations/:org/groups/:id/members/:userId', {
    schema: { operationId: 'groups.members.add', tags, summary: 'Add a user to a group; adding a member again changes nothing', params: MemberParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await groups.addMember(ctx, req.actor, req.params.org, req.params.id, req.params.userId);
    return reply.status(204).send(null);
  });

  app.delete('/organizations/:org/groups/:id/members/:userId', {
    schema: { operationId: 'groups.members.remove', tags, summary: 'Remove a user from a group; removing a non-member changes nothing', params: MemberParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await groups.removeMember(ctx, req.actor, req.params.org, req.params.id, req.params.userId);
    return reply.status(204).send(null);
  });

  app.get('/organizations/:org/users/:id/groups', {
    schema: { operationId: 'users.groups.list', tags, summary: 'List the groups a user belongs to', params: OrgIdParams, response: { 200: Obj({ items: Type.Array(UserGroup) }), ...problems() } },
  }, async (req) => ({ items: await groups.ofUser(ctx, req.actor, req.params.org, req.params.id) }));
};
