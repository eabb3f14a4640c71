import type { Kysely } from 'kysely';
import type { Tx } from '../../context.js';
import type { DB, RecoveryChannel, RecoveryKind, RecoveryRequestRow } from '../../db/types.js';
import { store } from '../../flows/index.js';

/** Reset requests as the flow core sees them: states recorded, attempts counted. */
export const TABLE: store.SecretTable = { table: 'recovery_requests', hash: 'link_hash', lifecycle: { kind: 'state' } };
const ofUser = (organizationId: string, userId: string) => ({ organization_id: organizationId, user_id: userId });

/** A newer request of the user ends every older one, whatever it was for. */
export const supersedePending = (tx: Tx, organizationId: string, userId: string, now: Date) => store.supersede(tx, TABLE, ofUser(organizationId, userId), now);

export const insert = (
  tx: Tx,
  r: { organization_id: string; user_id: string; kind: RecoveryKind; channel: RecoveryChannel; link_hash: Buffer | null; code_hash: Buffer | null; expires_at: Date; issued_by?: string | null },
) => tx.insertInto('recovery_requests').values(r).returningAll().executeTakeFirstOrThrow();

/** The request behind an emailed link, whatever its state (the service says what it means). */
export const findByLink = (tx: Tx, organizationId: string, linkHash: Buffer) =>
  tx.selectFrom('recovery_requests').selectAll().where('organization_id', '=', organizationId).where('link_hash', '=', linkHash).executeTakeFirst();

/**
 * The pending (possibly expired) request of a user for `kind`. Unknown accounts ask for an id
 * no user has: the same query, which finds nothing.
 */
export const pendingForUser = (tx: Tx, organizationId: string, userId: string, kind: RecoveryKind) =>
  tx
    .selectFrom('recovery_requests')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('state', '=', 'pending')
    .executeTakeFirst();

/** See store.reserveAttemptUnflushed: count first, compare only with a row back. */
export const reserveAttemptUnflushed = (db: Kysely<DB>, id: string, max: number) => store.reserveAttemptUnflushed(db, TABLE, id, max);

/** See store.settleAttemptUnflushed: exhausted at `max` after a wrong code, the attempt given back after a right one. */
export const settleAttemptUnflushed = (db: Kysely<DB>, id: string, right: boolean, max: number, now: Date) => store.settleAttemptUnflushed(db, TABLE, id, right, max, now);

/**
 * The single-use step, by id once the link or code was proved: one conditional UPDATE, so of
 * any number of parallel redemptions exactly one gets the row.
 */
/** When the user's latest password reset by an SMS code was completed, if ever. */
export const lastSmsPasswordReset = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('recovery_requests')
    .select('finished_at')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('kind', '=', 'password')
    .where('channel', '=', 'sms_code')
    .where('state', '=', 'accepted')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst();

export const consumeById = (tx: Tx, organizationId: string, id: string, now: Date) =>
  store.consume<RecoveryRequestRow>(tx, TABLE, { id }, { organization_id: organizationId }, now);


/** Ends the user's pending reset requests as revoked (their identity was removed). */
export const revokePending = (tx: Tx, organizationId: string, userId: string, now: Date) => store.revoke(tx, TABLE, undefined, ofUser(organizationId, userId), now);
