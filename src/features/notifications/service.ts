import type { Actor, Context, Tx } from '../../context.js';
import type { OutboxMessageRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { htmlViews, textViews } from '../../views/engine.js';
import { authorize } from '../organizations/access.js';
import * as q from './queries.js';

export type EmailKind = 'invitation_link' | 'invitation_otp' | 'invitation_reminder' | 'account_activated';
export type SmsKind = 'invitation_sms';

export interface EmailRequest {
  organizationId: string;
  kind: EmailKind;
  to: string;
  userId?: string;
  invitationId?: string;
  vars: Record<string, unknown>;
}

/**
 * Renders the message now and stores it in the outbox inside the caller's transaction: it
 * is sent if and only if the action that caused it commits.
 */
export async function enqueueEmail(tx: Tx, req: EmailRequest): Promise<string> {
  const dir = `emails/${req.kind}`;
  const [subject, text, html] = await Promise.all([
    textViews.renderFile(`${dir}/subject`, req.vars),
    textViews.renderFile(`${dir}/text`, req.vars),
    htmlViews.renderFile(`${dir}/html`, req.vars),
  ]);
  return q.insertMessage(tx, {
    organization_id: req.organizationId,
    user_id: req.userId ?? null,
    invitation_id: req.invitationId ?? null,
    channel: 'email',
    kind: req.kind,
    recipient: req.to,
    subject: subject.trim(),
    text_body: text,
    html_body: html,
  });
}

export interface SmsRequest {
  organizationId: string;
  kind: SmsKind;
  /** E.164 number. */
  to: string;
  userId?: string;
  invitationId?: string;
  vars: Record<string, unknown>;
}

/** Like enqueueEmail, for a text message. */
export async function enqueueSms(tx: Tx, req: SmsRequest): Promise<string> {
  const text = await textViews.renderFile(`sms/${req.kind}/text`, req.vars);
  return q.insertMessage(tx, {
    organization_id: req.organizationId,
    user_id: req.userId ?? null,
    invitation_id: req.invitationId ?? null,
    channel: 'sms',
    kind: req.kind,
    recipient: req.to,
    subject: null,
    text_body: text.trim(),
    html_body: null,
  });
}

export async function list(ctx: Context, actor: Actor, organizationId: string, opts: { limit: number; cursor?: string; state?: string }) {
  authorize(actor, organizationId, 'outbox.read');
  const before = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  const rows = await q.listMessages(ctx.db, organizationId, opts.limit + 1, before, opts.state);
  const items = rows.slice(0, opts.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > opts.limit && last ? encodeCursor(last) : null };
}

export async function get(ctx: Context, actor: Actor, organizationId: string, id: string): Promise<OutboxMessageRow> {
  authorize(actor, organizationId, 'outbox.read');
  const row = await q.findMessage(ctx.db, organizationId, id);
  if (!row) throw new AppError('outbox.message_not_found');
  return row;
}

export const deliveryOfInvitation = (ctx: Context, organizationId: string, invitationId: string) =>
  q.latestForInvitation(ctx.db, organizationId, invitationId);

const encodeCursor = (m: OutboxMessageRow) => Buffer.from(`${m.created_at.toISOString()}|${m.id}`).toString('base64url');
function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new AppError('request.invalid', 'Bad cursor');
  return { createdAt, id };
}
