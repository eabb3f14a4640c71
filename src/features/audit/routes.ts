import { Readable } from 'node:stream';
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
  impersonatorId: Nullable(Type.String({ description: 'The administrator who acted as the actor during an impersonation' })),
  impersonatorLabel: Nullable(Type.String({ description: "That administrator's name when the event happened" })),
  target: Nullable(Obj({ type: Type.String(), id: Nullable(Type.String()) })),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
});

const filters = {
  action: Type.Optional(Type.String({ maxLength: 100, description: 'Exact action (user.created) or a prefix: login.*, login. or login' })),
  actorId: Type.Optional({ ...Uuid, description: 'Events of this actor (user or API token id)' }),
  impersonatorId: Type.Optional({ ...Uuid, description: 'Events done by this administrator while impersonating someone' }),
  targetId: Type.Optional({ ...Uuid, description: 'Events done to this user, group or token' }),
  since: Type.Optional({ ...DateTime, description: 'Events at or after this instant' }),
  until: Type.Optional({ ...DateTime, description: 'Events before this instant' }),
};
const listFilters = {
  ...filters,
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
  impersonatorLabel: e.impersonator_label,
  target: e.target_type ? { type: e.target_type, id: e.target_id } : null,
  ip: e.ip,
  userAgent: e.user_agent,
  data: e.data,
});

type Filters = { action?: string; actorId?: string; impersonatorId?: string; targetId?: string; since?: string | Date; until?: string | Date };
const searchOf = (organizationId: string, q: Filters): audit.AuditSearch => ({
  organizationId,
  action: q.action,
  actorId: q.actorId,
  impersonatorId: q.impersonatorId,
  targetId: q.targetId,
  since: q.since ? validDate(q.since) : undefined,
  until: q.until ? validDate(q.until) : undefined,
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const search = async (actor: Actor, organizationId: string, q: Filters & { limit?: number; cursor?: string }) => {
    const page = await audit.list(ctx, actor, { ...searchOf(organizationId, q), cursor: q.cursor, limit: q.limit ?? 100 });
    return { items: page.items.map(present), nextCursor: page.nextCursor };
  };

  app.get('/organizations/:org/audit-events', {
    schema: { operationId: 'auditEvents.list', tags: ['audit'], summary: 'Search the audit log, newest first', params: OrgParams, querystring: Obj(listFilters), response: { 200: Page(AuditEvent), ...problems() } },
  }, async (req) => search(req.actor, (await organizations.resolve(ctx, req.actor, req.params.org, 'audit.read')).id, req.query));

  app.get('/organizations/:org/audit-events/export', {
    schema: {
      operationId: 'auditEvents.export',
      tags: ['audit'],
      summary: 'Export the audit log as JSON lines (one event per line, newest first), streamed; the same filters as the search',
      params: OrgParams,
      querystring: Obj(filters),
      produces: ['application/x-ndjson'],
      response: {
        // A stream is sent as it is, never serialized: the schema documents each line.
        200: Type.Unsafe<Readable>({ description: 'One event per line, as the search answers them', content: { 'application/x-ndjson': { schema: AuditEvent } } }),
        ...problems(),
      },
    },
  }, async (req, reply) => {
    const org = await organizations.resolve(ctx, req.actor, req.params.org, 'audit.read');
    const events = await audit.exportEvents(ctx, req.actor, searchOf(org.id, req.query));
    const lines = Readable.from(
      (async function* () {
        for await (const e of events) yield `${JSON.stringify(present(e))}\n`;
      })(),
    );
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return reply
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${org.slug}-${day}.jsonl"`)
      .send(lines);
  });

  app.get('/audit-events', {
    schema: {
      operationId: 'auditEvents.search',
      tags: ['audit'],
      summary: "Search the audit log of your organization (platform admins name one with `organization`)",
      querystring: Obj({ ...listFilters, organization: Type.Optional(Slug) }),
      response: { 200: Page(AuditEvent), ...problems() },
    },
  }, async (req) => {
    const { organization, ...q } = req.query;
    if (organization) return search(req.actor, (await organizations.resolve(ctx, req.actor, organization, 'audit.read')).id, q);
    if (!req.actor.organizationId) throw new AppError('request.invalid', 'Name the organization');
    return search(req.actor, req.actor.organizationId, q);
  });
};
