import type { Tx } from '../../context.js';
import type { Insertable } from 'kysely';
import type { AuditEventsTable } from '../../db/types.js';

export const insertEventQuery = (tx: Tx, event: Insertable<AuditEventsTable>) => tx.insertInto('audit_events').values(event);

/** Many events in one statement (a bulk action). */
export const insertEventsQuery = (tx: Tx, events: Insertable<AuditEventsTable>[]) => tx.insertInto('audit_events').values(events);

export interface AuditFilter {
  organizationId: string;
  action?: string;
  actorId?: string;
  targetId?: string;
  since?: Date;
  until?: Date;
  beforeId?: string;
  limit: number;
}

export function listEvents(tx: Tx, f: AuditFilter) {
  let q = tx.selectFrom('audit_events').selectAll().where('organization_id', '=', f.organizationId);
  if (f.action) q = f.action.endsWith('.') || !f.action.includes('.')
    ? q.where('action', 'like', `${f.action.replace(/\.$/, '')}.%`)
    : q.where('action', '=', f.action);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.targetId) q = q.where('target_id', '=', f.targetId);
  if (f.since) q = q.where('occurred_at', '>=', f.since);
  if (f.until) q = q.where('occurred_at', '<', f.until);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  return q.orderBy('id', 'desc').limit(f.limit).execute();
}
