import type { Tx } from '../../context.js';
import type { InvitationMethod } from '../../db/types.js';

export const supersedePending = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx
    .updateTable('invitations')
    .set({ state: 'superseded', finished_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .execute();

export const insert = (
  tx: Tx,
  i: { organization_id: string; user_id: string; method: InvitationMethod; secret_hash: Buffer; expires_at: Date | null; created_by: string | null },
) => tx.insertInto('invitations').values(i).returningAll().executeTakeFirstOrThrow();

export const findBySecret = (tx: Tx, organizationId: string, secretHash: Buffer) =>
  tx.selectFrom('invitations').selectAll().where('organization_id', '=', organizationId).where('secret_hash', '=', secretHash).executeTakeFirst();

export const markOpened = (tx: Tx, id: string, now: Date) =>
  tx.updateTable('invitations').set({ opened_at: now }).where('id', '=', id).where('opened_at', 'is', null).execute();

/**
 * The single-use step: only one caller can move a pending, unexpired invitation to
 * accepted; every concurrent caller gets no row back.
 */
export const consume = (tx: Tx, organizationId: string, secretHash: Buffer, now: Date) =>
  tx
    .updateTable('invitations')
    .set({ state: 'accepted', finished_at: now })
    .where('organization_id', '=', organizationId)
    .where('secret_hash', '=', secretHash)
    .where('state', '=', 'pending')
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .returningAll()
    .executeTakeFirst();

export const latestForUser = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
