import { sql, type RawBuilder } from 'kysely';

/**
 * Many rows as one `select * from unnest($1::type[], $2::type[], …)`: one array parameter per
 * column instead of one parameter per value. For a batch of 1,000 rows PostgreSQL parses and
 * plans a dozen parameters instead of 12,000, and the query builder compiles a dozen nodes
 * instead of a VALUES tree of every value (bulk import: users, memberships, invitations,
 * their messages, audit events). Every column named in `types` is given for every row (a
 * missing value is null, never the column's default), in the order of `types`.
 */
export function unnestRows<R extends object>(rows: readonly R[], types: { [K in keyof R & string]?: string }): { columns: (keyof R & string)[]; select: RawBuilder<unknown> } {
  const columns = Object.keys(types) as (keyof R & string)[];
  const arrays = columns.map((c) => sql`${rows.map((r) => (r[c] as unknown) ?? null)}::${sql.raw(types[c]!)}[]`);
  return { columns, select: sql`select * from unnest(${sql.join(arrays)})` };
}
