import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../context.js';
import { unnestRows } from '../../db/bulk.js';
import type { DB, InvitationMethod, InvitationRow } from '../../db/types.js';
import { stageSql, store, type OnboardingStage } from '../../flows/index.js';

/** Invitations as the flow core sees them: states recorded, attempts counted. */
export const TABLE: store.SecretTable = { table: 'invitations', hash: 'secret_hash', lifecycle: { kind: 'state' } };
const ofUser = (organizationId: string, userId: string) => ({ organization_id: organizationId, user_id: userId });

export const supersedePending = (tx: Tx, organizationId: string, userId: string, now: Date) => store.supersede(tx, TABLE, ofUser(organizationId, userId), now);

export const insert = (
  tx: Tx,
  i: { organization_id: string; user_id: string; method: InvitationMethod; secret_hash: Buffer; expires_at: Date | null; created_by: string | null },
) => tx.insertInto('invitations').values(i).returningAll().executeTakeFirstOrThrow();

/** Many invitations in one statement (an import). */
export const insertMany = (
  tx: Tx,
  rows: { organization_id: string; user_id: string; method: InvitationMethod; secret_hash: Buffer; expires_at: Date | null; created_by: string | null }[],
) => {
  const { columns, select } = unnestRows(rows, { organization_id: 'uuid', user_id: 'uuid', method: 'text', secret_hash: 'bytea', expires_at: 'timestamptz', created_by: 'uuid' });
  return tx.insertInto('invitations').columns(columns).expression(select).returningAll().execute();
};

export const findBySecret = (tx: Tx, organizationId: string, secretHash: Buffer) =>
  tx.selectFrom('invitations').selectAll().where('organization_id', '=', organizationId).where('secret_hash', '=', secretHash).executeTakeFirst();

export const markOpened = (tx: Tx, id: string, now: Date) =>
  tx.updateTable('invitations').set({ opened_at: now }).where('id', '=', id).where('opened_at', 'is', null).execute();

/**
 * The single-use step: only one caller can move a pending, unexpired invitation to
 * accepted; every concurrent caller gets no row back.
 */
export const consume = (tx: Tx, organizationId: string, secretHash: Buffer, now: Date) =>
  store.consume<InvitationRow>(tx, TABLE, { hash: secretHash }, { organization_id: organizationId }, now);

export const latestForUser = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

export const findById = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('invitations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** The pending (possibly expired) invitation of a user, if any. */
export const pendingForUser = (tx: Tx, organizationId: string, userId: string) =>
  tx
    .selectFrom('invitations')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .executeTakeFirst();

/** See store.reserveAttemptUnflushed: the attempt is counted first, and compared only with a row back. */
export const reserveAttemptUnflushed = (db: Kysely<DB>, id: string, max: number) => store.reserveAttemptUnflushed(db, TABLE, id, max);

/** See store.settleAttemptUnflushed: exhausted at `max` after a wrong code, the attempt given back after a right one. */
export const settleAttemptUnflushed = (db: Kysely<DB>, id: string, right: boolean, max: number, now: Date) => store.settleAttemptUnflushed(db, TABLE, id, right, max, now);

/** Counts a wrong code; the invitation is exhausted at `max` wrong codes. */
export const countWrongCode = (tx: Tx, id: string, max: number, now: Date) => store.countWrongCode(tx, TABLE, id, max, now);

/** Single-use step for flows that proved the secret earlier (a code): by id, still pending and unexpired. */
export const consumeById = (tx: Tx, organizationId: string, id: string, now: Date) =>
  store.consume<InvitationRow>(tx, TABLE, { id }, { organization_id: organizationId }, now);

export const revoke = (tx: Tx, organizationId: string, id: string, now: Date) =>
  store.revoke<InvitationRow>(tx, TABLE, { id }, { organization_id: organizationId }, now).then((r) => r[0]);

export const revokeAllOfUser = (tx: Tx, organizationId: string, userId: string, now: Date) => store.revoke<{ id: string }>(tx, TABLE, undefined, ofUser(organizationId, userId), now);

export type { OnboardingStage };

export interface OnboardingRow {
  user_id: string;
  username: string;
  email: string | null;
  phone: string | null;
  user_created_at: Date;
  invitation_id: string | null;
  method: string | null;
  stage: OnboardingStage;
  sent_at: Date | null;
  expires_at: Date | null;
  opened_at: Date | null;
  delivery_error: string | null;
}

/** Pending users with their latest invitation and its delivery, newest users first. */
export function onboarding(tx: Tx, organizationId: string, now: Date, opts: { stage?: string; limit: number; before?: { createdAt: Date; id: string } }) {
  return sql<OnboardingRow>`
    select * from (
      select u.id as user_id, u.username, u.email, u.phone, u.created_at as user_created_at,
             i.id as invitation_id, i.method, i.created_at as sent_at, i.expires_at, i.opened_at,
             case when i.id is null then 'not_invited' else ${stageSql(now)} end as stage,
             m.last_error as delivery_error
        from users u
        left join lateral (select * from invitations x where x.user_id = u.id and x.organization_id = u.organization_id
                           order by x.created_at desc limit 1) i on true
        left join lateral (select state, last_error from outbox_messages o where o.invitation_id = i.id
                           order by o.created_at desc limit 1) m on true
       where u.organization_id = ${organizationId} and u.status = 'pending'
         ${opts.before ? sql`and (u.created_at, u.id) < (${opts.before.createdAt}, ${opts.before.id}::uuid)` : sql``}
    ) x
    ${opts.stage ? sql`where stage = ${opts.stage}` : sql``}
    order by user_created_at desc, user_id desc
    limit ${opts.limit}`.execute(tx).then((r) => r.rows);
}

/** The onboarding funnel over every user's latest invitation. */
export async function funnel(tx: Tx, organizationId: string, now: Date) {
  const r = await sql<Record<string, string>>`
    select count(*) as invited,
           count(*) filter (where stage in ('delivered', 'opened', 'activated')) as delivered,
           count(*) filter (where stage in ('opened', 'activated')) as opened,
           count(*) filter (where stage = 'activated') as activated,
           count(*) filter (where stage = 'expired') as expired,
           count(*) filter (where stage = 'failed') as failed
      from (select ${stageSql(now)} as stage
              from (select distinct on (user_id) * from invitations where organization_id = ${organizationId}
                     order by user_id, created_at desc) i
              left join lateral (select state from outbox_messages o where o.invitation_id = i.id
                                 order by o.created_at desc limit 1) m on true) s`.execute(tx);
  const row = r.rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<'invited' | 'delivered' | 'opened' | 'activated' | 'expired' | 'failed', number>;
}

/** Claims pending invitations due for their one reminder (each is claimed once, by one node). */
export const claimDueReminders = (tx: Tx, now: Date) =>
  sql<{ id: string; organization_id: string; user_id: string; method: string; expires_at: Date; created_at: Date; reminder_minutes: number }>`
    update invitations i set reminder_sent_at = ${now}
      from organizations o
     where o.id = i.organization_id and i.state = 'pending' and i.reminder_sent_at is null and i.expires_at > ${now}
       and coalesce((o.settings->'invitation'->>'reminderMinutesBefore')::int, 0) > 0
       and i.expires_at - make_interval(mins => (o.settings->'invitation'->>'reminderMinutesBefore')::int) <= ${now}
    returning i.id, i.organization_id, i.user_id, i.method, i.expires_at, i.created_at`.execute(tx).then((r) => r.rows);
