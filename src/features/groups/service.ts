import type { Context, Tx } from '../../context.js';
import type { Actor } from '../../access/index.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import { cursorCodec } from '../../lib/cursor.js';
import * as audit from '../audit/service.js';
import * as organizations from '../organizations/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

export interface Group {
  id: string;
  name: string;
  memberCount: number;
  createdAt: Date;
}

export interface Member {
  id: string;
  username: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  status: string;
}

const present = (row: { id: string; name: string; created_at: Date; member_count?: string | number | null }): Group => ({
  id: row.id,
  name: row.name,
  memberCount: Number(row.member_count ?? 0),
  createdAt: row.created_at,
});

/** Surrounding spaces are never part of a name: "Ops " and "ops" are the same group. */
function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new AppError('request.invalid', 'A group needs a name');
  return trimmed;
}

const nameTaken = (name: string) => (err: unknown) => {
  throw isUniqueViolation(err) ? new AppError('group.name_taken', `There is already a group named "${name}" (names are compared ignoring case).`, { name }) : err;
};

async function load(tx: Tx, organizationId: string, id: string) {
  const row = await q.findByIdForUpdate(tx, organizationId, id);
  if (!row) throw new AppError('group.not_found');
  return row;
}

/** The member, checked to be of the same organization and manageable by the actor. */
async function manageableUser(tx: Tx, actor: Actor, organizationId: string, userId: string) {
  const user = await users.findById(tx, organizationId, userId);
  if (!user) throw new AppError('user.not_found');
  users.assertCanManage(actor, user.privilege);
  return user;
}

/** The organization's groups by name, with member counts. Needs `users.read`. */
export async function list(ctx: Context, actor: Actor, orgSlug: string): Promise<Group[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  return (await q.list(ctx.db, org.id)).map(present);
}

export async function get(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<Group> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const row = await q.findById(ctx.db, org.id, id);
  if (!row) throw new AppError('group.not_found');
  return present(row);
}

/**
 * Creates a group. Names are unique per organization ignoring case; a duplicate is
 * `group.name_taken` (409), decided by the unique index, so two parallel creations of one
 * name can't both succeed. Audited as `group.created`.
 */
export async function create(ctx: Context, actor: Actor, orgSlug: string, rawName: string): Promise<Group> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  const name = cleanName(rawName);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.insert(tx, org.id, name).catch(nameTaken(name));
    await audit.record(tx, actor, { organizationId: org.id, action: 'group.created', target: { type: 'group', id: row.id }, data: { name } });
    return present({ ...row, member_count: 0 });
  });
}

/** Renames a group (same uniqueness as create); audited as `group.renamed` with both names. */
export async function rename(ctx: Context, actor: Actor, orgSlug: string, id: string, rawName: string): Promise<Group> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  const name = cleanName(rawName);
  return ctx.db.transaction().execute(async (tx) => {
    const before = await load(tx, org.id, id);
    if (before.name !== name) {
      await q.rename(tx, org.id, id, name).catch(nameTaken(name));
      await audit.record(tx, actor, { organizationId: org.id, action: 'group.renamed', target: { type: 'group', id }, data: { from: before.name, to: name } });
    }
    const row = await q.findById(tx, org.id, id);
    return present(row!);
  });
}

/**
 * Deletes a group and with it every membership (the users stay). Audited as
 * `group.deleted` with the name and the number of members it had.
 */
export async function remove(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  await ctx.db.transaction().execute(async (tx) => {
    await load(tx, org.id, id);
    const row = (await q.findById(tx, org.id, id))!;
    await q.remove(tx, org.id, id);
    await audit.record(tx, actor, { organizationId: org.id, action: 'group.deleted', target: { type: 'group', id }, data: { name: row.name, memberCount: Number(row.member_count ?? 0) } });
  });
}

/** The members continue after the sort key and id of the last one. */
const memberCursor = cursorCodec(['text', 'uuid']);

export async function members(ctx: Context, actor: Actor, orgSlug: string, id: string, page: { limit: number; cursor?: string }): Promise<{ items: Member[]; nextCursor: string | null }> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  if (!(await q.findById(ctx.db, org.id, id))) throw new AppError('group.not_found');
  const after = page.cursor ? (([key, uid]) => ({ key, id: uid }))(memberCursor.decode(page.cursor)) : undefined;
  const rows = await q.members(ctx.db, org.id, id, page.limit + 1, after);
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => ({ id: r.id, username: r.username, email: r.email, firstName: r.first_name, lastName: r.last_name, status: r.status })),
    nextCursor: rows.length > page.limit && last ? memberCursor.encode([last.sort_key, last.id]) : null,
  };
}

/**
 * Puts a user of the same organization into the group. Idempotent: adding a member again
 * changes nothing and records nothing; a new membership is audited as
 * `group.member_added` on the user, naming the group.
 */
export async function addMember(ctx: Context, actor: Actor, orgSlug: string, groupId: string, userId: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  await ctx.db.transaction().execute(async (tx) => {
    // The group row stays locked, so a parallel delete can't leave a membership behind.
    const group = await load(tx, org.id, groupId);
    const user = await manageableUser(tx, actor, org.id, userId);
    if (await q.addMember(tx, org.id, groupId, userId)) {
      await audit.record(tx, actor, { organizationId: org.id, action: 'group.member_added', target: { type: 'user', id: userId }, data: { groupId, group: group.name, username: user.username } });
    }
  });
}

/** Takes a user out of the group; idempotent like addMember, audited as `group.member_removed`. */
export async function removeMember(ctx: Context, actor: Actor, orgSlug: string, groupId: string, userId: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  await ctx.db.transaction().execute(async (tx) => {
    const group = await load(tx, org.id, groupId);
    const user = await manageableUser(tx, actor, org.id, userId);
    if (await q.removeMember(tx, org.id, groupId, userId)) {
      await audit.record(tx, actor, { organizationId: org.id, action: 'group.member_removed', target: { type: 'user', id: userId }, data: { groupId, group: group.name, username: user.username } });
    }
  });
}

/** The groups a user of the organization belongs to. */
export async function ofUser(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<Omit<Group, 'memberCount'>[]> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  if (!(await users.findById(ctx.db, org.id, userId))) throw new AppError('user.not_found');
  return (await q.groupsOfUser(ctx.db, org.id, userId)).map((g) => ({ id: g.id, name: g.name, createdAt: g.created_at }));
}
