import { sql } from 'kysely';
import type { Tx } from '../../context.js';

/** Serializes the sign-ins of one user while their devices are counted, so parallel sign-ins can't both take the last place. */
export const lockUserDevices = (tx: Tx, organizationId: string, userId: string) =>
  sql`select pg_advisory_xact_lock(hashtextextended(${`devices:${organizationId}:${userId}`}, 0))`.execute(tx);

/** The user's remembered (not forgotten) device with this key. */
export const findRemembered = (tx: Tx, organizationId: string, userId: string, keyHash: Buffer) =>
  tx
    .selectFrom('devices')
    .select(['id'])
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('key_hash', '=', keyHash)
    .where('forgotten_at', 'is', null)
    .executeTakeFirst();

export async function countRemembered(tx: Tx, organizationId: string, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('forgotten_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Registers the device, or records the sign-in on the one already remembered; returns its id. */
export const upsert = (
  tx: Tx,
  d: { organization_id: string; user_id: string; key_hash: Buffer; name: string; user_agent: string | null; last_ip: string | null; now: Date },
) =>
  tx
    .insertInto('devices')
    .values({
      organization_id: d.organization_id,
      user_id: d.user_id,
      key_hash: d.key_hash,
      name: d.name,
      user_agent: d.user_agent,
      last_ip: d.last_ip,
      first_seen_at: d.now,
      last_seen_at: d.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'user_id', 'key_hash'])
        .where('forgotten_at', 'is', null)
        .doUpdateSet({ name: d.name, user_agent: d.user_agent, last_ip: d.last_ip, last_seen_at: d.now }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();

/**
 * The user's remembered devices, most recently used first. Last seen is the later of the
 * last sign-in and the last request of a session opened on the device.
 */
export const listRemembered = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('devices as d')
    .select((eb) => [
      'd.id',
      'd.name',
      'd.key_hash',
      'd.first_seen_at',
      'd.last_ip',
      eb.fn
        .coalesce(
          eb
            .selectFrom('sessions as s')
            .select((s) => sql<Date>`greatest(d.last_seen_at, max(${s.ref('s.last_seen_at')}))`.as('seen'))
            .where('s.organization_id', '=', organizationId)
            .whereRef('s.device_id', '=', 'd.id'),
          eb.ref('d.last_seen_at'),
        )
        .$castTo<Date>()
        .as('last_seen_at'),
    ])
    .where('d.organization_id', '=', organizationId)
    .where('d.user_id', '=', userId)
    .where('d.forgotten_at', 'is', null)
    .orderBy('last_seen_at', 'desc')
    .orderBy('d.id')
    .execute();

/** Forgets one remembered device of the user; returns it when it was remembered. */
export const forget = (tx: Tx, organizationId: string, userId: string, id: string, now: Date) =>
  tx
    .updateTable('devices')
    .set({ forgotten_at: now })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .where('forgotten_at', 'is', null)
    .returning(['id', 'name'])
    .executeTakeFirst();

export const findLimit = async (tx: Tx, organizationId: string, userId: string): Promise<number | undefined> =>
  (await tx.selectFrom('device_limits').select('device_limit').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst())?.device_limit;

export const setLimit = (tx: Tx, organizationId: string, userId: string, limit: number, now: Date) =>
  tx
    .insertInto('device_limits')
    .values({ organization_id: organizationId, user_id: userId, device_limit: limit, updated_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ device_limit: limit, updated_at: now }))
    .execute();

export const clearLimit = (tx: Tx, organizationId: string, userId: string) =>
  tx.deleteFrom('device_limits').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
