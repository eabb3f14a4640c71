import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { AppIconType } from '../../db/types.js';

/** Every column but the icon bytes, which only the icon route reads. */
const appColumns = ['apps.id', 'apps.organization_id', 'apps.name', 'apps.url', 'apps.description', 'apps.icon_type', 'apps.created_at', 'apps.updated_at'] as const;

export interface NewApp {
  organization_id: string;
  name: string;
  url: string;
  description: string | null;
  icon: Buffer | null;
  icon_type: AppIconType | null;
}

export const insert = (tx: Tx, app: NewApp) => tx.insertInto('apps').values(app).returning(appColumns).executeTakeFirstOrThrow();

export const list = (tx: Tx, organizationId: string) =>
  tx.selectFrom('apps').select(appColumns).where('organization_id', '=', organizationId).orderBy(sql`lower(name)`).orderBy('id').execute();

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('apps').select(appColumns).where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** The app, held against deletion until the transaction ends (its assignments are being written). */
export const findByIdForShare = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('apps').select(appColumns).where('organization_id', '=', organizationId).where('id', '=', id).forShare().executeTakeFirst();

export const findIcon = (tx: Tx, organizationId: string, id: string) =>
  tx
    .selectFrom('apps')
    .select(['icon', 'icon_type', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('icon', 'is not', null)
    .executeTakeFirst();

export const update = (tx: Tx, organizationId: string, id: string, values: Partial<Omit<NewApp, 'organization_id'>>, now: Date) =>
  tx
    .updateTable('apps')
    .set({ ...values, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returning(appColumns)
    .executeTakeFirst();

export const remove = (tx: Tx, organizationId: string, id: string) =>
  tx.deleteFrom('apps').where('organization_id', '=', organizationId).where('id', '=', id).returning(['id', 'name']).executeTakeFirst();

/** Of these ids, the users that belong to the organization, held against deletion until the transaction ends. */
export const usersIn = async (tx: Tx, organizationId: string, ids: string[]) =>
  ids.length === 0 ? [] : tx.selectFrom('users').select(['id', 'username']).where('organization_id', '=', organizationId).where('id', 'in', ids).forShare().execute();

/** Of these ids, the groups that belong to the organization, held against deletion until the transaction ends. */
export const groupsIn = async (tx: Tx, organizationId: string, ids: string[]) =>
  ids.length === 0 ? [] : tx.selectFrom('groups').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', 'in', ids).forShare().execute();

/** Adds the assignments that don't exist yet; an existing one is left as it is (assigning twice is harmless). */
export async function assign(tx: Tx, organizationId: string, appId: string, subjects: { userId?: string; groupId?: string }[]) {
  if (subjects.length === 0) return [];
  return tx
    .insertInto('app_assignments')
    .values(subjects.map((s) => ({ organization_id: organizationId, app_id: appId, user_id: s.userId ?? null, group_id: s.groupId ?? null })))
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'user_id', 'group_id'])
    .execute();
}

export const removeAssignment = (tx: Tx, organizationId: string, appId: string, assignmentId: string) =>
  tx
    .deleteFrom('app_assignments')
    .where('organization_id', '=', organizationId)
    .where('app_id', '=', appId)
    .where('id', '=', assignmentId)
    .returning(['id', 'user_id', 'group_id'])
    .executeTakeFirst();

/** An app's assignments with the names of their users and groups, users first. */
export const assignments = (tx: Tx, organizationId: string, appId: string) =>
  tx
    .selectFrom('app_assignments')
    .leftJoin('users', (j) => j.onRef('users.id', '=', 'app_assignments.user_id').on('users.organization_id', '=', organizationId))
    .leftJoin('groups', (j) => j.onRef('groups.id', '=', 'app_assignments.group_id').on('groups.organization_id', '=', organizationId))
    .select(['app_assignments.id', 'app_assignments.user_id', 'app_assignments.group_id', 'app_assignments.created_at', 'users.username', 'groups.name as group_name'])
    .where('app_assignments.organization_id', '=', organizationId)
    .where('app_assignments.app_id', '=', appId)
    .orderBy(sql`app_assignments.user_id is null`)
    .orderBy(sql`lower(coalesce(users.username, groups.name))`)
    .execute();

/**
 * Why each app reaches a user: one row per direct assignment, per group assignment through
 * a group the user is in now, and per recorded use. Group membership is joined at read
 * time, so a user who leaves a group loses its apps at once.
 */
export async function reasonsForUser(tx: Tx, organizationId: string, userId: string) {
  const rows = await sql<{
    app_id: string;
    source: 'direct' | 'group' | 'used';
    group_id: string | null;
    group_name: string | null;
    first_used_at: Date | null;
    last_used_at: Date | null;
    uses: string | null;
  }>`
    select a.app_id, 'direct' as source, null::uuid as group_id, null as group_name, null::timestamptz as first_used_at, null::timestamptz as last_used_at, null::bigint as uses
      from app_assignments a
      where a.organization_id = ${organizationId} and a.user_id = ${userId}
    union all
    select a.app_id, 'group', g.id, g.name, null, null, null
      from user_groups ug
      join app_assignments a on a.organization_id = ${organizationId} and a.group_id = ug.group_id
      join groups g on g.id = ug.group_id and g.organization_id = ${organizationId}
      where ug.organization_id = ${organizationId} and ug.user_id = ${userId}
    union all
    select u.app_id, 'used', null, null, u.first_used_at, u.last_used_at, u.uses
      from app_uses u
      where u.organization_id = ${organizationId} and u.user_id = ${userId}`.execute(tx);
  return rows.rows;
}

export const appsByIds = (tx: Tx, organizationId: string, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : tx.selectFrom('apps').select(appColumns).where('organization_id', '=', organizationId).where('id', 'in', ids).execute();

/** One more use: the first creates the row, later ones move last_used_at and count. */
export const recordUse = (tx: Tx, organizationId: string, appId: string, userId: string, at: Date) =>
  tx
    .insertInto('app_uses')
    .values({ organization_id: organizationId, app_id: appId, user_id: userId, first_used_at: at, last_used_at: at })
    .onConflict((oc) =>
      oc.columns(['app_id', 'user_id']).doUpdateSet({ last_used_at: sql`greatest(app_uses.last_used_at, excluded.last_used_at)`, uses: sql`app_uses.uses + 1` }),
    )
    .returning(['first_used_at', 'last_used_at', 'uses'])
    .executeTakeFirstOrThrow();
