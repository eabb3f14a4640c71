import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { NoContent, Obj, OrgIdParams, OrgParams, problems } from '../../http/schemas.js';
import { App, Assign, Assignment, AssignmentParams, CreateApp, UpdateApp, UserApp } from './schemas.js';
import * as apps from './service.js';

const tags = ['apps'];

/** The app registry and who is assigned which app. Privileges: see the top of service.ts. */
export const appRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/organizations/:org/apps', {
    schema: { operationId: 'apps.list', tags, summary: 'List the registered apps', params: OrgParams, response: { 200: Obj({ items: Type.Array(App) }), ...problems() } },
  }, async (req) => ({ items: await apps.list(ctx, req.actor, req.params.org) }));

  app.post('/organizations/:org/apps', {
    schema: { operationId: 'apps.create', tags, summary: 'Register an app (name, address, optional description and icon)', params: OrgParams, body: CreateApp, response: { 201: App, ...problems(409) } },
  }, async (req, reply) => reply.status(201).send(await apps.create(ctx, req.actor, req.params.org, req.body)));

  app.get('/organizations/:org/apps/:id', {
    schema: { operationId: 'apps.get', tags, summary: 'Get a registered app', params: OrgIdParams, response: { 200: App, ...problems() } },
  }, async (req) => apps.get(ctx, req.actor, req.params.org, req.params.id));

  app.patch('/organizations/:org/apps/:id', {
    schema: { operationId: 'apps.update', tags, summary: 'Edit a registered app', params: OrgIdParams, body: UpdateApp, response: { 200: App, ...problems(409) } },
  }, async (req) => apps.update(ctx, req.actor, req.params.org, req.params.id, req.body));

  app.delete('/organizations/:org/apps/:id', {
    schema: { operationId: 'apps.delete', tags, summary: 'Delete an app with its assignments and recorded uses', params: OrgIdParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await apps.remove(ctx, req.actor, req.params.org, req.params.id);
    return reply.status(204).send(null);
  });

  app.get('/organizations/:org/apps/:id/assignments', {
    schema: { operationId: 'apps.assignments.list', tags, summary: 'List the users and groups an app is assigned to', params: OrgIdParams, response: { 200: Obj({ items: Type.Array(Assignment) }), ...problems() } },
  }, async (req) => ({ items: await apps.listAssignments(ctx, req.actor, req.params.org, req.params.id) }));

  app.post('/organizations/:org/apps/:id/assignments', {
    schema: { operationId: 'apps.assign', tags, summary: 'Assign an app to users and/or groups; answers all of its assignments', params: OrgIdParams, body: Assign, response: { 200: Obj({ items: Type.Array(Assignment) }), ...problems() } },
  }, async (req) => ({ items: await apps.assign(ctx, req.actor, req.params.org, req.params.id, req.body) }));

  app.delete('/organizations/:org/apps/:id/assignments/:assignmentId', {
    schema: { operationId: 'apps.unassign', tags, summary: 'Remove one assignment of an app', params: AssignmentParams, response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await apps.unassign(ctx, req.actor, req.params.org, req.params.id, req.params.assignmentId);
    return reply.status(204).send(null);
  });

  app.get('/organizations/:org/users/:id/apps', {
    schema: {
      operationId: 'users.apps.list',
      tags,
      summary: "A user's associated apps: assigned directly, by a group (named), and used, with the last use",
      params: OrgIdParams,
      response: { 200: Obj({ items: Type.Array(UserApp) }), ...problems() },
    },
  }, async (req) => ({ items: await apps.forUser(ctx, req.actor, req.params.org, req.params.id) }));
};
