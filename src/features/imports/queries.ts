import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { ImportFormat, ImportRowOutcome, NewImport } from '../../db/types.js';

export const insert = (tx: Tx, row: NewImport) => tx.insertInto('imports').values(row).returningAll().executeTakeFirstOrThrow();

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('imports').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Newest first, continuing before the creation time and id of the last one shown. */
export const list = (tx: Tx, organizationId: string, limit: number, before?: { createdAt: Date; id: string }) =>
  tx
    .selectFrom('imports')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .$if(!!before, (qb) => qb.where(sql<boolean>`(created_at, id) < (${before!.createdAt}, ${before!.id}::uuid)`))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

export interface Progress {
  bytesRead: number;
  rows: number;
  created: number;
  existing: number;
  invalid: number;
  overLimit: number;
  invited: number;
}

/** Adds one batch's counts (and sets the bytes read so far) in the batch's transaction. */
export const addProgress = (tx: Tx, organizationId: string, id: string, p: Progress, format: ImportFormat) =>
  tx
    .updateTable('imports')
    .set((eb) => ({
      format,
      bytes_read: p.bytesRead,
      rows_total: eb('rows_total', '+', p.rows),
      rows_created: eb('rows_created', '+', p.created),
      rows_existing: eb('rows_existing', '+', p.existing),
      rows_invalid: eb('rows_invalid', '+', p.invalid),
      rows_over_limit: eb('rows_over_limit', '+', p.overLimit),
      invitations_queued: eb('invitations_queued', '+', p.invited),
      updated_at: new Date(),
    }))
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();

export const finish = (tx: Tx, organizationId: string, id: string, state: 'finished' | 'failed', error: string | null, now: Date) =>
  tx
    .updateTable('imports')
    .set({ state, error, finished_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();

export interface ReportRow {
  row: number;
  line: number;
  outcome: ImportRowOutcome;
  username: string | null;
  userId: string | null;
  problems: { field: string; reason: string }[];
}

export async function insertReport(tx: Tx, organizationId: string, importId: string, rows: ReportRow[]) {
  if (rows.length === 0) return;
  await tx
    .insertInto('import_rows')
    .values(rows.map((r) => ({ import_id: importId, organization_id: organizationId, row_number: r.row, line: r.line, outcome: r.outcome, username: r.username, user_id: r.userId, problems: JSON.stringify(r.problems) })))
    .execute();
}

/** Report rows in file order, after row number `afterRow`. */
export const report = (tx: Tx, organizationId: string, importId: string, limit: number, afterRow: number, outcome?: ImportRowOutcome) =>
  tx
    .selectFrom('import_rows')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('import_id', '=', importId)
    .where('row_number', '>', afterRow)
    .$if(!!outcome, (qb) => qb.where('outcome', '=', outcome!))
    .orderBy('row_number')
    .limit(limit)
    .execute();

/**
 * A dry run's memory of the names read so far: records these (lowercased) names, and returns
 * the ones an earlier row already had, with that row's line.
 */
export async function rememberNames(tx: Tx, importId: string, names: { name: string; row: number; line: number }[]): Promise<Map<string, { row: number; line: number }>> {
  if (names.length === 0) return new Map();
  const fresh = await tx
    .insertInto('import_names')
    .values(names.map((n) => ({ import_id: importId, name: n.name, row_number: n.row, line: n.line })))
    .onConflict((oc) => oc.columns(['import_id', 'name']).doNothing())
    .returning('name')
    .execute();
  const isFresh = new Set(fresh.map((r) => r.name));
  const seen = names.filter((n) => !isFresh.has(n.name)).map((n) => n.name);
  if (seen.length === 0) return new Map();
  const earlier = await tx.selectFrom('import_names').select(['name', 'row_number', 'line']).where('import_id', '=', importId).where('name', 'in', seen).execute();
  return new Map(earlier.map((r) => [r.name, { row: r.row_number, line: r.line }]));
}

export const forgetNames = (tx: Tx, importId: string) => tx.deleteFrom('import_names').where('import_id', '=', importId).execute();
