import type { Context, Tx } from '../../context.js';
import type { AppIconType, OrganizationRow } from '../../db/types.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import type { Actor } from '../../access/index.js';
import { pageUrl } from '../../lib/page-urls.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

/*
 * Privileges: registering, editing and deleting an app changes what the organization offers
 * everyone, so it needs `settings.manage` (organization administrators). Assigning an app to
 * people is user management, `users.manage`. Reading apps and who has them is `users.read`,
 * so a helpdesk can answer "why don't I see app X?".
 */

export interface App {
  id: string;
  name: string;
  url: string;
  description: string | null;
  /** Path of the uploaded icon on this server, or null without one. */
  iconUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type AppColumns = Awaited<ReturnType<typeof q.findById>> & {};

/** The API's view of an app row: the icon as the address it is served at, never its bytes. */
export function present(org: Pick<OrganizationRow, 'slug'>, row: AppColumns): App {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    description: row.description,
    iconUrl: row.icon_type ? pageUrl.appIcon(org.slug, row.id, row.updated_at.getTime()) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface AppInput {
  name: string;
  url: string;
  description?: string | null;
  /** A `data:image/…;base64,…` URL of a small PNG, JPEG, GIF or WebP; null removes the icon. */
  icon?: string | null;
}

/**
 * An app address people click on the account page: absolute http(s) only, so no
 * `javascript:`, `data:` or other scheme a link could run, and no user name or password in
 * it (they would be shown to every assigned user). Returned as the URL parser writes it.
 */
export function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('app.url_invalid', `"${raw}" is not an absolute address; use one like https://app.example.com/.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('app.url_invalid', `Only http:// and https:// addresses are allowed, not ${url.protocol}`);
  }
  if (url.username || url.password) throw new AppError('app.url_invalid', 'The address must not contain a user name or password.');
  if (url.href.length > 2000) throw new AppError('app.url_invalid', 'The address is longer than 2000 characters.');
  return url.href;
}

const MAX_ICON_BYTES = 32 * 1024;
/** Image formats by their first bytes. SVG is not among them: served from this origin it could run script. */
const SIGNATURES: { type: AppIconType; matches: (b: Buffer) => boolean }[] = [
  { type: 'image/png', matches: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', matches: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', matches: (b) => ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1')) },
  { type: 'image/webp', matches: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/**
 * The icon's bytes and type from a data: URL. The declared type must be one of the raster
 * formats and agree with the bytes, so what is served later is exactly what was checked.
 */
export function checkIcon(dataUrl: string): { icon: Buffer; icon_type: AppIconType } {
  const m = /^data:(image\/(?:png|jpeg|gif|webp));base64,([A-Za-z0-9+/]+={0,2})$/.exec(dataUrl);
  if (!m) throw new AppError('app.icon_invalid', 'The icon must be a data: URL of a PNG, JPEG, GIF or WebP image (SVG is not accepted).');
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length > MAX_ICON_BYTES) throw new AppError('app.icon_invalid', `The icon is ${Math.ceil(bytes.length / 1024)} KiB; at most 32 KiB is accepted.`);
  const sniffed = SIGNATURES.find((s) => s.matches(bytes));
  if (!sniffed || sniffed.type !== m[1]) throw new AppError('app.icon_invalid', `The icon's content is not a ${m[1]} image.`);
  return { icon: bytes, icon_type: sniffed.type };
}

const nameTaken = (name: string) => (err: unknown) => {
  throw isUniqueViolation(err) ? new AppError('app.name_taken', `An app named "${name}" is already registered.`) : err;
};

async function load(tx: Tx, organizationId: string, id: string) {
  const row = await q.findById(tx, organizationId, id);
  if (!row) throw new AppError('app.not_found');
  return row;
}

/** Registers an app in the organization; its name is unique there in any letter case. */
export async function create(ctx: Context, actor: Actor, orgSlug: string, input: AppInput): Promise<App> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  const url = checkUrl(input.url);
  const icon = input.icon ? checkIcon(input.icon) : { icon: null, icon_type: null };
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.insert(tx, { organization_id: org.id, name: input.name.trim(), url, description: input.description?.trim() || null, ...icon }).catch(nameTaken(input.name));
    await audit.record(tx, actor, { organizationId: org.id, action: 'app.created', target: { type: 'app', id: row.id }, data: { name: row.name, url: row.url } });
    return present(org, row);
  });
}

/** The organization's apps by name, in any letter case. */
export async function list(ctx: Context, actor: Actor, orgSlug: string): Promise<App[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  return (await q.list(ctx.db, org.id)).map((r) => present(org, r));
}

/** One app of the organization; another organization's answers `app.not_found`, as a missing one does. */
export async function get(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<App> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  return present(org, await load(ctx.db, org.id, id));
}

/** Edits an app; fields left out stay as they are, `icon: null` removes the icon. */
export async function update(ctx: Context, actor: Actor, orgSlug: string, id: string, input: Partial<AppInput>): Promise<App> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  const url = input.url !== undefined ? checkUrl(input.url) : undefined;
  const icon = input.icon === undefined ? undefined : input.icon === null ? { icon: null, icon_type: null } : checkIcon(input.icon);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q
      .update(
        tx,
        org.id,
        id,
        {
          ...(input.name !== undefined && { name: input.name.trim() }),
          ...(url !== undefined && { url }),
          ...(input.description !== undefined && { description: input.description?.trim() || null }),
          ...icon,
        },
        ctx.clock.now(),
      )
      .catch(nameTaken(input.name ?? ''));
    if (!row) throw new AppError('app.not_found');
    await audit.record(tx, actor, { organizationId: org.id, action: 'app.updated', target: { type: 'app', id }, data: { fields: Object.keys(input) } });
    return present(org, row);
  });
}

/** Deletes an app with its assignments and recorded uses; the audit keeps the record. */
export async function remove(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'settings.manage');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.remove(tx, org.id, id);
    if (!row) throw new AppError('app.not_found');
    await audit.record(tx, actor, { organizationId: org.id, action: 'app.deleted', target: { type: 'app', id }, data: { name: row.name } });
  });
}

export interface Assignment {
  id: string;
  type: 'user' | 'group';
  user: { id: string; username: string } | null;
  group: { id: string; name: string } | null;
  createdAt: Date;
}

async function assignmentsOf(tx: Tx, organizationId: string, appId: string): Promise<Assignment[]> {
  return (await q.assignments(tx, organizationId, appId)).map((a) => ({
    id: a.id,
    type: a.user_id ? 'user' : 'group',
    user: a.user_id ? { id: a.user_id, username: a.username ?? '' } : null,
    group: a.group_id ? { id: a.group_id, name: a.group_name ?? '' } : null,
    createdAt: a.created_at,
  }));
}

/** Who an app is assigned to: users first, then groups, each by name. */
export async function listAssignments(ctx: Context, actor: Actor, orgSlug: string, appId: string): Promise<Assignment[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  await load(ctx.db, org.id, appId);
  return assignmentsOf(ctx.db, org.id, appId);
}

/**
 * Assigns an app to users and/or groups of the same organization. Every id must name one of
 * the organization's users or groups (another organization's answer "not found", as missing
 * ones do). Assigning again what is assigned already changes nothing and records nothing.
 */
export async function assign(ctx: Context, actor: Actor, orgSlug: string, appId: string, input: { userIds?: string[]; groupIds?: string[] }): Promise<Assignment[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  const userIds = [...new Set(input.userIds ?? [])];
  const groupIds = [...new Set(input.groupIds ?? [])];
  return ctx.db.transaction().execute(async (tx) => {
    // Held, with the users and groups, until the assignments are written: a deletion in
    // between would otherwise turn this into a foreign-key failure instead of a clear answer.
    if (!(await q.findByIdForShare(tx, org.id, appId))) throw new AppError('app.not_found');
    const foundUsers = await q.usersIn(tx, org.id, userIds);
    if (foundUsers.length !== userIds.length) throw new AppError('user.not_found', `No such user: ${userIds.filter((id) => !foundUsers.some((u) => u.id === id)).join(', ')}`);
    const foundGroups = await q.groupsIn(tx, org.id, groupIds);
    if (foundGroups.length !== groupIds.length) throw new AppError('group.not_found', `No such group: ${groupIds.filter((id) => !foundGroups.some((g) => g.id === id)).join(', ')}`);
    const added = await q.assign(tx, org.id, appId, [...userIds.map((userId) => ({ userId })), ...groupIds.map((groupId) => ({ groupId }))]);
    for (const a of added) {
      await audit.record(tx, actor, {
        organizationId: org.id,
        action: 'app.assigned',
        target: { type: 'app', id: appId },
        data: a.user_id ? { userId: a.user_id, username: foundUsers.find((u) => u.id === a.user_id)?.username } : { groupId: a.group_id, group: foundGroups.find((g) => g.id === a.group_id)?.name },
      });
    }
    return assignmentsOf(tx, org.id, appId);
  });
}

/** Removes one assignment; the people it reached keep the app only through another one. */
export async function unassign(ctx: Context, actor: Actor, orgSlug: string, appId: string, assignmentId: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  await ctx.db.transaction().execute(async (tx) => {
    const removed = await q.removeAssignment(tx, org.id, appId, assignmentId);
    if (!removed) throw new AppError('app.assignment_not_found');
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'app.unassigned',
      target: { type: 'app', id: appId },
      data: removed.user_id ? { userId: removed.user_id } : { groupId: removed.group_id },
    });
  });
}

export interface UserApp {
  app: App;
  /** Whether the user has the app through an assignment (directly or by a group). */
  assigned: boolean;
  direct: boolean;
  /** The groups, the user is in now, that the app is assigned to. */
  groups: { id: string; name: string }[];
  firstUsedAt: Date | null;
  lastUsedAt: Date | null;
  uses: number;
}

async function appsOfUser(tx: Tx, org: OrganizationRow, userId: string): Promise<UserApp[]> {
  const reasons = await q.reasonsForUser(tx, org.id, userId);
  const apps = await q.appsByIds(tx, org.id, [...new Set(reasons.map((r) => r.app_id))]);
  return apps
    .map((row) => {
      const mine = reasons.filter((r) => r.app_id === row.id);
      const used = mine.find((r) => r.source === 'used');
      const groups = mine.filter((r) => r.source === 'group').map((r) => ({ id: r.group_id!, name: r.group_name! }));
      const direct = mine.some((r) => r.source === 'direct');
      return {
        app: present(org, row),
        assigned: direct || groups.length > 0,
        direct,
        groups: groups.sort((a, b) => a.name.localeCompare(b.name)),
        firstUsedAt: used?.first_used_at ?? null,
        lastUsedAt: used?.last_used_at ?? null,
        uses: used ? Number(used.uses) : 0,
      };
    })
    .sort((a, b) => a.app.name.localeCompare(b.app.name, undefined, { sensitivity: 'base' }));
}

/** A user's associated apps: assigned directly, assigned to a group they are in (naming it), and used. */
export async function forUser(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<UserApp[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  if (!(await users.findById(ctx.db, org.id, userId))) throw new AppError('user.not_found');
  return appsOfUser(ctx.db, org, userId);
}

/** The apps a signed-in person is assigned (directly or by group), for their account page. */
export async function assignedToMe(ctx: Context, org: OrganizationRow, userId: string): Promise<App[]> {
  return (await appsOfUser(ctx.db, org, userId)).filter((a) => a.assigned).map((a) => a.app);
}

/** An app's uploaded icon, for the icon route: bytes and the type they were checked to be. */
export async function icon(ctx: Context, organizationId: string, appId: string) {
  const row = await q.findIcon(ctx.db, organizationId, appId);
  if (!row?.icon || !row.icon_type) throw new AppError('app.not_found');
  return { bytes: row.icon, type: row.icon_type, updatedAt: row.updated_at };
}

/**
 * Records that a user used an app (a sign-in into it through this server): the first use
 * creates the record, later ones move `lastUsedAt` forward and count. Runs in the caller's
 * transaction, so a use is recorded exactly when the sign-in it belongs to commits. The app
 * and the user must both belong to `organizationId`; otherwise `app.not_found` /
 * `user.not_found` and nothing is written.
 */
export async function recordUse(ctx: Context, tx: Tx, use: { organizationId: string; appId: string; userId: string }) {
  await load(tx, use.organizationId, use.appId);
  if (!(await users.findById(tx, use.organizationId, use.userId))) throw new AppError('user.not_found');
  const row = await q.recordUse(tx, use.organizationId, use.appId, use.userId, ctx.clock.now());
  return { firstUsedAt: row.first_used_at, lastUsedAt: row.last_used_at, uses: Number(row.uses) };
}
