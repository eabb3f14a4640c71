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
    data: JSON.stringify(entry.data ?? {}),
  };
}

/** The audit log continues below the id of the last event (ids only grow). */
const pageCursor = cursorCodec(['serial']);

export async function list(ctx: Context, actor: Actor, filter: Omit<AuditFilter, 'beforeId'> & { cursor?: string }): Promise<{ items: AuditEventRow[]; nextCursor: string | null }> {
  authorize(actor, filter.organizationId, 'audit.read');
  const { cursor, ...rest } = filter;
  const beforeId = cursor ? pageCursor.decode(cursor)[0] : undefined;
  const rows = await listEvents(ctx.db, { ...rest, beforeId, limit: filter.limit + 1 });
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? pageCursor.encode([items[items.length - 1]!.id]) : null };
}
