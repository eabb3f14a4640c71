import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import type { Actor } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import type { AuditEventRow } from '../../db/types.js';
import { DateTime, Nullable, Obj, OrgParams, Page, PageQuery, problems, Slug, Uuid } from '../../http/schemas.js';
import * as organizations from '../organizations/service.js';
import * as audit from './service.js';

const AuditEvent = Obj({
  id: Type.String(),
  occurredAt: DateTime,
  action: Type.String(),
  actor: Obj({ type: Type.String(), id: Nullable(Type.String()), label: Nullable(Type.String()) }),
  impersonatorId: Nullable(Type.String()),
  target: Nullable(Obj({ type: Type.String(), id: Nullable(Type.String()) })),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const filters = {
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action (user.created) or a prefix (user)' })),
  actorId: Type.Optional(Uuid),
  targetId: Type.Optional(Uuid),
  since: Type.Optional(DateTime),
  until: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  cursor: PageQuery.cursor,
};

/** JSON Schema's date-time admits leap seconds that Date can't hold. */
export function validDate(value: string | Date): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new AppError('request.invalid', `Not a usable date: ${String(value)}`);
  return d;
}

const present = (e: AuditEventRow) => ({
  id: e.id,
  occurredAt: e.occurred_at,
  action: e.action,
  actor: { type: e.actor_type, id: e.actor_id, label: e.actor_label },
  impersonatorId: e.impersonator_id,
  target: e.target_type ? { type: e.target_type, id: e.target_id } : null,
  ip: e.ip,
  userAgent: e.user_agent,
  data: e.data,
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  type Query = { action?: string; actorId?: string; targetId?: string; since?: string | Date; until?: string | Date; limit?: number; cursor?: string };
  const search = async (actor: Actor, organizationId: string, q: Query) => {
    const page = await audit.list(ctx, actor, {
      organizationId,
      action: q.action,
      actorId: q.actorId,
      targetId: q.targetId,
      since: q.since ? validDate(q.since) : undefined,
      until: q.until ? validDate(q.until) : undefined,
      cursor: q.cursor,
      limit: q.limit ?? 100,
    });
    return { items: page.items.map(present), nextCursor: page.nextCursor };
  };

  app.get('/organizations/:org/audit-events', {
    schema: { operationId: 'auditEvents.list', tags: ['audit'], summary: 'Search the audit log, newest first', params: OrgParams, querystring: Obj(filters), response: { 200: Page(AuditEvent), ...problems() } },
  }, async (req) => search(req.actor, (await organizations.resolve(ctx, req.actor, req.params.org, 'audit.read')).id, req.query));

  app.get('/audit-events', {
    schema: {
      operationId: 'auditEvents.search',
      tags: ['audit'],
      summary: "Search the audit log of your organization (platform admins name one with `organization`)",
      querystring: Obj({ ...filters, organization: Type.Optional(Slug) }),
      response: { 200: Page(AuditEvent), ...problems() },
    },
  }, async (req) => {
    const { organization, ...q } = req.query;
    if (organization) return search(req.actor, (await organizations.resolve(ctx, req.actor, organization, 'audit.read')).id, q);
    if (!req.actor.organizationId) throw new AppError('request.invalid', 'Name the organization');
    return search(req.actor, req.actor.organizationId, q);
  });
};
