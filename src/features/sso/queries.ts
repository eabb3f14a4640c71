import { sql } from 'kysely';
import type { Tx } from '../../context.js';
import type { SsoMatching } from '../../db/types.js';

export const find = (tx: Tx, organizationId: string) => tx.selectFrom('organization_sso').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();

/** Locked for the rest of the transaction: concurrent patches apply one after the other. */
export const findForUpdate = (tx: Tx, organizationId: string) => tx.selectFrom('organization_sso').selectAll().where('organization_id', '=', organizationId).forUpdate().executeTakeFirst();

export const save = (
  tx: Tx,
  organizationId: string,
  v: { issuer: string; client_id: string; encrypted_client_secret: Buffer | null; display_name: string; matching: SsoMatching; jit_creation: boolean; updated_by: string | null },
) =>
  tx
    .insertInto('organization_sso')
    .values({ organization_id: organizationId, ...v })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ ...v, updated_at: sql<Date>`now()` }))
    .returningAll()
    .executeTakeFirstOrThrow();

export const remove = (tx: Tx, organizationId: string) => tx.deleteFrom('organization_sso').where('organization_id', '=', organizationId).executeTakeFirst();

/** The user an upstream account is linked to, marking the link used. */
export const useLink = (tx: Tx, organizationId: string, issuer: string, subject: string, now: Date) =>
  tx
    .updateTable('sso_links')
    .set({ last_used_at: now })
    .where('organization_id', '=', organizationId)
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .returning(['user_id'])
    .executeTakeFirst();

/** Links a user to an upstream account; false when the account or the user already has a link at this issuer. */
export const insertLink = async (tx: Tx, organizationId: string, userId: string, issuer: string, subject: string, now: Date) =>
  (
    await tx
      .insertInto('sso_links')
      .values({ organization_id: organizationId, user_id: userId, issuer, subject, last_used_at: now })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst()
  ).numInsertedOrUpdatedRows === 1n;
