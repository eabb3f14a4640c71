import type { Tx } from '../../context.js';
import type { SheetKind } from '../../db/types.js';
import { store } from '../../flows/index.js';

/** Sheets as the flow core sees them: used once viewed; superseding expires them and erases their secret. */
export const TABLE: store.SecretTable = { table: 'onboarding_sheets', hash: 'secret_hash', lifecycle: { kind: 'used', column: 'viewed_at' }, supersede: 'expire' };
const SECRET = 'encrypted_secret';

export const insert = (
  tx: Tx,
  l: { organization_id: string; user_id: string; kind: SheetKind; secret_hash: Buffer; encrypted_secret: Buffer; created_by: string | null; expires_at: Date },
) => tx.insertInto('onboarding_sheets').values(l).returning('id').executeTakeFirstOrThrow();

/** Opens a sheet once: the encrypted secret is erased in the same statement that reads it. */
export const consume = (tx: Tx, organizationId: string, secretHash: Buffer, now: Date) =>
  store
    .consume<{ user_id: string; kind: SheetKind; previous_encrypted_secret: Buffer | null }>(tx, TABLE, { hash: secretHash }, { organization_id: organizationId }, now, [SECRET])
    .then((r) => r && { user_id: r.user_id, kind: r.kind, box: r.previous_encrypted_secret });

/** Unviewed sheets of a user stop working when a newer secret replaces theirs. */
export const discardUnviewed = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  store.supersede(tx, TABLE, { organization_id: organizationId, user_id: userId }, now, [SECRET]);
