import type { Context, Tx } from '../../context.js';
import type { ImpersonationEnd, OrganizationRow } from '../../db/types.js';
import { type Actor, privilegeRank, systemActor } from '../../access/index.js';
import { AppError } from '../../errors/app-error.js';
import { linkHash, newLinkToken, store } from '../../flows/index.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import { isUuid } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

/** The start link lives long enough to open a tab, no longer. */
export const LINK_MINUTES = 2;

/** The start link as the flow core sees it: single use by `link_used_at`; a newer link of the same admin and user expires the older. */
const LINKS: store.SecretTable = { table: 'impersonations', hash: 'link_hash', lifecycle: { kind: 'used', column: 'link_used_at' }, supersede: 'expire' };

type Row = NonNullable<Awaited<ReturnType<typeof q.findOfUser>>>;

/** An impersonation as the console shows it. */
export interface ImpersonationView {
  id: string;
  adminId: string;
  adminLabel: string;
  reason: string;
  ticket: string | null;
  createdAt: Date;
  startedAt: Date | null;
  endsAt: Date | null;
  stoppedAt: Date | null;
  stoppedBy: ImpersonationEnd | null;
  state: 'link_pending' | 'link_expired' | 'active' | 'ended';
}

const view = (r: Row, now: Date): ImpersonationView => ({
  id: r.id,
  adminId: r.admin_id,
  adminLabel: r.admin_label,
  reason: r.reason,
  ticket: r.ticket,
  createdAt: r.created_at,
  startedAt: r.started_at,
  endsAt: r.ends_at,
  stoppedAt: r.stopped_at,
  stoppedBy: r.stopped_by,
  state: r.stopped_at ? 'ended' : r.started_at ? (r.ends_at && r.ends_at <= now ? 'ended' : 'active') : r.expires_at > now ? 'link_pending' : 'link_expired',
});

/**
 * The organization and user an administrator may impersonate: `users.manage` (org admins and
 * platform admins; never helpdesk), a person (not an API token), another user of strictly
 * lower privilege, not disabled. Another organization's user is not found, as a missing one.
 */
async function target(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  if (actor.type !== 'user' || !actor.id) throw new AppError('auth.session_required');
  if (!isUuid(userId)) throw new AppError('user.not_found');
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  return { org, user };
}

/**
 * Starts an impersonation: a one-time link (shown once, valid for LINK_MINUTES) that opens an
 * account session of the user in a separate tab. Refused toward oneself, toward equal or higher
 * privilege, toward a disabled user. Audited as `impersonation.started` with reason and ticket.
 */
export async function start(ctx: Context, actor: Actor, orgSlug: string, userId: string, input: { reason: string; ticket?: string | null | undefined }) {
  const { org, user } = await target(ctx, actor, orgSlug, userId);
  if (user.id === actor.id) throw new AppError('impersonation.self');
  // Strictly lower: two org admins must not act as each other, or one could take the other's place.
  if (privilegeRank[user.privilege] >= privilegeRank[actor.privilege ?? 'user']) throw new AppError('impersonation.privilege_too_high');
  if (user.status === 'disabled') throw new AppError('impersonation.user_disabled');
  const reason = input.reason.trim();
  if (!reason) throw new AppError('impersonation.reason_required');
  const ticket = input.ticket?.trim() || null;
  await sweep(ctx);
  const token = newLinkToken();
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + LINK_MINUTES * 60_000);
  const id = await ctx.db.transaction().execute(async (tx) => {
    await store.supersede(tx, LINKS, { organization_id: org.id, user_id: user.id, admin_id: actor.id! }, now);
    const { id } = await q.insert(tx, {
      organization_id: org.id,
      user_id: user.id,
      admin_id: actor.id!,
      admin_organization_id: actor.organizationId!,
      admin_label: actor.label ?? actor.id!,
      reason,
      ticket,
      link_hash: linkHash(ctx.secret, token),
      expires_at: expiresAt,
      created_at: now,
    });
    await audit.record(tx, actor, { organizationId: org.id, action: 'impersonation.started', target: { type: 'user', id: user.id }, data: { impersonationId: id, reason, ticket, maxMinutes: effectiveSettings(org.settings).impersonation.maxMinutes } });
    return id;
  });
  return { id, url: absoluteUrl(ctx, pageUrl.impersonation(org.slug, token)), expiresAt };
}

/**
 * Redeems a start link once and opens the impersonation session: an account session of the
 * user that ends at the organization's limit, recorded so it acts with both identities. A used,
 * superseded or expired link (or one of another organization) is refused alike.
 */
export async function open(ctx: Context, org: OrganizationRow, token: string, meta: { ip: string | null; userAgent: string | null }) {
  const now = ctx.clock.now();
  const limit = effectiveSettings(org.settings).impersonation.maxMinutes;
  return ctx.db.transaction().execute(async (tx) => {
    const row = await store.consume<Row>(tx, LINKS, { hash: linkHash(ctx.secret, token) }, { organization_id: org.id }, now);
    if (!row) throw new AppError('impersonation.link_invalid');
    const user = await users.findById(tx, org.id, row.user_id);
    if (!user || user.status === 'disabled') throw new AppError('impersonation.link_invalid');
    // The rules are checked again at use: within the link's minutes the administrator may have
    // been demoted or disabled, or the user promoted.
    const admin = await users.findById(tx, row.admin_organization_id, row.admin_id);
    const stillAllowed =
      admin !== undefined &&
      admin.status !== 'disabled' &&
      (admin.privilege === 'platform_admin' || (admin.organization_id === org.id && admin.privilege === 'org_admin')) &&
      privilegeRank[user.privilege] < privilegeRank[admin.privilege];
    if (!stillAllowed) throw new AppError('impersonation.link_invalid');
    const endsAt = new Date(now.getTime() + limit * 60_000);
    // aal 1 and no device: the administrator's browser is not one of the user's devices.
    const session = await sessions.start(ctx, tx, { organizationId: org.id, userId: user.id, kind: 'account', methods: ['impersonation'], aal: 1, expiresAt: endsAt, ...meta });
    await q.markStarted(tx, row.id, session.id, now, endsAt);
    const actor: Actor = { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, impersonator: { id: row.admin_id, label: row.admin_label }, ...meta };
    await audit.record(tx, actor, { organizationId: org.id, action: 'impersonation.opened', target: { type: 'user', id: user.id }, data: { impersonationId: row.id, sessionId: session.id, endsAt: endsAt.toISOString() } });
    return { token: session.token, endsAt };
  });
}

/**
 * Ends an open impersonation once (whoever asks first wins): its session ends, not the
 * administrator's own; audited as `impersonation.stopped` with reason, ticket, duration and
 * how it ended; the user is emailed when the organization says so. False when it had ended.
 */
async function finish(ctx: Context, tx: Tx, actor: Actor, id: string, by: ImpersonationEnd): Promise<boolean> {
  const now = ctx.clock.now();
  const row = await q.markStopped(tx, id, now, by);
  if (!row) return false;
  if (row.session_id) await sessions.endIn(ctx, tx, row.session_id);
  const org = await organizations.findById(ctx, row.organization_id);
  const endedAt = row.ends_at && row.ends_at < now ? row.ends_at : now;
  const seconds = Math.max(0, Math.round((endedAt.getTime() - row.started_at!.getTime()) / 1000));
  await audit.record(tx, actor, {
    organizationId: row.organization_id,
    action: 'impersonation.stopped',
    target: { type: 'user', id: row.user_id },
    data: { impersonationId: row.id, adminId: row.admin_id, reason: row.reason, ticket: row.ticket, durationSeconds: seconds, endedBy: by },
  });
  const user = await users.findById(tx, row.organization_id, row.user_id);
  if (org && user?.email && effectiveSettings(org.settings).impersonation.notifyUser) {
    await notifications.enqueueEmail(tx, {
      organizationId: org.id,
      kind: 'impersonation_notice',
      to: user.email,
      userId: user.id,
      vars: {
        organization: { name: org.name, slug: org.slug },
        user: { username: user.username, displayName: users.displayName(user) },
        admin: row.admin_label,
        startedAt: row.started_at!,
        minutes: Math.max(1, Math.ceil(seconds / 60)),
        reason: row.reason,
        ticket: row.ticket,
      },
    });
    await q.markNotified(tx, row.id, now);
  }
  return true;
}

/** The Stop button of the banner: ends the impersonation of the session in use. */
export async function stopOwn(ctx: Context, actor: Actor, organizationId: string, sessionId: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.findBySession(tx, organizationId, sessionId);
    if (row) await finish(ctx, tx, actor, row.id, 'impersonation');
  });
}

/** An administrator (users.manage in the organization) stops an impersonation from the console. */
export async function stop(ctx: Context, actor: Actor, orgSlug: string, userId: string, impersonationId: string): Promise<ImpersonationView> {
  const { org } = await target(ctx, actor, orgSlug, userId);
  if (!isUuid(impersonationId)) throw new AppError('impersonation.not_found');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findOfUser(tx, org.id, userId, impersonationId);
    if (!row) throw new AppError('impersonation.not_found');
    if (row.started_at && !row.stopped_at) await finish(ctx, tx, actor, row.id, row.ends_at && row.ends_at <= ctx.clock.now() ? 'expired' : 'admin');
    else if (!row.started_at) await store.supersede(tx, LINKS, { id: row.id }, ctx.clock.now());
    return view((await q.findOfUser(tx, org.id, userId, impersonationId))!, ctx.clock.now());
  });
}

/** A user's impersonations, newest first (administrators with users.manage). */
export async function listOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<ImpersonationView[]> {
  const { org } = await target(ctx, actor, orgSlug, userId);
  await sweep(ctx);
  const now = ctx.clock.now();
  return (await q.listOfUser(ctx.db, org.id, userId, 50)).map((r) => view(r, now));
}

/**
 * Records the end of impersonations whose session is over (time limit, signed out, revoked):
 * the audit event and the notice to the user. Run on a timer and before reading or starting.
 */
export async function sweep(ctx: Context): Promise<number> {
  const ended = await q.findEnded(ctx.db, ctx.clock.now(), 100);
  let count = 0;
  for (const e of ended) {
    const done = await ctx.db.transaction().execute((tx) => finish(ctx, tx, systemActor('impersonation limit'), e.id, e.timed_out ? 'expired' : 'signed_out'));
    if (done) count++;
  }
  return count;
}
