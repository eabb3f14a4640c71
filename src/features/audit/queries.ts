import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import { unnestRows } from '../../db/bulk.js';
import type { Insertable } from 'kysely';
import type { AuditEventsTable } from '../../db/types.js';

export const insertEventQuery = (tx: Tx, event: Insertable<AuditEventsTable>) => tx.insertInto('audit_events').values(event);

/** Many events in one statement (a bulk action). */
/** Many events in one statement, one array parameter per column (bulk actions, imports). */
export const insertEventsQuery = (tx: Tx, events: Insertable<AuditEventsTable>[]) => {
  const { columns, select } = unnestRows(events, {
    organization_id: 'uuid',
    actor_type: 'text',
    actor_id: 'uuid',
    actor_label: 'text',
    action: 'text',
    target_type: 'text',
    target_id: 'uuid',
    ip: 'text',
    user_agent: 'text',
    impersonator_id: 'uuid',
    impersonator_label: 'text',
    data: 'jsonb',
  });
  return tx.insertInto('audit_events').columns(columns).expression(select);
};

export interface AuditFilter {
  organizationId: string;
  /** Exact (`user.created`) or a prefix: `login.*`, `login.` or a bare noun `login`. */
  action?: string;
  actorId?: string;
  impersonatorId?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  /** Keyset: continue below this position (the last row's `position` and id). */
  before?: { position: string; id: string };
  limit: number;
}

/** The LIKE pattern of an action prefix filter, or null for an exact action. */
function actionPattern(action: string): string | null {
  const noun = action.endsWith('.*') ? action.slice(0, -2) : action.endsWith('.') ? action.slice(0, -1) : action.includes('.') ? null : action;
  return noun === null ? null : `${noun.replace(/[\\%_]/g, (c) => `\\${c}`)}.%`;
}

// Byte-order comparison, as audit_org_action is keyed: a prefix is then one index range.
const actionC = sql<string>`action collate "C"`;

/**
 * Where an event stands in the newest-first order: occurred_at in microseconds since the
 * epoch (exact, as a decimal string; a JavaScript Date would drop the microseconds and
 * make a cursor skip or repeat events of the same millisecond).
 */
const position = sql<string>`(extract(epoch from occurred_at) * 1000000)::bigint::text`;

/**
 * One page of events, newest first (occurred_at desc, id desc), within one organization.
 * Each filter has an index in that order with the time as part of its key (migration
 * 0015), so a page, with or without a time range, reads about a page of rows however large
 * the log is.
 */
export function listEvents(tx: Tx, f: AuditFilter) {
  let q = tx.selectFrom('audit_events').selectAll().select(position.as('position')).where('organization_id', '=', f.organizationId);
  if (f.action) {
    const pattern = actionPattern(f.action);
    q = pattern === null ? q.where(actionC, '=', f.action) : q.where(actionC, 'like', pattern);
  }
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.impersonatorId) q = q.where('impersonator_id', '=', f.impersonatorId);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.since) q = q.where('occurred_at', '>=', f.since);
  if (f.until) q = q.where('occurred_at', '<', f.until);
  if (f.before) {
    const at = sql`timestamptz 'epoch' + ${f.before.position}::bigint * interval '1 microsecond'`;
    q = q.where(sql<boolean>`(occurred_at, id) < (${at}, ${f.before.id}::bigint)`);
  }
  return q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}
