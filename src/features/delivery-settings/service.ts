import { randomUUID } from 'node:crypto';
import type { Static } from 'typebox';
import type { Context } from '../../context.js';
import type { DeliveryChannel, DeliverySettingsRow, SmsOptions, SmtpOptions, SmtpTlsMode } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import type { Actor } from '../../access/index.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import { callProvider, providerSms, type ProviderSettings } from '../notifications/sms.js';
import { sendOnce, smtpTransport, type SmtpServer, type Transport } from '../notifications/transports.js';
import * as q from './queries.js';
import type { EmailSettingsPatch, EmailTestResult, SmsSettingsPatch, SmsTestResult } from './schemas.js';

type EmailPatch = Static<typeof EmailSettingsPatch>;
type SmsPatch = Static<typeof SmsSettingsPatch>;
export type EmailTestOutcome = Static<typeof EmailTestResult>;
export type SmsTestOutcome = Static<typeof SmsTestResult>;

/** Test sends wait this long at most for each step, so the admin gets an answer quickly. */
const TEST_TIMEOUT_MS = 10_000;
/** An organization's own SMTP server gets a small pool: many organizations share one worker. */
const ORG_POOL_CONNECTIONS = 2;
const DEFAULT_TWILIO_BASE_URL = 'https://api.twilio.com';

/** The key of a row's secret is bound to its organization and channel: a copied ciphertext does not decrypt elsewhere. */
const purpose = (organizationId: string, channel: DeliveryChannel) => `delivery-settings:${organizationId}:${channel}`;
const secretOf = (ctx: Context, row: DeliverySettingsRow) => (row.encrypted_secret ? decrypt(ctx.secret, purpose(row.organization_id, row.channel), row.encrypted_secret) : null);

const invalid = (field: string, message: string) => new AppError('delivery.settings_invalid', `${field}: ${message}`, { errors: [{ field: `body/${field}`, message }] });

// ---------------------------------------------------------------------------------------
// Email (SMTP)

export function presentEmail(row: DeliverySettingsRow | undefined) {
  const o = row?.options as SmtpOptions | undefined;
  return {
    configured: !!row,
    enabled: row?.enabled ?? false,
    host: o?.host ?? null,
    port: o?.port ?? 587,
    tlsMode: o?.tlsMode ?? ('starttls' as SmtpTlsMode),
    username: o?.username ?? null,
    passwordSet: !!row?.encrypted_secret,
    from: o?.from ?? null,
    updatedAt: row?.updated_at ?? null,
  };
}

/**
 * The stored settings with a patch applied. A password left out stays, except when the host
 * changes: a stored password is never sent to a server it was not given for.
 */
function mergeEmail(row: DeliverySettingsRow | undefined, patch: EmailPatch) {
  const before = row?.options as SmtpOptions | undefined;
  const tlsMode = patch.tlsMode ?? before?.tlsMode ?? 'starttls';
  const options: SmtpOptions = {
    host: patch.host ?? before?.host ?? '',
    port: patch.port ?? before?.port ?? (tlsMode === 'tls' ? 465 : 587),
    tlsMode,
    username: patch.username !== undefined ? patch.username : (before?.username ?? null),
    from: patch.from ?? before?.from ?? '',
  };
  if (!options.host) throw invalid('host', 'is required');
  if (!options.from) throw invalid('from', 'is required');
  const hostChanged = !!before && (options.host !== before.host || options.port !== before.port);
  if (patch.password === undefined && row?.encrypted_secret && hostChanged) {
    throw invalid('password', 'enter the password again when the host or port changes, so a stored password never goes to another server');
  }
  return { options, enabled: patch.enabled ?? row?.enabled ?? true, password: patch.password };
}

/** The organization's own SMTP settings (never the password: only whether one is stored). */
export async function getEmail(ctx: Context, actor: Actor, slug: string) {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  return presentEmail(await q.find(ctx.db, org.id, 'email'));
}

/**
 * Saves the organization's SMTP settings: fields left out keep their stored values, the
 * password is encrypted at rest, workers drop their pooled connection to the old settings
 * (the cache bus tells every node), and the audit event names what changed without secrets.
 */
export async function updateEmail(ctx: Context, actor: Actor, slug: string, patch: EmailPatch) {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findForUpdate(tx, org.id, 'email');
    const merged = mergeEmail(row, patch);
    const encrypted = merged.password === undefined ? (row?.encrypted_secret ?? null) : merged.password === null ? null : encrypt(ctx.secret, purpose(org.id, 'email'), merged.password);
    const saved = await q.save(tx, org.id, 'email', { enabled: merged.enabled, options: merged.options, encrypted_secret: encrypted, updated_by: actor.type === 'user' ? actor.id : null });
    await ctx.caches.invalidate(tx);
    const { password, ...changed } = patch;
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'organization.smtp_updated',
      target: { type: 'organization', id: org.id },
      data: { ...changed, ...(password !== undefined && { password: password === null ? 'removed' : 'changed' }) },
    });
    return presentEmail(saved);
  });
}

/** Sends the test message with the saved settings, or a draft applied to them (saving nothing). */
export async function testEmail(ctx: Context, actor: Actor, slug: string, input: { to: string; settings?: EmailPatch }): Promise<EmailTestOutcome> {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  const row = await q.find(ctx.db, org.id, 'email');
  if (!row && !input.settings) throw new AppError('delivery.not_configured', 'This organization has no SMTP server of its own: fill in the settings to test them, or save them first.');
  const merged = mergeEmail(row, input.settings ?? {});
  const password = merged.password !== undefined ? merged.password : row ? secretOf(ctx, row) : null;
  const server: SmtpServer = { ...merged.options, password };
  let result: EmailTestOutcome;
  try {
    const response = await sendOnce(ctx.config, server, {
      to: input.to,
      subject: `Test message from ${org.name}`,
      text: `This message tests the email settings of ${org.name} (${server.host}:${server.port}). It arrived, so they work.`,
    }, TEST_TIMEOUT_MS);
    const code = Number.parseInt(response, 10);
    result = { delivered: true, outcome: 'accepted', responseCode: Number.isFinite(code) ? code : null, response, message: `${server.host}:${server.port} accepted the message: ${response}` };
  } catch (err) {
    result = smtpFailure(err, server);
  }
  await audit.record(ctx.db, actor, {
    organizationId: org.id,
    action: 'organization.smtp_tested',
    target: { type: 'organization', id: org.id },
    data: { to: input.to, host: server.host, port: server.port, draft: !!input.settings, outcome: result.outcome, responseCode: result.responseCode },
  });
  return result;
}

/** nodemailer's error said for an admin: which step failed and the server's own words. */
function smtpFailure(err: unknown, server: SmtpServer): EmailTestOutcome {
  const e = err as { code?: string; response?: string; responseCode?: number; message?: string };
  const text = e.message ?? String(err);
  const where = `${server.host}:${server.port}`;
  const base = { delivered: false, responseCode: e.responseCode ?? null, response: e.response ?? null };
  if (/ECONNREFUSED/.test(text)) return { ...base, outcome: 'connection_refused', message: `Connection refused by ${where}: no SMTP server listens there, or a firewall blocks the port.` };
  if (e.code === 'EDNS' || /ENOTFOUND|EAI_AGAIN/.test(text)) return { ...base, outcome: 'dns', message: `The host name ${server.host} could not be resolved.` };
  if (e.code === 'ETIMEDOUT' || /timeout|timed out/i.test(text)) return { ...base, outcome: 'timeout', message: `No answer from ${where} within ${TEST_TIMEOUT_MS / 1000} seconds.` };
  if (e.code === 'EAUTH') return { ...base, outcome: 'auth', message: `${where} refused the username and password: ${e.response ?? text}` };
  if (e.code === 'ETLS' || /TLS|SSL|certificate|wrong version/i.test(text)) return { ...base, outcome: 'tls', message: `TLS with ${where} failed: ${text}` };
  if (e.responseCode) return { ...base, outcome: 'rejected', message: `${where} refused the message: ${e.response ?? text}` };
  return { ...base, outcome: 'error', message: `Sending through ${where} failed: ${text}` };
}

// ---------------------------------------------------------------------------------------
// SMS

export function presentSms(row: DeliverySettingsRow | undefined) {
  const o = row?.options as SmsOptions | undefined;
  return {
    configured: !!row,
    enabled: row?.enabled ?? false,
    provider: o?.provider ?? null,
    url: o?.provider === 'webhook' ? o.url : null,
    baseUrl: o?.provider === 'twilio' ? o.baseUrl : null,
    accountSid: o?.provider === 'twilio' ? o.accountSid : null,
    from: o?.provider === 'twilio' ? o.from : null,
    secretSet: !!row?.encrypted_secret,
    updatedAt: row?.updated_at ?? null,
  };
}

/** Like {@link mergeEmail}: a stored secret stays only while the provider and its address stay. */
function mergeSms(row: DeliverySettingsRow | undefined, patch: SmsPatch) {
  const before = row?.options as SmsOptions | undefined;
  const provider = patch.provider ?? before?.provider;
  if (!provider) throw invalid('provider', 'is required');
  let options: SmsOptions;
  if (provider === 'webhook') {
    const url = patch.url ?? (before?.provider === 'webhook' ? before.url : undefined);
    if (!url) throw invalid('url', 'is required for the webhook provider');
    options = { provider, url };
  } else {
    const prev = before?.provider === 'twilio' ? before : undefined;
    const accountSid = patch.accountSid ?? prev?.accountSid;
    const from = patch.from ?? prev?.from;
    if (!accountSid) throw invalid('accountSid', 'is required for a Twilio-compatible provider');
    if (!from) throw invalid('from', 'is required for a Twilio-compatible provider');
    options = { provider, baseUrl: patch.baseUrl ?? prev?.baseUrl ?? DEFAULT_TWILIO_BASE_URL, accountSid, from };
  }
  const addressOf = (o: SmsOptions | undefined) => (o ? (o.provider === 'webhook' ? `webhook ${o.url}` : `twilio ${o.baseUrl} ${o.accountSid}`) : '');
  const keeps = patch.secret === undefined && !!row?.encrypted_secret;
  if (keeps && addressOf(options) !== addressOf(before)) {
    throw invalid('secret', 'enter the secret again when the provider, its URL or account changes, so a stored secret never goes elsewhere');
  }
  if (patch.secret === null || (patch.secret === undefined && !row?.encrypted_secret)) {
    throw invalid('secret', provider === 'webhook' ? 'the webhook signing secret is required' : 'the auth token is required');
  }
  return { options, enabled: patch.enabled ?? row?.enabled ?? true, secret: patch.secret };
}

export async function getSms(ctx: Context, actor: Actor, slug: string) {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  return presentSms(await q.find(ctx.db, org.id, 'sms'));
}

/** Saves the organization's SMS provider, as {@link updateEmail} does its SMTP server. */
export async function updateSms(ctx: Context, actor: Actor, slug: string, patch: SmsPatch) {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findForUpdate(tx, org.id, 'sms');
    const merged = mergeSms(row, patch);
    const encrypted = merged.secret === undefined ? (row?.encrypted_secret ?? null) : encrypt(ctx.secret, purpose(org.id, 'sms'), merged.secret as string);
    const saved = await q.save(tx, org.id, 'sms', { enabled: merged.enabled, options: merged.options, encrypted_secret: encrypted, updated_by: actor.type === 'user' ? actor.id : null });
    await ctx.caches.invalidate(tx);
    const { secret, ...changed } = patch;
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'organization.sms_updated',
      target: { type: 'organization', id: org.id },
      data: { ...changed, ...(secret !== undefined && { secret: 'changed' }) },
    });
    return presentSms(saved);
  });
}

/** Removes the organization's own server or provider: its messages go out globally again. */
export async function remove(ctx: Context, actor: Actor, slug: string, channel: DeliveryChannel): Promise<void> {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  await ctx.db.transaction().execute(async (tx) => {
    const gone = await q.remove(tx, org.id, channel);
    if (!gone.numDeletedRows) return;
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, { organizationId: org.id, action: channel === 'email' ? 'organization.smtp_removed' : 'organization.sms_removed', target: { type: 'organization', id: org.id } });
  });
}

const providerSettings = (options: SmsOptions, secret: string): ProviderSettings =>
  options.provider === 'webhook' ? { provider: 'webhook', url: options.url, secret } : { provider: 'twilio', baseUrl: options.baseUrl, accountSid: options.accountSid, from: options.from, authToken: secret };

/** Sends a test text with the saved settings or a draft, and reports the provider's answer. */
export async function testSms(ctx: Context, actor: Actor, slug: string, input: { to: string; settings?: SmsPatch }): Promise<SmsTestOutcome> {
  const org = await organizations.resolve(ctx, actor, slug, 'settings.manage');
  const parsed = (await import('libphonenumber-js')).parsePhoneNumberFromString(input.to);
  if (!parsed?.isValid()) throw invalid('to', `"${input.to}" is not a valid phone number; use the international format, e.g. +41 79 123 45 67`);
  const to = parsed.format('E.164');
  const row = await q.find(ctx.db, org.id, 'sms');
  if (!row && !input.settings) throw new AppError('delivery.not_configured', 'This organization has no SMS provider of its own: fill in the settings to test them, or save them first.');
  const merged = mergeSms(row, input.settings ?? {});
  const secret = merged.secret ?? (row ? secretOf(ctx, row) : null) ?? '';
  const settings = providerSettings(merged.options, secret);
  let result: SmsTestOutcome;
  try {
    const answer = await callProvider(settings, { id: randomUUID(), recipient: to, text_body: `Test message from ${org.name}: its SMS settings work.` }, TEST_TIMEOUT_MS);
    result = answer.ok
      ? { delivered: true, outcome: 'accepted', status: answer.status, body: answer.body, message: `The provider accepted the message (HTTP ${answer.status}).` }
      : { delivered: false, outcome: 'rejected', status: answer.status, body: answer.body, message: `The provider refused the message: HTTP ${answer.status}${answer.body ? ` ${answer.body}` : ''}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const base = { delivered: false, status: null, body: null };
    result =
      e.cause?.code === 'ECONNREFUSED'
        ? { ...base, outcome: 'connection_refused', message: 'Connection refused: nothing listens at the provider address, or a firewall blocks it.' }
        : e.name === 'TimeoutError'
          ? { ...base, outcome: 'timeout', message: `No answer from the provider within ${TEST_TIMEOUT_MS / 1000} seconds.` }
          : { ...base, outcome: 'error', message: `Calling the provider failed: ${e.cause?.code ?? e.message}` };
  }
  await audit.record(ctx.db, actor, {
    organizationId: org.id,
    action: 'organization.sms_tested',
    target: { type: 'organization', id: org.id },
    data: { to, provider: merged.options.provider, draft: !!input.settings, outcome: result.outcome, status: result.status },
  });
  return result;
}

// ---------------------------------------------------------------------------------------
// For the outbox worker

/** An organization's own transport for one channel: `key` changes whenever its settings do. */
export interface OrganizationTransport {
  key: string;
  create(): Transport;
}

/**
 * The transport an organization's messages of one channel leave through, or null for the
 * global one (nothing saved, or turned off). Read through the cache bus, so a change is
 * seen by every node's worker within its invalidation (at most the cache's time limit).
 */
export async function transportOf(ctx: Context, organizationId: string, channel: DeliveryChannel): Promise<OrganizationTransport | null> {
  const cache = ctx.caches.named<DeliverySettingsRow[]>('delivery-settings');
  const now = Date.now();
  let rows = ctx.caches.active ? cache.get(organizationId, now) : undefined;
  if (!rows) {
    rows = await q.findBoth(ctx.db, organizationId);
    if (ctx.caches.active) cache.set(organizationId, rows, now);
  }
  const row = rows.find((r) => r.channel === channel);
  if (!row?.enabled) return null;
  const key = `${row.version}:${new Date(row.updated_at).getTime()}`;
  if (channel === 'email') {
    return { key, create: () => smtpTransport(ctx.config, { ...(row.options as SmtpOptions), password: secretOf(ctx, row) }, { name: 'org-smtp', maxConnections: Math.min(ORG_POOL_CONNECTIONS, ctx.config.smtpPoolSize) }) };
  }
  const options = row.options as SmsOptions;
  return { key, create: () => providerSms(ctx.config, providerSettings(options, secretOf(ctx, row) ?? ''), `org-sms-${options.provider}`) };
}
