import type { Context, Tx } from '../../context.js';
import type { OutboxMessageRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { cursorCodec } from '../../lib/cursor.js';
import { existsSync } from 'node:fs';
import { type Locale, recipientLocale } from '../../i18n/index.js';
import { htmlViews, textViews } from '../../views/engine.js';
import { type Actor, authorize, maySeeSecrets, privilegeRank } from '../../access/index.js';
import * as q from './queries.js';

export type EmailKind =
  | 'invitation_link'
  | 'invitation_otp'
  | 'invitation_reminder'
  | 'account_activated'
  | 'password_changed'
  | 'recovery_phone_verified'
  | 'recovery_phone_removed'
  | 'pincode'
  | 'password_new'
  | 'authenticator_changed'
  | 'password_reset_link'
  | 'password_reset_code'
  | 'impersonation_notice'
  | 'password_expiry';
export type SmsKind = 'invitation_sms' | 'recovery_phone_verification' | 'authenticator_changed_sms' | 'mfa_sms_code' | 'password_reset_sms' | 'password_changed_sms';

/** What every message carries besides its bodies. */
interface MessageRequest {
  organizationId: string;
  to: string;
  userId?: string;
  invitationId?: string;
  vars: Record<string, unknown>;
  /** Values in the message that grant access (links, codes): masked wherever the message is shown. */
  secrets?: string[];
  /** The message's language; by default the recipient user's locale, then the organization's default. */
  locale?: Locale;
}

export interface EmailRequest extends MessageRequest {
  kind: EmailKind;
}

export interface SmsRequest extends MessageRequest {
  kind: SmsKind;
  /** E.164 number. */
  to: string;
}

const MASK = '••••••';

/** The body with every secret masked, or null when there is nothing to mask. */
function redact(body: string | null, secrets: string[] | undefined): string | null {
  if (!body || !secrets?.length) return null;
  return secrets.reduce((text, secret) => text.split(secret).join(MASK), body);
}

/** Stores a rendered message, with its masked copy, in the caller's transaction. */
function store(tx: Tx, req: MessageRequest & { kind: string }, channel: 'email' | 'sms', bodies: { subject: string | null; text: string; html: string | null }) {
  return q.insertMessage(tx, row(req, channel, bodies));
}

function row(req: MessageRequest & { kind: string }, channel: 'email' | 'sms', bodies: { subject: string | null; text: string; html: string | null }) {
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
    redacted_text_body: redact(bodies.text, req.secrets),
    redacted_html_body: redact(bodies.html, req.secrets),
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

const viewsRoot = new URL('../../views/', import.meta.url);
/** `<dir>/<locale>/<part>` when that locale has the file, else the English `<dir>/<part>`. */
const localizedFiles = new Map<string, string>();
function localized(dir: string, locale: Locale, part: string): string {
  const id = `${dir}/${locale}/${part}`;
  let file = localizedFiles.get(id);
  if (file === undefined) {
    // The built-in files do not change while the server runs: one look each.
    file = existsSync(new URL(`${id}.liquid`, viewsRoot)) ? id : `${dir}/${part}`;
    localizedFiles.set(id, file);
  }
  return file;
}

async function renderEmail(req: EmailRequest, locale: Locale) {
  const dir = `emails/${req.kind}`;
  const vars = { ...req.vars, locale };
  const [subject, text, html] = await Promise.all([
    textViews.renderFile(localized(dir, locale, 'subject'), vars),
    textViews.renderFile(localized(dir, locale, 'text'), vars),
    htmlViews.renderFile(localized(dir, locale, 'html'), vars),
  ]);
  return { subject: subject.trim(), text, html };
}

const renderSms = async (req: SmsRequest, locale: Locale) => ({
  subject: null,
  text: (await textViews.renderFile(localized(`sms/${req.kind}`, locale, 'text'), { ...req.vars, locale })).trim(),
  html: null,
});

/**
 * Renders the message now and stores it in the outbox inside the caller's transaction: it
 * is sent if and only if the action that caused it commits.
 */
export async function enqueueEmail(tx: Tx, req: EmailRequest): Promise<string> {
  return store(tx, req, 'email', await renderEmail(req, req.locale ?? (await messageLocale(tx, req.organizationId, req.userId))));
}

/** Like enqueueEmail, for a text message. */
export async function enqueueSms(tx: Tx, req: SmsRequest): Promise<string> {
  return store(tx, req, 'sms', await renderSms(req, req.locale ?? (await messageLocale(tx, req.organizationId, req.userId))));
}

/** A message to queue: an email or a text message. */
export type Queued = { channel: 'email'; request: EmailRequest } | { channel: 'sms'; request: SmsRequest };

/**
 * Like enqueueEmail and enqueueSms for many messages of one bulk action (an import): each
 * rendered, all stored in one statement in the caller's transaction, the workers woken once.
 * Delivery is paced by the workers as for any message.
 */
export async function enqueueMany(tx: Tx, messages: Queued[]): Promise<void> {
  const compiled = new Map<string, (scope: object) => string>();
  const render = async (views: typeof textViews, file: string, vars: object) => {
    let fn = compiled.get(`${views === htmlViews}:${file}`);
    if (!fn) {
      fn = await views.compile(file);
      compiled.set(`${views === htmlViews}:${file}`, fn);
    }
    return fn(vars);
  };
  // The users of a bulk action are new, with no locale of their own unless the caller gives
  // one: the organization's default, looked up once per organization, not once per message.
  const orgLocales = new Map<string, Locale>();
  const localeOf = async (req: MessageRequest) => {
    if (req.locale) return req.locale;
    let locale = orgLocales.get(req.organizationId);
    if (!locale) {
      locale = await messageLocale(tx, req.organizationId);
      orgLocales.set(req.organizationId, locale);
    }
    return locale;
  };
  const rows = [];
  for (const m of messages) {
    const locale = await localeOf(m.request);
    const vars = { ...m.request.vars, locale };
    if (m.channel === 'email') {
      const dir = `emails/${m.request.kind}`;
      const subject = (await render(textViews, localized(dir, locale, 'subject'), vars)).trim();
      rows.push(row(m.request, 'email', { subject, text: await render(textViews, localized(dir, locale, 'text'), vars), html: await render(htmlViews, localized(dir, locale, 'html'), vars) }));
    } else {
      rows.push(row(m.request, 'sms', { subject: null, text: (await render(textViews, localized(`sms/${m.request.kind}`, locale, 'text'), vars)).trim(), html: null }));
    }
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
    return mayRead ? row : { ...row, text_body: row.redacted_text_body, html_body: row.redacted_html_body };
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
