import type { Tx } from '../../context.js';
import type { Privilege } from '../../db/types.js';

const publicColumns = ['id', 'organization_id', 'name', 'privilege', 'prefix', 'created_by', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'] as const;

export const insert = (
  tx: Tx,
  t: { organization_id: string; name: string; privilege: Exclude<Privilege, 'user'>; token_hash: Buffer; prefix: string; created_by: string | null; expires_at: Date | null },
) => tx.insertInto('api_tokens').values(t).returning(publicColumns).executeTakeFirstOrThrow();

export const list = (tx: Tx, organizationId: string) =>
  tx.selectFrom('api_tokens').select(publicColumns).where('organization_id', '=', organizationId).orderBy('created_at', 'desc').execute();

export const findLive = (tx: Tx, tokenHash: Buffer, now: Date) =>
  tx
    .selectFrom('api_tokens')
    .select(['id', 'organization_id', 'name', 'privilege', 'last_used_at', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();

export const touch = (tx: Tx, id: string, now: Date) => tx.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();

export const revoke = (tx: Tx, organizationId: string, id: string, now: Date) =>
  tx
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(publicColumns)
    .executeTakeFirst();

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('api_tokens').select(publicColumns).where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Revokes live tokens a user created whose privilege is in `privileges`. */
export const revokeCreatedBy = (tx: Tx, organizationId: string, userId: string, privileges: Privilege[], now: Date) =>
  privileges.length === 0
    ? Promise.resolve([])
    : tx
        .updateTable('api_tokens')
        .set({ revoked_at: now })
        .where('organization_id', '=', organizationId)
        .where('created_by', '=', userId)
        .where('revoked_at', 'is', null)
        .where('privilege', 'in', privileges as Exclude<Privilege, 'user'>[])
        .returning('id')
        .execute();
