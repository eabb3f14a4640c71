import type { Tx } from '../../context.js';

/**
 * The per-account consecutive-failure count (users.failed_logins). Unknown accounts run the
 * same statement against an id no user has, so both cost one round trip.
 */
export const NO_USER = '00000000-0000-0000-0000-000000000000';

/** Counts one failure atomically; returns the new count (undefined for no such user). */
export const countFailure = async (tx: Tx, organizationId: string, userId: string) =>
  (
    await tx
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('organization_id', '=', organizationId)
      .where('id', '=', userId)
      .returning('failed_logins')
      .executeTakeFirst()
  )?.failed_logins;

/** Clears the count; true when there was one to clear. */
export const clearFailures = async (tx: Tx, organizationId: string, userId: string) =>
  (await tx
    .updateTable('users')
    .set({ failed_logins: 0 })
    .where('organization_id', '=', organizationId)
    .where('id', '=', userId)
    .where('failed_logins', '>', 0)
    .returning('id')
    .executeTakeFirst()) !== undefined;

export const failureCounts = (tx: Tx, organizationId: string, userIds: string[]) =>
  userIds.length === 0
    ? Promise.resolve([])
    : tx.selectFrom('users').select(['id', 'failed_logins']).where('organization_id', '=', organizationId).where('id', 'in', userIds).execute();
