import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../context.js';
import type { MfaBackupCodesTable, MfaDisabledReason, MfaFactorKind, MfaFactorRow, MfaMethod } from '../../db/types.js';

/** Live backup codes: unused, and unexpired where they expire (issued codes; ended sets). */
const liveCode = (now: Date) => sql<boolean>`used_at is null and (expires_at is null or expires_at > ${now})`;

/**
 * What sign-in needs to know of an account's second factors, in one round trip: its active
 * factors, how many live backup codes it has, and its choices. Unknown accounts run the same
 * statement against an id no user has.
 */
export async function summary(tx: Tx, organizationId: string, userId: string, now: Date) {
  const r = await sql<{ kinds: string[]; backup_codes: number; default_method: MfaMethod | null; enroll_required_reason: 'recovery' | 'reset' | null }>`
    select
      coalesce((select array_agg(distinct kind) from mfa_factors
                 where organization_id = ${organizationId} and user_id = ${userId} and confirmed_at is not null and disabled_at is null), '{}') as kinds,
      (select count(*)::int from mfa_backup_codes
        where organization_id = ${organizationId} and user_id = ${userId} and ${liveCode(now)}) as backup_codes,
      s.default_method, s.enroll_required_reason
    from (select 1) one
    left join mfa_user_settings s on s.organization_id = ${organizationId} and s.user_id = ${userId}`.execute(tx);
  return r.rows[0]!;
}

export const listFactors = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('mfa_factors')
    .select(['id', 'kind', 'label', 'created_at', 'confirmed_at', 'disabled_at', 'disabled_reason', 'disabled_by', 'last_used_step'])
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();

export const activeFactor = (tx: Tx, organizationId: string, userId: string, kind: MfaFactorKind): Promise<MfaFactorRow | undefined> =>
  tx
    .selectFrom('mfa_factors')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('confirmed_at', 'is not', null)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();

/** The newest unfinished enrollment of a kind, started after `since`. */
export const pendingFactor = (tx: Tx, organizationId: string, userId: string, kind: MfaFactorKind, since: Date): Promise<MfaFactorRow | undefined> =>
  tx
    .selectFrom('mfa_factors')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('confirmed_at', 'is', null)
    .where('disabled_at', 'is', null)
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

export const findFactor = (tx: Tx, organizationId: string, userId: string, id: string): Promise<MfaFactorRow | undefined> =>
  tx.selectFrom('mfa_factors').selectAll().where('organization_id', '=', organizationId).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();

export const insertFactor = (tx: Tx, row: { organization_id: string; user_id: string; kind: MfaFactorKind; label?: string; encrypted_secret: Buffer | null; confirmed_at?: Date | null; created_at: Date }) =>
  tx.insertInto('mfa_factors').values(row).returningAll().executeTakeFirstOrThrow();

/**
 * Disables factors of an account (kept as the record of what was bound): the active ones of
 * the kinds given (all kinds when none) and unfinished enrollments. Returns what it disabled.
 */
export const disableFactors = (
  tx: Tx,
  organizationId: string,
  userId: string,
  o: {
    kinds?: MfaFactorKind[];
    id?: string;
    reason: MfaDisabledReason;
    by: string | null;
    now: Date;
    unconfirmedOnly?: boolean;
    confirmedOnly?: boolean;
    /** Only factors created at or before this time (an enrollment that can no longer be confirmed). */
    createdBy?: Date;
  },
) => {
  let query = tx
    .updateTable('mfa_factors')
    .set({ disabled_at: o.now, disabled_reason: o.reason, disabled_by: o.by })
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('disabled_at', 'is', null);
  if (o.kinds) query = query.where('kind', 'in', o.kinds);
  if (o.id) query = query.where('id', '=', o.id);
  if (o.unconfirmedOnly) query = query.where('confirmed_at', 'is', null);
  if (o.confirmedOnly) query = query.where('confirmed_at', 'is not', null);
  if (o.createdBy) query = query.where('created_at', '<=', o.createdBy);
  return query.returning(['id', 'kind', 'confirmed_at']).execute();
};

/**
 * Accepts a TOTP step for a factor in one conditional UPDATE: only while the factor is active
 * and the step is newer than the last accepted one. Of two parallel uses of one code exactly
 * one gets the row back; a replayed code gets nothing.
 */
export const acceptStep = async (tx: Tx, organizationId: string, factorId: string, step: number) =>
  (await tx
    .updateTable('mfa_factors')
    .set({ last_used_step: step })
    .where('organization_id', '=', organizationId)
    .where('id', '=', factorId)
    .where('disabled_at', 'is', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', String(step))]))
    .returning('id')
    .executeTakeFirst()) !== undefined;

/** Confirms an unfinished enrollment with the step of its first code; false when it is no longer pending. */
export const confirmFactor = async (tx: Tx, organizationId: string, factorId: string, step: number, now: Date) =>
  (await tx
    .updateTable('mfa_factors')
    .set({ confirmed_at: now, last_used_step: step })
    .where('organization_id', '=', organizationId)
    .where('id', '=', factorId)
    .where('confirmed_at', 'is', null)
    .where('disabled_at', 'is', null)
    .returning('id')
    .executeTakeFirst()) !== undefined;

/**
 * Counts one code tried to confirm an unfinished enrollment of the person, before it is
 * compared: one conditional UPDATE under `max`, so of any number of parallel codes at most the
 * attempts left are ever compared. Undefined: none left, or no such unfinished enrollment.
 */
export const reserveConfirmAttempt = async (tx: Tx, organizationId: string, userId: string, factorId: string, max: number) =>
  (
    await tx
      .updateTable('mfa_factors')
      .set((eb) => ({ confirm_attempts: eb('confirm_attempts', '+', 1) }))
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .where('id', '=', factorId)
      .where('confirmed_at', 'is', null)
      .where('disabled_at', 'is', null)
      .where('confirm_attempts', '<', max)
      .returning('confirm_attempts')
      .executeTakeFirst()
  )?.confirm_attempts;

export const insertBackupCodes = (tx: Tx, rows: Insertable<MfaBackupCodesTable>[]) => tx.insertInto('mfa_backup_codes').values(rows).execute();

export const countLiveBackupCodes = async (tx: Tx, organizationId: string, userId: string, kind: 'set' | 'issued', now: Date) =>
  (
    await tx
      .selectFrom('mfa_backup_codes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .where(liveCode(now))
      .executeTakeFirstOrThrow()
  ).n;

export const upsertSettings = (
  tx: Tx,
  organizationId: string,
  userId: string,
  patch: { default_method?: MfaMethod | null; enroll_required_at?: Date | null; enroll_required_reason?: 'recovery' | 'reset' | null },
  now: Date,
) =>
  tx
    .insertInto('mfa_user_settings')
    .values({ organization_id: organizationId, user_id: userId, ...patch, updated_at: now })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ ...patch, updated_at: now }))
    .execute();

export const findSettings = (tx: Tx, organizationId: string, userId: string) =>
  tx.selectFrom('mfa_user_settings').selectAll().where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();

/** The newest pending SMS code of a sign-in flow. */
export const pendingSmsCode = (tx: Tx, organizationId: string, flowId: string, now: Date) =>
  tx
    .selectFrom('mfa_sms_codes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('login_flow_id', '=', flowId)
    .where('state', '=', 'pending')
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();

export const insertSmsCode = (tx: Tx, row: { organization_id: string; user_id: string; login_flow_id: string; code_hash: Buffer; expires_at: Date }) =>
  tx.insertInto('mfa_sms_codes').values(row).returning('id').executeTakeFirstOrThrow();

/**
 * Deletes every second factor of a user (factors, backup codes, sign-in SMS codes, choices):
 * "remove user identity" leaves nothing to sign in with, as for a new invitee.
 */
export async function deleteAllOf(tx: Tx, organizationId: string, userId: string) {
  const factors = await tx.deleteFrom('mfa_factors').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  const codes = await tx.deleteFrom('mfa_backup_codes').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  await tx.deleteFrom('mfa_sms_codes').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  await tx.deleteFrom('mfa_user_settings').where('organization_id', '=', organizationId).where('user_id', '=', userId).execute();
  return { factors: Number(factors.numDeletedRows), backupCodes: Number(codes.numDeletedRows) };
}
