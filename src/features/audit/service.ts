import type { Context, Tx } from '../../context.js';
import type { AuditEventRow } from '../../db/types.js';
import { type Actor, authorize } from '../../access/index.js';
import { cursorCodec } from '../../lib/cursor.js';
import { insertEventQuery, insertEventsQuery, listEvents, type AuditFilter } from './queries.js';

export interface AuditEntry {
  organizationId: string | null;
  action: string;
  target?: { type: string; id: string };
  data?: Record<string, unknown>;
}

/**
 * Appends one event in the caller's transaction, so the record exists exactly when the
 * action it describes was committed.
 */
export function record(tx: Tx, actor: Actor, entry: AuditEntry): Promise<unknown> {
  return recordQuery(tx, actor, entry).execute();
}

/**
 * The event's insert, unexecuted, to commit in the same statement as the write it describes
 * (a data-modifying CTE, see sessions.start): the record exists exactly when that write does.
 */
export function recordQuery(tx: Tx, actor: Actor, entry: AuditEntry) {
  return insertEventQuery(tx, row(actor, entry));
}

/** Appends many events of one actor in one statement, in the caller's transaction (bulk actions). */
export async function recordMany(tx: Tx, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await insertEventsQuery(tx, entries.map((e) => row(actor, e))).execute();
}

function row(actor: Actor, entry: AuditEntry) {
  return {
    organization_id: entry.organizationId,
    actor_type: actor.type,
    actor_id: actor.id,
    actor_label: actor.label,
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    ip: actor.ip,
    user_agent: actor.userAgent,
    impersonator_id: actor.impersonator?.id ?? null,
    impersonator_label: actor.impersonator?.label ?? null,
    data: JSON.stringify(entry.data ?? {}),
  };
}

/** The audit log continues below the position (occurred_at in microseconds) and id of the last event. */
const pageCursor = cursorCodec(['serial', 'serial']);
const positionOf = (row: { position: string; id: string }) => ({ position: row.position, id: row.id });

/** What the log is searched and exported by; the organization is always named. */
export type AuditSearch = Omit<AuditFilter, 'before' | 'limit'>;

/**
 * One page of the organization's log, newest first. The caller needs `audit.read` in that
 * organization; another organization's log answers as if it did not exist.
 */
export async function list(ctx: Context, actor: Actor, filter: AuditSearch & { limit: number; cursor?: string }): Promise<{ items: AuditEventRow[]; nextCursor: string | null }> {
  authorize(actor, filter.organizationId, 'audit.read');
  const { cursor, ...rest } = filter;
  const before = cursor ? (([position, id]) => ({ position, id }))(pageCursor.decode(cursor)) : undefined;
  const rows = await listEvents(ctx.db, { ...rest, before, limit: filter.limit + 1 });
  const items = rows.slice(0, filter.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > filter.limit && last ? pageCursor.encode([last.position, last.id]) : null };
}

/** Rows read per query while exporting: enough to keep the round trips few, small enough to hold. */
export const EXPORT_BATCH = 1000;

/**
 * Every event matching the filters, newest first, read in batches by keyset: at most one
 * batch is in memory, and no transaction stays open between batches. Events appended while
 * the export runs are newer than where it reads and so not in it.
 *
 * Authorizes and records the export (`audit.exported`) before anything is read, so a
 * refusal is an error answer and never a half-written file.
 */
export async function exportEvents(ctx: Context, actor: Actor, filter: AuditSearch): Promise<AsyncIterable<AuditEventRow>> {
  authorize(actor, filter.organizationId, 'audit.read');
  await record(ctx.db, actor, {
    organizationId: filter.organizationId,
    action: 'audit.exported',
    data: { filters: describe(filter) },
  });
  return (async function* () {
    let before: { position: string; id: string } | undefined;
    for (;;) {
      const rows = await listEvents(ctx.db, { ...filter, before, limit: EXPORT_BATCH });
      yield* rows;
      if (rows.length < EXPORT_BATCH) return;
      before = positionOf(rows[rows.length - 1]!);
    }
  })();
}

/** The filters an export used, as the record of it says. */
function describe(f: AuditSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['action', 'actorId', 'impersonatorId', 'targetId'] as const) if (f[key]) out[key] = f[key];
  if (f.since) out.since = f.since.toISOString();
  if (f.until) out.until = f.until.toISOString();
  return out;
}
