import type { Tx } from '../../context.js';

export const insertLink = (
  tx: Tx,
  l: { organization_id: string; user_id: string; secret_hash: Buffer; encrypted_password: Buffer; created_by: string | null; expires_at: Date },
) => tx.insertInto('temporary_password_links').values(l).returning('id').executeTakeFirstOrThrow();

/** Opens a link once: the encrypted password is erased in the same statement that reads it. */
export const consumeLink = (tx: Tx, organizationId: string, secretHash: Buffer, now: Date) =>
  tx
    .updateTable('temporary_password_links as l')
    .set({ viewed_at: now, encrypted_password: null })
    .from((eb) =>
      eb
        .selectFrom('temporary_password_links')
        .select(['id', 'encrypted_password as box'])
        .where('organization_id', '=', organizationId)
        .where('secret_hash', '=', secretHash)
        .where('viewed_at', 'is', null)
        .where('expires_at', '>', now)
        .forUpdate()
        .as('old'),
    )
    .whereRef('l.id', '=', 'old.id')
    .returning(['l.user_id', 'old.box'])
    .executeTakeFirst();

/** Links not yet viewed stop working when a newer password replaces theirs. */
export const discardUnviewed = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx
    .updateTable('temporary_password_links')
    .set({ expires_at: now, encrypted_password: null })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('viewed_at', 'is', null)
    .execute();
