import type { Context, Tx } from '../../context.js';
import type { OutboxMessageRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { cursorCodec } from '../../lib/cursor.js';
import type { EmailKind, SmsKind, VarsOf } from '../templates/catalog.js';
import * as templates from '../templates/render.js';
import { type Locale, recipientLocale } from '../../i18n/index.js';
import { type Actor, authorize, maySeeSecrets, privilegeRank } from '../../access/index.js';
import * as q from './queries.js';

export type { EmailKind, SmsKind } from '../templates/catalog.js';

/** What every message carries besides its bodies. */
interface MessageRequest {
  organizationId: string;
  to: string;
  userId?: string;
  invitationId?: string;
  vars: Record<string, unknown>;
  /** The message's language (BCP 47); by default the recipient user's locale, then the organization's default. */
  locale?: string | null;
  /** Values in the message that grant access (links, codes): masked wherever the message is shown. */
  secrets?: string[];
}

/** A request of one kind, its vars typed by the catalog (src/features/templates/catalog.ts). */
type Typed<K extends EmailKind | SmsKind> = Omit<MessageRequest, 'vars'> & { kind: K; vars: VarsOf<K> };

export type EmailRequest = { [K in EmailKind]: Typed<K> }[EmailKind];

/** Like EmailRequest; `to` is an E.164 number. */
export type SmsRequest = { [K in SmsKind]: Typed<K> }[SmsKind];

const MASK = '••••••';

/** The text with every secret masked, or null when there is nothing to mask. */
function redact(text: string | null, secrets: string[] | undefined): string | null {
  if (!text || !secrets?.length) return null;
  return secrets.reduce((masked, secret) => masked.split(secret).join(MASK), text);
}

/** The variables with every secret masked inside their text values (dates and numbers as they are). */
function maskVars(value: unknown, secrets: string[]): unknown {
  if (typeof value === 'string') return redact(value, secrets) ?? value;
  if (Array.isArray(value)) return value.map((v) => maskVars(v, secrets));
  if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskVars(v, secrets)]));
  return value;
}


/**
 * A message's row: its bodies, and for one that carries secrets the masked copy admins read.
 * Of an organization's own template the copy is rendered again from masked variables, not
 * made by searching the output for the secret: such a template may reshape a code
 * (`{{ code | split: "" | join: "-" }}`) where no search would find it. The built-in templates
 * write secrets as given, so for them (and over the re-rendered copy, for secrets a caller put
 * in the variables some other way) the search is enough, and a bulk send renders once.
 */
function row(req: MessageRequest & { kind: string }, channel: 'email' | 'sms', render: templates.Renderer) {
  const bodies = render(req.vars);
  const secrets = req.secrets?.length ? req.secrets : undefined;
  const masked = secrets && (render.own ? render(maskVars(req.vars, secrets) as object) : bodies);
  return {
    organization_id: req.organizationId,
    user_id: req.userId ?? null,
    invitation_id: req.invitationId ?? null,
    channel,
    kind: req.kind,
    recipient: req.to,
    subject: bodies.subject,
    text_body: bodies.text,
    html_body: bodies.html,
    redacted_subject: masked ? redact(masked.subject, secrets) : null,
    redacted_text_body: masked ? redact(masked.text, secrets) : null,
    redacted_html_body: masked ? redact(masked.html, secrets) : null,
  };
}

/**
 * The language of a message to a user of an organization: the user's chosen locale, then the
 * organization's default locale (a message has no browser to ask).
 */
export async function messageLocale(tx: Tx, organizationId: string, userId?: string): Promise<Locale> {
  const { userLocale, settings } = await q.localeSources(tx, organizationId, userId);
  return recipientLocale(userLocale, settings);
}

/**
 * How a message to its recipient is rendered: in their language, and from the organization's
 * own templates — except for an administrator. The organization's admins edit those templates,
 * and one that sent a reset code on to an outside address (an image URL with the code in it)
 * would hand an org admin another admin's account.
 */
async function rendererFor(tx: Tx, req: MessageRequest & { kind: EmailKind | SmsKind }): Promise<templates.Renderer> {
  const { userLocale, privilege, settings } = await q.localeSources(tx, req.organizationId, req.userId);
  const locale = req.locale ?? recipientLocale(userLocale, settings);
  const builtInOnly = privilegeRank[privilege ?? 'user'] >= privilegeRank.org_admin;
  return templates.prepare(tx, req.organizationId, req.kind, locale, { builtInOnly });
}

/**
 * Renders the message now and stores it in the outbox inside the caller's transaction: it
 * is sent if and only if the action that caused it commits.
 */
export async function enqueueEmail(tx: Tx, req: EmailRequest): Promise<string> {
  return q.insertMessage(tx, row(req, 'email', await rendererFor(tx, req)));
}

/** Like enqueueEmail, for a text message. */
export async function enqueueSms(tx: Tx, req: SmsRequest): Promise<string> {
  return q.insertMessage(tx, row(req, 'sms', await rendererFor(tx, req)));
}

/** A message to queue: an email or a text message. */
export type Queued = { channel: 'email'; request: EmailRequest } | { channel: 'sms'; request: SmsRequest };

/**
 * Like enqueueEmail and enqueueSms for many messages of one bulk action (an import): each
 * rendered, all stored in one statement in the caller's transaction, the workers woken once.
 * Delivery is paced by the workers as for any message.
 */
export async function enqueueMany(tx: Tx, messages: Queued[]): Promise<void> {
  // One renderer per organization, kind and locale: the template is resolved and parsed once.
  const renderers = new Map<string, ReturnType<typeof templates.prepare>>();
  // The users of a bulk action are new, with no locale of their own unless the caller gives
  // one: the organization's default, looked up once per organization, not once per message.
  const orgLocales = new Map<string, string>();
  const rows = [];
  for (const m of messages) {
    const { organizationId, kind } = m.request;
    let locale = m.request.locale ?? orgLocales.get(organizationId);
    if (!locale) {
      locale = await messageLocale(tx, organizationId);
      orgLocales.set(organizationId, locale);
    }
    const key = `${organizationId}:${kind}:${locale ?? ''}`;
    let renderer = renderers.get(key);
    if (!renderer) {
      renderer = templates.prepare(tx, organizationId, kind, locale);
      renderers.set(key, renderer);
    }
    rows.push(row(m.request, m.channel, await renderer));
  }
  await q.insertMessages(tx, rows);
}

export async function list(ctx: Context, actor: Actor, organizationId: string, opts: { limit: number; cursor?: string; state?: string }) {
  authorize(actor, organizationId, 'outbox.read');
  const before = opts.cursor ? fromCursor(opts.cursor) : undefined;
  const rows = await q.listMessages(ctx.db, organizationId, opts.limit + 1, before, opts.state);
  const items = await viewable(ctx, actor, organizationId, rows.slice(0, opts.limit));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > opts.limit && last ? pageCursor.encode([last.created_at, last.id]) : null };
}

export async function get(ctx: Context, actor: Actor, organizationId: string, id: string) {
  authorize(actor, organizationId, 'outbox.read');
  const row = await q.findMessage(ctx.db, organizationId, id);
  if (!row) throw new AppError('outbox.message_not_found');
  return (await viewable(ctx, actor, organizationId, [row]))[0]!;
}

/**
 * What an admin may read of messages. Secrets show only in the development sink (no real
 * transport), only to those who may see secrets at all (never a helpdesk), and only when
 * at least as privileged as the recipient: otherwise a reader could take over the account.
 */
async function viewable(ctx: Context, actor: Actor, organizationId: string, rows: OutboxMessageRow[]) {
  const recipients = await q.recipientPrivileges(ctx.db, organizationId, rows.map((r) => r.user_id).filter((id): id is string => !!id));
  const rank = privilegeRank[actor.privilege ?? 'user'];
  const secrets = maySeeSecrets(actor);
  return rows.map((row) => {
    if (row.redacted_text_body === null) return row;
    const recipient = row.user_id ? recipients.get(row.user_id) : undefined;
    const mayRead = secrets && row.transport === 'outbox' && row.state === 'sent' && rank >= privilegeRank[recipient ?? 'platform_admin'];
    return mayRead ? row : { ...row, subject: row.redacted_subject ?? row.subject, text_body: row.redacted_text_body, html_body: row.redacted_html_body };
  });
}

export const deliveryOfInvitation = (ctx: Context, organizationId: string, invitationId: string) =>
  q.latestForInvitation(ctx.db, organizationId, invitationId);

/** The outbox list continues before the creation time and id of the last message. */
const pageCursor = cursorCodec(['date', 'uuid']);
function fromCursor(cursor: string) {
  const [createdAt, id] = pageCursor.decode(cursor);
  return { createdAt, id };
}

/** Outbox depth by state and the age in seconds of the oldest message due for delivery (0 when none). */
export async function backlog(ctx: Context): Promise<{ byState: Record<'queued' | 'sending', number>; oldestDueSeconds: number }> {
  const rows = await q.backlog(ctx.db);
  const byState = { queued: 0, sending: 0 };
  let oldest = 0;
  for (const r of rows) {
    byState[r.state as keyof typeof byState] = Number(r.count);
    if (r.oldest_due_seconds !== null) oldest = Math.max(oldest, r.oldest_due_seconds);
  }
  return { byState, oldestDueSeconds: oldest };
}
