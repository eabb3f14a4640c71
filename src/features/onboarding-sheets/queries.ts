import type { Tx } from '../../context.js';
import type { SheetKind } from '../../db/types.js';

export const insert = (
  tx: Tx,
  l: { organization_id: string; user_id: string; kind: SheetKind; secret_hash: Buffer; encrypted_secret: Buffer; created_by: string | null; expires_at: Date },
) => tx.insertInto('onboarding_sheets').values(l).returning('id').executeTakeFirstOrThrow();

/** Opens a sheet once: the encrypted secret is erased in the same statement that reads it. */
export const consume = (tx: Tx, organizationId: string, secretHash: Buffer, now: Date) =>
  tx
    .updateTable('onboarding_sheets as s')
    .set({ viewed_at: now, encrypted_secret: null })
    .from((eb) =>
      eb
        .selectFrom('onboarding_sheets')
        .select(['id', 'encrypted_secret as box'])
        .where('organization_id', '=', organizationId)
        .where('secret_hash', '=', secretHash)
        .where('viewed_at', 'is', null)
        .where('expires_at', '>', now)
        .forUpdate()
        .as('old'),
    )
    .whereRef('s.id', '=', 'old.id')
    .returning(['s.user_id', 's.kind', 'old.box'])
    .executeTakeFirst();

/** Unviewed sheets of a user stop working when a newer secret replaces theirs. */
export const discardUnviewed = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx
    .updateTable('onboarding_sheets')
    .set({ expires_at: now, encrypted_secret: null })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('viewed_at', 'is', null)
    .execute();
