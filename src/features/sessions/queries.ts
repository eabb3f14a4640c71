import type { OperationNodeSource, QueryCreator } from 'kysely';
import type { Tx } from '../../context.js';
import type { DB } from '../../db/types.js';

/** A write of another feature (its unexecuted query) that commits with the session's insert. */
export type AlongsideWrite = OperationNodeSource;

/**
 * Inserts a session; each `alongside` write becomes a data-modifying CTE of the same
 * statement, so they all commit together in one round trip, without a transaction.
 */
export function insert(
  tx: Tx,
  s: { organization_id: string; user_id: string; kind: 'console' | 'account'; token_hash: Buffer; ip: string | null; user_agent: string | null; created_at: Date; last_seen_at: Date; expires_at: Date; methods: string[]; aal: number; device_id: string | null },
  alongside: AlongsideWrite[] = [],
) {
  const creator = alongside.reduce<QueryCreator<DB>>((qc, write, i) => qc.with(`w${i}`, () => write as never) as unknown as QueryCreator<DB>, tx);
  return creator.insertInto('sessions').values(s).returning('id').executeTakeFirstOrThrow();
}

/** A live session with its user, in one round trip; disabled users have none. */
export const findLive = (tx: Tx, tokenHash: Buffer, kind: 'console' | 'account', now: Date) =>
  tx
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('impersonations', 'impersonations.session_id', 'sessions.id')
    .select([
      'sessions.id as session_id',
      'sessions.organization_id',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'sessions.methods',
      'sessions.aal',
      'sessions.created_at',
      'sessions.authenticated_at',
      'users.id as user_id',
      'users.username',
      'users.email',
      'users.first_name',
      'users.last_name',
      'users.privilege',
      'users.status',
      'users.locale',
      // An impersonation session acts as the user with the administrator beside them.
      'impersonations.id as impersonation_id',
      'impersonations.admin_id as impersonator_id',
      'impersonations.admin_label as impersonator_label',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.kind', '=', kind)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', now)
    .where('users.status', '!=', 'disabled')
    .executeTakeFirst();

export const touch = (tx: Tx, id: string, now: Date) =>
  tx.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();

/** Records a re-authentication of an open session of the organization; whether one was updated. */
export const markAuthenticated = async (tx: Tx, organizationId: string, id: string, now: Date) =>
  Number(
    (
      await tx
        .updateTable('sessions')
        .set({ authenticated_at: now })
        .where('organization_id', '=', organizationId)
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
    ).numUpdatedRows,
  ) > 0;

export const revoke = (tx: Tx, id: string, now: Date) =>
  tx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();

export const twoFactorSessionSince = (tx: Tx, organizationId: string, userId: string, since: Date) =>
  tx
    .selectFrom('sessions')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('aal', '=', 2)
    .where('created_at', '>', since)
    .limit(1)
    .executeTakeFirst();

export const revokeAllOfUser = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();

/** The user's sessions that are neither ended nor past their lifetime, newest first (idleness is judged by the service). */
export const listOpen = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx
    .selectFrom('sessions')
    .select(['id', 'kind', 'ip', 'user_agent', 'created_at', 'last_seen_at', 'expires_at', 'methods', 'aal', 'device_id'])
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();

/** Ends one session of the user; returns it when it was live. */
export const revokeOfUser = (tx: Tx, organizationId: string, userId: string, id: string, now: Date) =>
  tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning(['id', 'kind'])
    .executeTakeFirst();

/** Ends the sessions opened on a device (it was forgotten). */
export const revokeOfDevice = (tx: Tx, organizationId: string, deviceId: string, now: Date) =>
  tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('device_id', '=', deviceId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();

/**
 * The user whose sessions an administrator acts on. Read here, not through the users
 * service: that service ends sessions (disable, delete), so it imports this feature.
 */
export const targetUser = (tx: Tx, organizationId: string, userId: string) =>
  tx.selectFrom('users').select(['id', 'username', 'privilege']).where('organization_id', '=', organizationId).where('id', '=', userId).executeTakeFirst();

/** Every live session of the user except one (the one that changed the password). */
export const revokeOthersOfUser = (tx: Tx, organizationId: string, userId: string, keepId: string, now: Date) =>
  tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('id', '<>', keepId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();

/** Ends the session behind a cookie value, whoever's it is; returns its id when it was live. */
export const revokeByToken = (tx: Tx, tokenHash: Buffer, kind: 'console' | 'account', now: Date) =>
  tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', kind)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
