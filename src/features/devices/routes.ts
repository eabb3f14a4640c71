import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import { DateTime, NoContent, Nullable, Obj, OrgIdParams, problems, Slug, Uuid } from '../../http/schemas.js';
import type { Self } from '../sessions/service.js';
import { presentedDevice } from './cookies.js';
import * as devices from './service.js';

const Device = Obj({
  id: Type.String(),
  name: Type.String({ description: 'What the device is, read from its user agent, e.g. "Firefox on Linux"' }),
  firstSeenAt: DateTime,
  lastSeenAt: DateTime,
  lastIp: Nullable(Type.String()),
  current: Type.Boolean({ description: 'Whether it is the browser making the request' }),
});
const limitFields = {
  limit: Nullable(Type.Integer({ description: 'The limit that applies: the user’s own, else the organization default; null = unlimited' })),
  userLimit: Nullable(Type.Integer({ description: 'The user’s own limit; null when the organization default applies' })),
  organizationDefault: Nullable(Type.Integer({ description: 'The organization default (settings devices.defaultLimit); null = unlimited' })),
};
const DeviceLimit = Obj(limitFields);
const Devices = Obj({ items: Type.Array(Device), ...limitFields });
const DeviceParams = Obj({ org: Slug, id: Uuid, deviceId: Uuid });
const SetDeviceLimit = Obj({
  limit: Nullable(Type.Integer({ minimum: 1, maximum: 1000, description: 'How many remembered devices the user may sign in from; null resets to the organization default' })),
});

const selfOf = (req: FastifyRequest): Self => ({ actor: req.actor, organizationId: req.actor.organizationId!, userId: req.actor.id!, sessionId: req.consoleSessionId! });

export const deviceRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['devices'];
  app.get('/organizations/:org/users/:id/devices', {
    schema: { operationId: 'devices.list', tags, summary: "A user's remembered devices and the device limit that applies", params: OrgIdParams, response: { 200: Devices, ...problems() } },
  }, async (req) => devices.listOfUser(ctx, req.actor, req.params.org, req.params.id, presentedDevice(ctx, req)));

  app.delete('/organizations/:org/users/:id/devices/:deviceId', {
    schema: {
      operationId: 'devices.forget',
      tags,
      summary: 'Forget a device of a user: its sessions end and it no longer counts toward the limit (helpdesk and up)',
      params: DeviceParams,
      response: { 204: NoContent, ...problems() },
    },
  }, async (req, reply) => {
    await devices.forgetOfUser(ctx, req.actor, req.params.org, req.params.id, req.params.deviceId);
    return reply.status(204).send(null);
  });

  app.post('/organizations/:org/users/:id/device-limit', {
    schema: {
      operationId: 'users.deviceLimit.set',
      tags: ['users', ...tags],
      summary: "Set a user's device limit, or reset it to the organization default with null",
      params: OrgIdParams,
      body: SetDeviceLimit,
      response: { 200: DeviceLimit, ...problems(409) },
    },
  }, async (req) => devices.setLimitOfUser(ctx, req.actor, req.params.org, req.params.id, req.body.limit));

  const self = { selfService: true };
  // Ending sessions and forgetting devices need a recent authentication (the step-up guard in http/admin-auth).
  const stepUp = { selfService: true, recentAuthentication: true };
  app.get('/me/devices', {
    config: self,
    schema: { operationId: 'me.devices.list', tags, summary: 'Your remembered devices and your device limit', response: { 200: Devices, ...problems() } },
  }, async (req) => devices.listOwn(ctx, selfOf(req), presentedDevice(ctx, req)));

  app.delete('/me/devices/:id', {
    config: stepUp,
    schema: { operationId: 'me.devices.forget', tags, summary: 'Forget one of your devices (its sessions end)', params: Obj({ id: Uuid }), response: { 204: NoContent, ...problems() } },
  }, async (req, reply) => {
    await devices.forgetOwn(ctx, selfOf(req), req.params.id);
    return reply.status(204).send(null);
  });
};
