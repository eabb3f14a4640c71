import type { Context, Tx } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashToken, isUuid } from '../../lib/tokens.js';
import { deviceName } from '../../lib/user-agent.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as sessions from '../sessions/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

/** A remembered device as the user and administrators see it. */
export interface DeviceView {
  id: string;
  name: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  lastIp: string | null;
  /** Whether it is the browser the request came from. */
  current: boolean;
}

/** The device limit that applies to a user, and where it comes from. */
export interface DeviceLimit {
  /** What applies: the user's own limit, else the organization default; null = unlimited. */
  limit: number | null;
  /** The user's own limit, null when the organization default applies. */
  userLimit: number | null;
  organizationDefault: number | null;
}

async function limitOf(tx: Tx, org: OrganizationRow, userId: string): Promise<DeviceLimit> {
  const own = await q.findLimit(tx, org.id, userId);
  const organizationDefault = effectiveSettings(org.settings).devices.defaultLimit;
  return { limit: own ?? organizationDefault, userLimit: own ?? null, organizationDefault };
}

// Another message than the cookie's signature (device:…), so the stored hash never equals it.
const keyHash = (ctx: Context, key: string) => hashToken(ctx.secret, `device-key:${key}`);

/** The refusal of a new device over the limit, in the words the person sees on the page and in the API problem. */
const overLimit = (count: number, limit: number) =>
  new AppError('device.limit_reached', `This account is already used on ${count} ${count === 1 ? 'device' : 'devices'}; forget one from a device you use, or ask your administrator.`, { devices: count, limit });

/**
 * Whether a sign-in from this device must be refused: a device the user already has is
 * always let in; a new one only while the user has fewer remembered devices than their
 * limit. Called once the password is proved, so the answer reveals nothing to a stranger.
 * Returns the refusal (`device.limit_reached`) rather than throwing, for the sign-in to audit.
 */
export async function limitRefusal(ctx: Context, org: OrganizationRow, user: UserRow, key: string | undefined): Promise<AppError | undefined> {
  if (key === undefined) return undefined;
  const { limit } = await limitOf(ctx.db, org, user.id);
  if (limit === null) return undefined;
  if (await q.findRemembered(ctx.db, org.id, user.id, keyHash(ctx, key))) return undefined;
  const count = await q.countRemembered(ctx.db, org.id, user.id);
  return count >= limit ? overLimit(count, limit) : undefined;
}

/**
 * Registers the device a session opens on (or records the sign-in on it); returns its id for
 * the session. Under a limit, the user's devices are counted and the new one added under a
 * per-user lock, so parallel sign-ins from new devices never exceed it: the one that comes
 * too late is refused with `device.limit_reached`. No key (a sign-in without a browser
 * cookie jar of ours): no device, undefined.
 */
export async function register(ctx: Context, tx: Tx, org: OrganizationRow, userId: string, key: string | undefined, meta: { ip: string | null; userAgent: string | null }): Promise<string | undefined> {
  if (key === undefined) return undefined;
  const write = async (t: Tx) => {
    const hash = keyHash(ctx, key);
    const { limit } = await limitOf(t, org, userId);
    if (limit !== null) {
      await q.lockUserDevices(t, org.id, userId);
      if (!(await q.findRemembered(t, org.id, userId, hash))) {
        const count = await q.countRemembered(t, org.id, userId);
        if (count >= limit) throw overLimit(count, limit);
      }
    }
    const { id } = await q.upsert(t, { organization_id: org.id, user_id: userId, key_hash: hash, name: deviceName(meta.userAgent), user_agent: meta.userAgent, last_ip: meta.ip, now: ctx.clock.now() });
    return id;
  };
  // The lock needs a transaction; a sign-in that has none yet (one statement) gets a short one.
  return tx.isTransaction ? write(tx) : ctx.db.transaction().execute(write);
}

async function target(ctx: Context, actor: Actor, orgSlug: string, userId: string, permission: 'users.read' | 'sessions.manage' | 'users.manage') {
  const org = await organizations.resolve(ctx, actor, orgSlug, permission);
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  if (permission !== 'users.read') users.assertCanManage(actor, user.privilege);
  return { org, user };
}

async function remembered(ctx: Context, org: OrganizationRow, userId: string, presented: string | undefined) {
  const rows = await q.listRemembered(ctx.db, org.id, userId);
  const mine = presented ? keyHash(ctx, presented) : undefined;
  const items: DeviceView[] = rows.map((r) => ({ id: r.id, name: r.name, firstSeenAt: r.first_seen_at, lastSeenAt: r.last_seen_at, lastIp: r.last_ip, current: !!mine && mine.equals(r.key_hash) }));
  return { items, ...(await limitOf(ctx.db, org, userId)) };
}

/** A user's remembered devices and the limit that applies (`users.read`). */
export async function listOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string, presented?: string) {
  const { org } = await target(ctx, actor, orgSlug, userId, 'users.read');
  return remembered(ctx, org, userId, presented);
}

async function forgetOne(ctx: Context, actor: Actor, organizationId: string, userId: string, deviceId: string, by: 'admin' | 'self') {
  if (!isUuid(deviceId)) throw new AppError('device.not_found');
  await ctx.db.transaction().execute(async (tx) => {
    const device = await q.forget(tx, organizationId, userId, deviceId, ctx.clock.now());
    if (!device) throw new AppError('device.not_found');
    // Forgetting a device signs it out: otherwise a lost laptop would stay signed in.
    const sessionsEnded = await sessions.endOfDevice(ctx, tx, organizationId, device.id);
    await audit.record(tx, actor, { organizationId, action: 'device.forgotten', target: { type: 'user', id: userId }, data: { by, deviceId: device.id, name: device.name, sessionsEnded } });
  });
}

/**
 * Forgets a user's device (`sessions.manage`: helpdesk and up, for a user of no higher
 * privilege): it no longer counts toward the limit, its sessions end, and a sign-in from it
 * registers it as new. Audited as `device.forgotten`.
 */
export async function forgetOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string, deviceId: string): Promise<void> {
  const { org } = await target(ctx, actor, orgSlug, userId, 'sessions.manage');
  await forgetOne(ctx, actor, org.id, userId, deviceId, 'admin');
}

/**
 * Sets a user's own device limit, or with null goes back to the organization default
 * (`users.manage`). Devices already remembered stay; the limit applies to new ones. Audited as
 * `user.device_limit_set`.
 */
export async function setLimitOfUser(ctx: Context, actor: Actor, orgSlug: string, userId: string, limit: number | null): Promise<DeviceLimit> {
  const { org } = await target(ctx, actor, orgSlug, userId, 'users.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const before = await limitOf(tx, org, userId);
    if (limit === null) await q.clearLimit(tx, org.id, userId);
    else await q.setLimit(tx, org.id, userId, limit, ctx.clock.now());
    const after = await limitOf(tx, org, userId);
    await audit.record(tx, actor, { organizationId: org.id, action: 'user.device_limit_set', target: { type: 'user', id: userId }, data: { userLimit: limit, previous: before.userLimit, applies: after.limit } });
    return after;
  });
}

/** The person's own remembered devices, `presented` marking the browser they use. */
export async function listOwn(ctx: Context, self: sessions.Self, presented?: string) {
  const org = await organizations.findById(ctx, self.organizationId);
  if (!org) throw new AppError('organization.not_found');
  return remembered(ctx, org, self.userId, presented);
}

/** The person forgets one of their devices (this one too: that signs them out here). */
export const forgetOwn = (ctx: Context, self: sessions.Self, deviceId: string) => forgetOne(ctx, self.actor, self.organizationId, self.userId, deviceId, 'self');
