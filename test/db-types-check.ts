import type { Insertable, SelectType } from 'kysely';
import type { DB as Schema } from '../src/db/schema.js';
import type { DB } from '../src/db/types.js';

// The hand-written tables in types.ts refine the generated ones in schema.ts, so the queries
// see unions instead of text and JSON shapes instead of any JSON. This holds them to the
// database: the same tables and columns, the same nullability, the same columns that may be
// left out of an insert, and each column's type the database's or narrower. A migration
// whose types.ts change is missing fails the tests' type check here (npm test, npm run
// typecheck, test/db-types.test.ts), naming table and column. Not under src/, so that drift
// never stops the server build that npm run db:types runs to fix it.

type Keys<T> = Extract<keyof T, string>;
type Optional<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type IsNullable<T> = null extends T ? true : false;

type ColumnDrift<Table extends string, C extends string, H, G, HI, GI> =
  | (IsNullable<SelectType<H>> extends IsNullable<SelectType<G>> ? never : `${Table}.${C}: nullable in ${IsNullable<SelectType<G>> extends true ? 'the database' : 'types.ts'} only`)
  | ([SelectType<H>] extends [SelectType<G>] ? never : `${Table}.${C}: types.ts reads a type the database column cannot hold`)
  | ([C extends Optional<HI> ? true : false] extends [C extends Optional<GI> ? true : false] ? never : `${Table}.${C}: may be left out of an insert in ${C extends Optional<GI> ? 'the database' : 'types.ts'} only`);

type TableDrift<Table extends string, H, G> = {
  [C in Keys<H> | Keys<G>]: C extends Keys<H>
    ? C extends Keys<G>
      ? ColumnDrift<Table, C, H[C], G[C], Insertable<H>, Insertable<G>>
      : `${Table}.${C}: in types.ts, not in the database`
    : `${Table}.${C}: in the database, missing from types.ts`;
}[Keys<H> | Keys<G>];

/** Every difference between hand-written tables and generated ones, one message each. */
export type SchemaDrift<Hand, Gen> = {
  [T in Keys<Hand> | Keys<Gen>]: T extends Keys<Hand>
    ? T extends Keys<Gen>
      ? TableDrift<T, Hand[T], Gen[T]>
      : `${T}: table in types.ts, not in the database`
    : `${T}: table in the database, missing from types.ts`;
}[Keys<Hand> | Keys<Gen>];

/** Fails to compile, listing the drift, unless types.ts matches the migrated database. */
export const typesMatchDatabase: [SchemaDrift<DB, Schema>] extends [never] ? true : SchemaDrift<DB, Schema> & string = true;

