import { sql } from 'kysely';
import type { Tx } from '../../context.js';

// count(*) over user_groups_group (organization_id, group_id): an index-only count per group.
const memberCount = sql<string>`(select count(*) from user_groups m where m.organization_id = groups.organization_id and m.group_id = groups.id)`.as('member_count');

/** Every group of the organization by name, each with its number of members (counted on user_groups_group). */
export const list = (tx: Tx, organizationId: string) =>
  tx
    .selectFrom('groups')
    .selectAll('groups')
    .select(memberCount)
    .where('groups.organization_id', '=', organizationId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx
    .selectFrom('groups')
    .selectAll('groups')
    .select(memberCount)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();

/** The group row, locked until the transaction ends: a rename or delete in parallel waits. */
export const findByIdForUpdate = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('groups').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

/** Names are unique per organization case-insensitively (groups_org_name): a duplicate fails there. */
export const insert = (tx: Tx, organizationId: string, name: string) =>
  tx.insertInto('groups').values({ organization_id: organizationId, name }).returningAll().executeTakeFirstOrThrow();

export const rename = (tx: Tx, organizationId: string, id: string, name: string) =>
  tx.updateTable('groups').set({ name }).where('organization_id', '=', organizationId).where('id', '=', id).returningAll().executeTakeFirst();

/** Deletes the group; its memberships go with it (user_groups cascades). */
export const remove = (tx: Tx, organizationId: string, id: string) =>
  tx.deleteFrom('groups').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Adds one membership; true when it is new (adding a member twice changes nothing). */
export async function addMember(tx: Tx, organizationId: string, groupId: string, userId: string): Promise<boolean> {
  const res = await tx
    .insertInto('user_groups')
    .values({ organization_id: organizationId, group_id: groupId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes one membership; true when there was one. */
export async function removeMember(tx: Tx, organizationId: string, groupId: string, userId: string): Promise<boolean> {
  const res = await tx
    .deleteFrom('user_groups')
    .where('organization_id', '=', organizationId)
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export interface MemberRow {
  id: string;
  username: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  status: string;
  sort_key: string;
}

/**
 * One page of a group's members in (lower(username), id) order, keyset-paginated: the
 * memberships come from user_groups_group, each joined to its user by primary key.
 */
export function members(tx: Tx, organizationId: string, groupId: string, limit: number, after?: { key: string; id: string }): Promise<MemberRow[]> {
  const key = sql<string>`lower(users.username) collate "C"`;
  return tx
    .selectFrom('user_groups')
    .innerJoin('users', 'users.id', 'user_groups.user_id')
    .select(['users.id', 'users.username', 'users.email', 'users.first_name', 'users.last_name', 'users.status', key.as('sort_key')])
    .where('user_groups.organization_id', '=', organizationId)
    .where('users.organization_id', '=', organizationId)
    .where('user_groups.group_id', '=', groupId)
    .$if(after !== undefined, (qb) => qb.where(sql`(${key}, users.id)`, '>', sql`(${after!.key}, ${after!.id}::uuid)`))
    .orderBy(key)
    .orderBy('users.id')
    .limit(limit)
    .execute();
}

/** The groups one user belongs to, by name. */
export const groupsOfUser = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('user_groups')
    .innerJoin('groups', 'groups.id', 'user_groups.group_id')
    .select(['groups.id', 'groups.name', 'groups.created_at'])
    .where('user_groups.organization_id', '=', organizationId)
    .where('groups.organization_id', '=', organizationId)
    .where('user_groups.user_id', '=', userId)
    .orderBy(sql`lower(groups.name)`)
    .execute();
