import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.js';

export interface Scope {
  organizationId: string;
  principal: string;
  operation: string;
  key: string;
}

const inScope = (scope: Scope) => ({
  organization_id: scope.organizationId,
  principal: scope.principal,
  operation: scope.operation,
  key: scope.key,
});

/**
 * Takes the key for one request, atomically: a new key, or one whose row has expired, or one
 * still "in progress" past `staleBefore` (its node died mid-request). Of concurrent callers
 * exactly one gets true; the primary key makes the others see the row instead.
 */
export async function claim(db: Kysely<DB>, scope: Scope, requestHash: string, now: Date, expiresAt: Date, staleBefore: Date): Promise<boolean> {
  const row = await db
    .insertInto('idempotency_keys')
    .values({ ...inScope(scope), request_hash: requestHash, state: 'in_progress', created_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'principal', 'operation', 'key'])
        .doUpdateSet({ request_hash: requestHash, state: 'in_progress', response: null, created_at: now, expires_at: expiresAt })
        .where((eb) =>
          eb.or([
            eb('idempotency_keys.expires_at', '<=', now),
            eb.and([eb('idempotency_keys.state', '=', 'in_progress'), eb('idempotency_keys.created_at', '<', staleBefore)]),
          ]),
        ),
    )
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export function find(db: Kysely<DB>, scope: Scope) {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'state', 'response', 'expires_at'])
    .where('organization_id', '=', scope.organizationId)
    .where('principal', '=', scope.principal)
    .where('operation', '=', scope.operation)
    .where('key', '=', scope.key)
    .executeTakeFirst();
}

/** Records the first answer; only the request that holds the claim (still in progress) does. */
export async function complete(db: Kysely<DB>, scope: Scope, requestHash: string, response: Buffer): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response })
    .where('organization_id', '=', scope.organizationId)
    .where('principal', '=', scope.principal)
    .where('operation', '=', scope.operation)
    .where('key', '=', scope.key)
    .where('request_hash', '=', requestHash)
    .where('state', '=', 'in_progress')
    .execute();
}

/** Gives the key back (the request failed in a way worth retrying). */
export async function release(db: Kysely<DB>, scope: Scope, requestHash: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('organization_id', '=', scope.organizationId)
    .where('principal', '=', scope.principal)
    .where('operation', '=', scope.operation)
    .where('key', '=', scope.key)
    .where('request_hash', '=', requestHash)
    .where('state', '=', 'in_progress')
    .execute();
}

/** Deletes expired keys across all organizations (maintenance, not tenant data access). */
export async function purgeExpired(db: Kysely<DB>, now: Date): Promise<number> {
  const res = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(res.numDeletedRows);
}
