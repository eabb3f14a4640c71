import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { PinCodeRow } from '../../db/types.js';
import { store } from '../../flows/index.js';

/** PINs as the flow core sees them: redeemable while the used count is below the quota. */
export const TABLE: store.SecretTable = { table: 'pin_codes', hash: 'pin_hash', lifecycle: { kind: 'quota', used: 'used_count', quota: 'quota' } };

export const findByHolder = (tx: Tx, organizationId: string, holderId: string) =>
  tx.selectFrom('pin_codes').selectAll().where('organization_id', '=', organizationId).where('holder_id', '=', holderId).executeTakeFirst();

export const findByHash = (tx: Tx, organizationId: string, hash: Buffer) =>
  tx.selectFrom('pin_codes').selectAll().where('organization_id', '=', organizationId).where('pin_hash', '=', hash).executeTakeFirst();

/**
 * The holder's PIN, new or replaced in place: a regenerated PIN keeps its row and so its used
 * count, and the old PIN stops matching in the same statement.
 */
export const upsert = (
  tx: Tx,
  p: { organization_id: string; holder_id: string; pin_hash: Buffer; encrypted_pin: Buffer; quota: number | null; expires_at: Date | null; created_by: string | null },
) =>
  tx
    .insertInto('pin_codes')
    .values(p)
    .onConflict((oc) =>
      oc.columns(['organization_id', 'holder_id']).doUpdateSet({
        pin_hash: p.pin_hash,
        encrypted_pin: p.encrypted_pin,
        quota: p.quota,
        expires_at: p.expires_at,
        created_by: p.created_by,
        regenerated_at: sql`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();

/** Quota and expiry changed, the PIN kept. */
export const updateLimits = (tx: Tx, organizationId: string, holderId: string, patch: { quota: number | null; expires_at: Date | null }) =>
  tx.updateTable('pin_codes').set(patch).where('organization_id', '=', organizationId).where('holder_id', '=', holderId).returningAll().executeTakeFirstOrThrow();

/** One use of the PIN: one conditional UPDATE, so parallel sign-ups never exceed the quota. */
export const draw = (tx: Tx, organizationId: string, hash: Buffer, now: Date) => store.consume<PinCodeRow>(tx, TABLE, { hash }, { organization_id: organizationId }, now);

export const remove = (tx: Tx, organizationId: string, holderId: string) =>
  tx.deleteFrom('pin_codes').where('organization_id', '=', organizationId).where('holder_id', '=', holderId).executeTakeFirst();

export const recordSignUp = (tx: Tx, s: { organization_id: string; user_id: string; holder_id: string }) => tx.insertInto('pin_sign_ups').values(s).execute();

/** The users a holder's PIN created, newest first. */
export const createdBy = (tx: Tx, organizationId: string, holderId: string, limit: number) =>
  tx
    .selectFrom('pin_sign_ups')
    .select(['user_id', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('holder_id', '=', holderId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
