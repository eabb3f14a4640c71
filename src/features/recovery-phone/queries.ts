import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { RecoveryPhoneCodeRow, RecoveryPhoneRow } from '../../db/types.js';
import { store } from '../../flows/index.js';

/** Verification codes as the flow core sees them: states recorded, attempts counted. */
export const CODES: store.SecretTable = { table: 'recovery_phone_codes', hash: 'code_hash', lifecycle: { kind: 'state' } };
const ofUser = (organizationId: string, userId: string) => ({ organization_id: organizationId, user_id: userId });

export const find = (tx: Tx, organizationId: string, userId: string) =>
  tx.selectFrom('recovery_phones').selectAll().where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();

/** The number only when it was proved: the one read every SMS sender goes through. */
export const findVerifiedNumber = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('recovery_phones')
    .select('number')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('verified_at', 'is not', null)
    .executeTakeFirst();

/** Locks the user's phone row (if any), so two changes of one user's phone run one after the other. */
export const findForUpdate = (tx: Tx, organizationId: string, userId: string) =>
  tx.selectFrom('recovery_phones').selectAll().where('organization_id', '=', organizationId).where('user_id', '=', userId).forUpdate().executeTakeFirst();

/**
 * Sets the user's number. Another number than the stored one starts unverified again; the
 * same number keeps its verification and takes the new consent time.
 */
export const upsert = (tx: Tx, p: { organization_id: string; user_id: string; number: string; country: string; consented_at: Date; now: Date }) =>
  tx
    .insertInto('recovery_phones')
    .values({ organization_id: p.organization_id, user_id: p.user_id, number: p.number, country: p.country, consented_at: p.consented_at, verified_at: null, created_at: p.now, updated_at: p.now })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'user_id']).doUpdateSet((eb) => ({
        number: eb.ref('excluded.number'),
        country: eb.ref('excluded.country'),
        consented_at: eb.ref('excluded.consented_at'),
        updated_at: eb.ref('excluded.updated_at'),
        verified_at: eb.case().when('recovery_phones.number', '=', eb.ref('excluded.number')).then(eb.ref('recovery_phones.verified_at')).else(null).end(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();

/** Marks the number verified, only while it is still the number the code was sent to. */
export const markVerified = (tx: Tx, organizationId: string, userId: string, number: string, now: Date) =>
  tx
    .updateTable('recovery_phones')
    .set({ verified_at: now, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('number', '=', number)
    .returningAll()
    .executeTakeFirst();

export const remove = (tx: Tx, organizationId: string, userId: string) =>
  tx.deleteFrom('recovery_phones').where('organization_id', '=', organizationId).where('user_id', '=', userId).returningAll().executeTakeFirst();

export const supersedeCodes = (tx: Tx, organizationId: string, userId: string, now: Date) => store.supersede(tx, CODES, ofUser(organizationId, userId), now);

/** Ends the user's pending codes as revoked (the phone was removed). */
export const revokeCodes = (tx: Tx, organizationId: string, userId: string, now: Date) => store.revoke(tx, CODES, undefined, ofUser(organizationId, userId), now);

export const insertCode = (tx: Tx, c: { organization_id: string; user_id: string; number: string; code_hash: Buffer; expires_at: Date }) =>
  tx.insertInto('recovery_phone_codes').values(c).returningAll().executeTakeFirstOrThrow();

/**
 * What a typed code is checked against: the user's pending code (there is at most one), else
 * their newest, whatever its state, so the answer can say why it no longer works.
 */
export const latestCode = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('recovery_phone_codes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy(sql`state = 'pending'`, 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** Counts an attempt before the code is compared (see store.reserveAttempt); undefined: none left. */
export const reserveAttempt = (tx: Tx, id: string, max: number, now: Date) => store.reserveAttempt(tx, CODES, id, max, now);

/** After a wrong code: exhausted once `max` attempts are counted. */
export const exhaustSpent = (tx: Tx, id: string, max: number, now: Date) => store.exhaustSpent(tx, CODES, id, max, now);

/** Single use: of any number of concurrent redemptions of one code exactly one gets the row, and only for the number it was sent to. */
export const consumeCode = (tx: Tx, organizationId: string, userId: string, id: string, number: string, now: Date) =>
  store.consume<RecoveryPhoneCodeRow>(tx, CODES, { id }, { organization_id: organizationId, user_id: userId, number }, now);

export type { RecoveryPhoneRow };

export const deleteCodes = (tx: Tx, organizationId: string, userId: string) =>
  tx.deleteFrom('recovery_phone_codes').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
