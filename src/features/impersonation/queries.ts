import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { ImpersonationEnd } from '../../db/types.js';

export const insert = (
  tx: Tx,
  row: { organization_id: string; user_id: string; admin_id: string; admin_organization_id: string; admin_label: string; reason: string; ticket: string | null; link_hash: Buffer; expires_at: Date; created_at: Date },
) => tx.insertInto('impersonations').values(row).returning('id').executeTakeFirstOrThrow();

/** The session the used link opened, and until when it lasts. */
export const markStarted = (tx: Tx, id: string, sessionId: string, startedAt: Date, endsAt: Date) =>
  tx.updateTable('impersonations').set({ session_id: sessionId, started_at: startedAt, ends_at: endsAt }).where('id', '=', id).execute();

export const findOfUser = (tx: Tx, organizationId: string, userId: string, id: string) =>
  tx.selectFrom('impersonations').selectAll().where('organization_id', '=', organizationId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();

export const findBySession = (tx: Tx, organizationId: string, sessionId: string) =>
  tx.selectFrom('impersonations').selectAll().where('organization_id', '=', organizationId).where('session_id', '=', sessionId).executeTakeFirst();

/** The user's impersonations, newest first (the console shows the latest ones). */
export const listOfUser = (tx: Tx, organizationId: string, userId: string, limit: number) =>
  tx
    .selectFrom('impersonations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();

/**
 * Ends an open impersonation, once: of any number of concurrent stops (the Stop button, the
 * console, the sweep) exactly one gets the row back and records the end.
 */
export const markStopped = (tx: Tx, id: string, now: Date, by: ImpersonationEnd) =>
  tx
    .updateTable('impersonations')
    .set({ stopped_at: now, stopped_by: by })
    .where('id', '=', id)
    .where('started_at', 'is not', null)
    .where('stopped_at', 'is', null)
    .returningAll()
    .executeTakeFirst();

export const markNotified = (tx: Tx, id: string, now: Date) => tx.updateTable('impersonations').set({ user_notified_at: now }).where('id', '=', id).execute();

/**
 * Open impersonations whose session is over: past their time limit, or their session ended
 * some other way (signed out, revoked by an administrator). Any organization.
 */
export const findEnded = (tx: Tx, now: Date, limit: number) =>
  tx
    .selectFrom('impersonations')
    .leftJoin('sessions', 'sessions.id', 'impersonations.session_id')
    .select(['impersonations.id', sql<boolean>`impersonations.ends_at <= ${now}`.as('timed_out')])
    .where('impersonations.started_at', 'is not', null)
    .where('impersonations.stopped_at', 'is', null)
    .where((eb) => eb.or([eb('impersonations.ends_at', '<=', now), eb('sessions.revoked_at', 'is not', null), eb('sessions.id', 'is', null)]))
    .orderBy('impersonations.ends_at')
    .limit(limit)
    .execute();
