import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Tx } from '../context.js';
import type { DB } from '../db/types.js';

/**
 * A flow's table of one-time secrets, as the core sees it. Every such table has an `id`, a
 * keyed hash of the secret, and `expires_at` (null: never). A secret is live while it is
 * unused and unexpired; "unused" is `state = 'pending'` for tables that record how each secret
 * ended (with `finished_at` and an attempt counter), else an empty `used` timestamp column.
 */
export interface SecretTable {
  table: 'invitations' | 'onboarding_sheets' | 'setup_tokens' | 'recovery_phone_codes' | 'pin_codes' | 'recovery_requests' | 'mfa_backup_codes' | 'mfa_sms_codes' | 'impersonations';
  hash: string;
  /**
   * `quota`: a secret redeemable a counted number of times (a sign-up PIN): unused while the
   * `used` count is below the `quota` column (null = no limit); each redemption adds one.
   */
  lifecycle: { kind: 'state' } | { kind: 'used'; column: string } | { kind: 'quota'; used: string; quota: string };
  /** What superseding does where there is no state to record it in: expire now, or delete the row. */
  supersede?: 'expire' | 'delete';
}

/** Column values that pick the rows of one owner: organization, subject. */
export type Scope = Record<string, string>;
/** One secret, by the hash of what its holder presented or by id (after a code was proved). */
export type Key = { hash: Buffer } | { id: string };

const col = (c: string) => sql.ref(c);
const and = (parts: RawBuilder<unknown>[]) => sql.join(parts, sql` and `);
const scoped = (scope: Scope) => Object.entries(scope).map(([c, v]) => sql`${col(c)} = ${v}`);
const keyed = (t: SecretTable, key: Key) => ('hash' in key ? sql`${col(t.hash)} = ${key.hash}` : sql`id = ${key.id}::uuid`);
function unused(t: SecretTable) {
  const l = t.lifecycle;
  if (l.kind === 'state') return sql`state = 'pending'`;
  if (l.kind === 'quota') return sql`(${col(l.quota)} is null or ${col(l.used)} < ${col(l.quota)})`;
  return sql`${col(l.column)} is null`;
}
const unexpired = (now: Date) => sql`(expires_at is null or expires_at > ${now})`;
function finish(t: SecretTable, state: string, now: Date) {
  const l = t.lifecycle;
  if (l.kind === 'state') return sql`state = ${state}, finished_at = ${now}`;
  if (l.kind === 'quota') return sql`${col(l.used)} = ${col(l.used)} + 1`;
  return sql`${col(l.column)} = ${now}`;
}

/**
 * The single-use step, one conditional UPDATE: of any number of concurrent callers exactly
 * one gets the row back, and only while the secret is unused and unexpired. For a `quota`
 * secret it is one use of several: of any number of concurrent callers exactly as many as
 * the quota has left get the row (each waits for the row lock and re-checks the count). `erase` columns
 * are set to null by the same statement, and their values from before it come back as
 * `previous_<column>`: a secret kept for display (a sheet) is read and erased at once.
 */
export async function consume<R>(tx: Tx, t: SecretTable, key: Key, scope: Scope, now: Date, erase: string[] = []): Promise<R | undefined> {
  const where = and([keyed(t, key), ...scoped(scope), unused(t), unexpired(now)]);
  const set = sql.join([finish(t, 'accepted', now), ...erase.map((c) => sql`${col(c)} = null`)]);
  if (erase.length === 0) {
    const r = await sql<R>`update ${sql.table(t.table)} set ${set} where ${where} returning *`.execute(tx);
    return r.rows[0];
  }
  // The self-join reads the values before the update, in the statement that erases them.
  const previous = erase.map((c) => sql`old.${col(c)} as ${sql.id(`previous_${c}`)}`);
  const r = await sql<R>`update ${sql.table(t.table)} s set ${set}
      from (select id, ${sql.join(erase.map((c) => col(c)))} from ${sql.table(t.table)} where ${where} for update) old
     where s.id = old.id returning s.*, ${sql.join(previous)}`.execute(tx);
  return r.rows[0];
}

/**
 * Ends every live-or-expired unused secret of one subject (e.g. organization and user) so that
 * only the newest one works: superseded where states are recorded, else expired now (with
 * `erase` columns cleared) or deleted.
 */
export async function supersede(tx: Tx, t: SecretTable, subject: Scope, now: Date, erase: string[] = []): Promise<number> {
  if (t.lifecycle.kind === 'quota') throw new Error(`${t.table} secrets are replaced in place, not superseded`);
  const where = and([...scoped(subject), unused(t)]);
  const run =
    t.lifecycle.kind === 'state'
      ? sql`update ${sql.table(t.table)} set state = 'superseded', finished_at = ${now} where ${where}`
      : t.supersede === 'delete'
        ? sql`delete from ${sql.table(t.table)} where ${where}`
        : sql`update ${sql.table(t.table)} set ${sql.join([sql`expires_at = ${now}`, ...erase.map((c) => sql`${col(c)} = null`)])} where ${where}`;
  const r = await run.execute(tx);
  return Number(r.numAffectedRows ?? 0);
}

/** Ends pending secrets as revoked (an administrator withdrew them, or another credential replaced them). */
export async function revoke<R>(tx: Tx, t: SecretTable, key: Key | undefined, scope: Scope, now: Date): Promise<R[]> {
  if (t.lifecycle.kind !== 'state') throw new Error(`${t.table} records no states`);
  const where = and([...(key ? [keyed(t, key)] : []), ...scoped(scope), unused(t)]);
  const r = await sql<R>`update ${sql.table(t.table)} set state = 'revoked', finished_at = ${now} where ${where} returning *`.execute(tx);
  return r.rows;
}

/**
 * Counts a wrong code against a pending secret; at `max` wrong codes it is exhausted. The SQL
 * twin of `afterWrongCode` in ./states.ts. An id no row has updates nothing and costs the same.
 */
export async function countWrongCode(tx: Tx, t: SecretTable, id: string, max: number, now: Date) {
  if (t.lifecycle.kind !== 'state') throw new Error(`${t.table} counts no attempts`);
  const r = await sql<{ attempts: number; state: 'pending' | 'exhausted' }>`
    update ${sql.table(t.table)}
       set attempts = attempts + 1,
           state = case when attempts + 1 >= ${max} then 'exhausted' else state end,
           finished_at = case when attempts + 1 >= ${max} then ${now}::timestamptz else finished_at end
     where id = ${id}::uuid and state = 'pending'
     returning attempts, state`.execute(tx);
  return r.rows[0];
}

/**
 * Counts an attempt against a pending, unexpired secret before its code is compared, in one
 * conditional UPDATE that succeeds only under `max`: of any number of parallel attempts at
 * most the attempts left get the count back, so no more codes are ever compared than the
 * secret allows. Undefined: no attempt is left (or the secret is no longer live). A wrong
 * code is then passed to exhaustSpent; a right one to consume.
 */
export async function reserveAttempt(tx: Tx, t: SecretTable, id: string, max: number, now: Date): Promise<{ attempts: number } | undefined> {
  if (t.lifecycle.kind !== 'state') throw new Error(`${t.table} counts no attempts`);
  const r = await sql<{ attempts: number }>`
    update ${sql.table(t.table)}
       set attempts = attempts + 1
     where id = ${id}::uuid and state = 'pending' and attempts < ${max} and ${unexpired(now)}
     returning attempts`.execute(tx);
  return r.rows[0];
}

/** After a wrong code whose attempt was reserved: a secret with `max` attempts counted is exhausted. */
export async function exhaustSpent(tx: Tx, t: SecretTable, id: string, max: number, now: Date): Promise<boolean> {
  if (t.lifecycle.kind !== 'state') throw new Error(`${t.table} counts no attempts`);
  const r = await sql`
    update ${sql.table(t.table)} set state = 'exhausted', finished_at = ${now}
     where id = ${id}::uuid and state = 'pending' and attempts >= ${max}`.execute(tx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/**
 * countWrongCode in its own transaction that doesn't wait for the WAL flush. Code entry runs
 * it for unknown accounts too (against an id no row has, which writes nothing); without this,
 * the flush of a real write would tell existing accounts apart by timing. A crash can lose at
 * most the last fraction of a second of counts, never the secret itself.
 */
export const countWrongCodeUnflushed = (db: Kysely<DB>, t: SecretTable, id: string, max: number, now: Date) =>
  db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    return countWrongCode(tx, t, id, max, now);
  });

/**
 * Reserves one attempt at a pending secret before its code is compared: one conditional
 * UPDATE that adds to the count only while it is under `max`, so of any number of parallel
 * submissions at most `max` ever get to compare (compare-then-count let all of them through
 * before the first was counted). No row back: the secret is spent, gone, or `id` is no row's.
 * Runs without waiting for the WAL flush, as countWrongCodeUnflushed and for the same reason.
 */
export const reserveAttemptUnflushed = (db: Kysely<DB>, t: SecretTable, id: string, max: number) =>
  db.transaction().execute(async (tx) => {
    if (t.lifecycle.kind !== 'state') throw new Error(`${t.table} counts no attempts`);
    await sql`set local synchronous_commit = off`.execute(tx);
    const r = await sql<{ attempts: number }>`
      update ${sql.table(t.table)} set attempts = attempts + 1
       where id = ${id}::uuid and state = 'pending' and attempts < ${max}
       returning attempts`.execute(tx);
    return r.rows[0];
  });

/**
 * After a reserved attempt: a wrong code leaves the count as reserved and, at `max`, ends the
 * secret as exhausted (returned only then: below it nothing is written, as for an unknown id); a right one gives its attempt back (a proved code is not a guess, and a
 * new password the policy refuses must not use up the request). Same statement for an id no
 * row has, writing nothing.
 */
export const settleAttemptUnflushed = (db: Kysely<DB>, t: SecretTable, id: string, right: boolean, max: number, now: Date) =>
  db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    const r = right
      ? await sql<{ attempts: number; state: 'pending' | 'exhausted' }>`
          update ${sql.table(t.table)} set attempts = greatest(attempts - 1, 0)
           where id = ${id}::uuid and state = 'pending' returning attempts, state`.execute(tx)
      : await sql<{ attempts: number; state: 'pending' | 'exhausted' }>`
          update ${sql.table(t.table)} set state = 'exhausted', finished_at = ${now}
           where id = ${id}::uuid and state = 'pending' and attempts >= ${max} returning attempts, state`.execute(tx);
    return r.rows[0];
  });

/** An id no secret has: code entry for an unknown account counts against it and writes nothing. */
export const NO_ROW = '00000000-0000-0000-0000-000000000000';
