import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../../context.js';
import type { OutboxMessageRow } from '../../db/types.js';
import { DateTime, Nullable, Obj, OrgIdParams, OrgParams, Page, PageQuery, problems } from '../../http/schemas.js';
import * as organizations from '../organizations/service.js';
import * as notifications from './service.js';

const Message = Obj({
  id: Type.String(),
  channel: Type.String(),
  kind: Type.String(),
  recipient: Type.String(),
  subject: Nullable(Type.String()),
  textBody: Type.String(),
  htmlBody: Nullable(Type.String()),
  state: Type.String(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  transport: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  createdAt: DateTime,
  sentAt: Nullable(DateTime),
});

const present = (m: OutboxMessageRow) => ({
  id: m.id,
  channel: m.channel,
  kind: m.kind,
  recipient: m.recipient,
  subject: m.subject,
  textBody: m.text_body,
  htmlBody: m.html_body,
  state: m.state,
  attempts: m.attempts,
  lastError: m.last_error,
  transport: m.transport,
  userId: m.user_id,
  createdAt: m.created_at,
  sentAt: m.sent_at,
});

export const outboxRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const tags = ['outbox'];
  app.get('/organizations/:org/outbox', {
    schema: {
      operationId: 'outbox.list',
      tags,
      summary: 'Messages of the organization, newest first, with their delivery state',
      params: OrgParams,
      querystring: Obj({ ...PageQuery, state: Type.Optional(Type.Union(['queued', 'sending', 'sent', 'failed'].map((s) => Type.Literal(s)))) }),
      response: { 200: Page(Message), ...problems() },
    },
  }, async (req) => {
    const org = await organizations.resolve(ctx, req.actor, req.params.org, 'outbox.read');
    const page = await notifications.list(ctx, req.actor, org.id, { limit: req.query.limit ?? 50, cursor: req.query.cursor, state: req.query.state });
    return { items: page.items.map(present), nextCursor: page.nextCursor };
  });

  app.get('/organizations/:org/outbox/:id', {
    schema: { operationId: 'outbox.get', tags, summary: 'One message with its bodies', params: OrgIdParams, response: { 200: Message, ...problems() } },
  }, async (req) => {
    const org = await organizations.resolve(ctx, req.actor, req.params.org, 'outbox.read');
    return present(await notifications.get(ctx, req.actor, org.id, req.params.id));
  });
};
