import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { NewUser, UserRow, UserStatus, UserType, UserUpdate } from '../../db/types.js';

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** The user row, locked until the transaction ends, so checks made on it stay true. */
export const findByIdForUpdate = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().executeTakeFirst();

export const findByUsername = (tx: Tx, organizationId: string, username: string) =>
  tx.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where(sql`lower(username)`, '=', username.toLowerCase()).executeTakeFirst();

/** The first of these login names that is another user's username or email (case-insensitively). */
export async function loginNameTaken(tx: Tx, organizationId: string, names: string[], exceptUserId: string | null): Promise<string | undefined> {
  if (names.length === 0) return undefined;
  const lower = names.map((n) => n.toLowerCase());
  const row = await tx
    .selectFrom('users')
    .select(['username', 'email'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb(sql`lower(username)`, 'in', lower), eb(sql`lower(email)`, 'in', lower)]))
    .$if(exceptUserId !== null, (qb) => qb.where('id', '!=', exceptUserId!))
    .limit(1)
    .executeTakeFirst();
  return row && names.find((n) => [row.username.toLowerCase(), row.email?.toLowerCase()].includes(n.toLowerCase()));
}

/** Username or email, case-insensitively; a username match wins over an email match. */
export const findByLogin = (tx: Tx, organizationId: string, login: string) =>
  tx
    .selectFrom('users')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', login.toLowerCase()), eb(sql`lower(email)`, '=', login.toLowerCase())]))
    .orderBy(sql`lower(username) = ${login.toLowerCase()}`, 'desc')
    .limit(1)
    .executeTakeFirst();

export const insert = (tx: Tx, user: NewUser) => tx.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();

/** The same update, unexecuted: to commit as one statement with another write (a data-modifying CTE). */
export const updateQuery = (tx: Tx, organizationId: string, id: string, values: UserUpdate) =>
  tx
    .updateTable('users')
    .set({ ...values, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id);

export const update = (tx: Tx, organizationId: string, id: string, values: UserUpdate) =>
  tx
    .updateTable('users')
    .set({ ...values, updated_at: new Date() })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export const remove = (tx: Tx, organizationId: string, id: string) =>
  tx.deleteFrom('users').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

export interface ListFilter {
  organizationId: string;
  search?: string;
  status?: UserStatus;
  type?: UserType;
  limit: number;
  /** Keyset cursor: the sort key and id of the last row of the previous page. */
  after?: { key: string; id: string };
}

/**
 * Keyset pagination. Without a search, rows come in (lower(username), id) order. A search
 * is a prefix of the username or the email: each is its own ordered index range scan
 * (byte-order keys), merged on a sort key — the username when it matches, else the
 * email — so even a one-letter prefix over millions of users reads only one page.
 */
export async function list(tx: Tx, f: ListFilter): Promise<(UserRow & { sort_key: string })[]> {
  // The type as a literal (a checked union), so the planner can match the partial index of PIN holders.
  const status = sql`${f.status ? sql`and status = ${f.status}` : sql``} ${f.type ? sql`and type = ${sql.lit(f.type)}` : sql``}`;
  const after = (key: ReturnType<typeof sql>) => (f.after ? sql`and (${key}, id) > (${f.after.key}, ${f.after.id}::uuid)` : sql``);
  const branch = (key: ReturnType<typeof sql>, match: ReturnType<typeof sql>) => sql`
    (select users.*, ${key} as sort_key from users
      where organization_id = ${f.organizationId} ${status} ${match} ${after(key)}
      order by ${key}, id limit ${f.limit})`;
  const username = sql`lower(username) collate "C"`;
  const email = sql`lower(email) collate "C"`;
  if (!f.search) {
    return (await sql<UserRow & { sort_key: string }>`${branch(username, sql``)}`.execute(tx)).rows;
  }
  const prefix = `${f.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await sql<UserRow & { sort_key: string }>`
    select * from (
      ${branch(username, sql`and ${username} like ${prefix}`)}
      union all
      ${branch(email, sql`and ${email} like ${prefix} and ${username} not like ${prefix}`)}
    ) matches order by sort_key collate "C", id limit ${f.limit}`.execute(tx);
  return rows.rows;
}

export const groupsOf = (tx: Tx, organizationId: string, userIds: string[]) =>
  userIds.length === 0
    ? Promise.resolve([] as { user_id: string; name: string }[])
    : tx
        .selectFrom('user_groups')
        .innerJoin('groups', 'groups.id', 'user_groups.group_id')
        .select(['user_groups.user_id', 'groups.name'])
        .where('user_groups.organization_id', '=', organizationId)
        .where('user_groups.user_id', 'in', userIds)
        .orderBy('groups.name')
        .execute();

export const groupsWithIdsOf = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('user_groups')
    .innerJoin('groups', 'groups.id', 'user_groups.group_id')
    .select(['groups.id', 'groups.name'])
    .where('user_groups.organization_id', '=', organizationId)
    .where('user_groups.user_id', '=', userId)
    .orderBy('groups.name')
    .execute();

export const findByIds = (tx: Tx, organizationId: string, ids: string[]) =>
  tx.selectFrom('users').selectAll().where('organization_id', '=', organizationId).where('id', 'in', ids).execute();

export async function addGroups(tx: Tx, organizationId: string, userId: string, groupIds: string[]) {
  if (groupIds.length === 0) return;
  await tx
    .insertInto('user_groups')
    .values(groupIds.map((group_id) => ({ organization_id: organizationId, user_id: userId, group_id })))
    .execute();
}

export async function setGroups(tx: Tx, organizationId: string, userId: string, groupIds: string[]) {
  await tx.deleteFrom('user_groups').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  await addGroups(tx, organizationId, userId, groupIds);
}

export const findGroupsByName = (tx: Tx, organizationId: string, names: string[]) =>
  tx
    .selectFrom('groups')
    .select(['id', 'name'])
    .where('organization_id', '=', organizationId)
    .where(sql`lower(name)`, 'in', names.map((n) => n.toLowerCase()))
    .execute();

export const hasAnyAdmin = async (tx: Tx) =>
  (await tx.selectFrom('users').select('id').where('privilege', '=', 'platform_admin').limit(1).executeTakeFirst()) !== undefined;

export const insertPasswordHistory = (tx: Tx, organizationId: string, userId: string, hash: string) =>
  tx.insertInto('password_history').values({ organization_id: organizationId, user_id: userId, password_hash: hash }).execute();

/** The last `count` password hashes of a user, newest (the current one) first. */
export const recentPasswordHashes = async (tx: Tx, organizationId: string, userId: string, count: number) =>
  (
    await tx
      .selectFrom('password_history')
      .select('password_hash')
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(count)
      .execute()
  ).map((r) => r.password_hash);

/** Non-disabled users, with the organization row locked so parallel creations serialise. */
export async function lockAndCountActive(tx: Tx, organizationId: string): Promise<number> {
  await tx.selectFrom('organizations').select('id').where('id', '=', organizationId).forUpdate().execute();
  const row = await tx
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('status', '!=', 'disabled')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Many users in one statement (bulk import); the rows come back in the order given. */
export const insertMany = (tx: Tx, users: NewUser[]): Promise<UserRow[]> =>
  users.length === 0 ? Promise.resolve([]) : tx.insertInto('users').values(users).returningAll().execute();

/** Many memberships in one statement. */
export async function addMemberships(tx: Tx, organizationId: string, pairs: { userId: string; groupId: string }[]) {
  if (pairs.length === 0) return;
  await tx
    .insertInto('user_groups')
    .values(pairs.map((p) => ({ organization_id: organizationId, user_id: p.userId, group_id: p.groupId })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Users whose username or email is one of these names (lowercased), with both lowercased. */
export const byLoginNames = (tx: Tx, organizationId: string, lowerNames: string[]) =>
  lowerNames.length === 0
    ? Promise.resolve([] as { id: string; username: string; email: string | null }[])
    : tx
        .selectFrom('users')
        .select(['id', sql<string>`lower(username)`.as('username'), sql<string | null>`lower(email)`.as('email')])
        .where('organization_id', '=', organizationId)
        .where((eb) => eb.or([eb(sql`lower(username)`, '=', sql<boolean>`any(${lowerNames}::text[])`), eb(sql`lower(email)`, '=', sql<boolean>`any(${lowerNames}::text[])`)]))
        .execute();

/** Creates the groups that don't exist yet (case-insensitively) and returns every one asked for. */
export async function ensureGroups(tx: Tx, organizationId: string, names: string[]) {
  if (names.length === 0) return [] as { id: string; name: string; created: boolean }[];
  const created = await tx
    .insertInto('groups')
    .values(names.map((name) => ({ organization_id: organizationId, name })))
    .onConflict((oc) => oc.expression(sql`organization_id, lower(name)`).doNothing())
    .returning(['id', 'name'])
    .execute();
  const all = await findGroupsByName(tx, organizationId, names);
  const fresh = new Set(created.map((g) => g.id));
  return all.map((g) => ({ ...g, created: fresh.has(g.id) }));
}
