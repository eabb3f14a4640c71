import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../context.js';
import { unnestRows } from '../../db/bulk.js';
import type { OutboxMessagesTable } from '../../db/types.js';

export const OUTBOX_CHANNEL = 'latchkey_outbox';

export async function insertMessage(tx: Tx, message: Insertable<OutboxMessagesTable>) {
  const row = await tx.insertInto('outbox_messages').values(message).returning('id').executeTakeFirstOrThrow();
  // Delivered to listening workers only when the surrounding transaction commits.
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(tx);
  return row.id;
}

/** Many messages in one statement, and one wake-up for the workers (bulk actions). */
export async function insertMessages(tx: Tx, messages: Insertable<OutboxMessagesTable>[]) {
  if (messages.length === 0) return;
  const { columns, select } = unnestRows(messages, {
    organization_id: 'uuid',
    user_id: 'uuid',
    invitation_id: 'uuid',
    channel: 'text',
    kind: 'text',
    recipient: 'text',
    subject: 'text',
    text_body: 'text',
    html_body: 'text',
    redacted_text_body: 'text',
    redacted_html_body: 'text',
    redacted_subject: 'text',
  });
  await tx.insertInto('outbox_messages').columns(columns).expression(select).execute();
  await sql`select pg_notify(${OUTBOX_CHANNEL}, '')`.execute(tx);
}

/**
 * Claims due messages for one worker. SKIP LOCKED lets many workers claim disjoint rows;
 * the lease (locked_until) lets another worker take over messages of a worker that died.
 */
export function claimDue(tx: Tx, limit: number, leaseSeconds: number, maxAttempts: number) {
  return sql<{ id: string; organization_id: string; channel: 'email' | 'sms'; recipient: string; subject: string | null; text_body: string; html_body: string | null; attempts: number }>`
    update outbox_messages m
       set state = 'sending', attempts = m.attempts + 1, locked_until = now() + make_interval(secs => ${leaseSeconds})
     where m.id in (
       select id from outbox_messages
        where next_attempt_at <= now()
          and (state = 'queued' or (state = 'sending' and locked_until < now() and attempts < ${maxAttempts}))
        order by next_attempt_at
        limit ${limit}
        for update skip locked)
    returning m.id, m.organization_id, m.channel, m.recipient, m.subject, m.text_body, m.html_body, m.attempts`.execute(tx).then((r) => r.rows);
}

/**
 * Marks delivered messages. Only the claim that sent a message may (same attempt number);
 * a real transport's copy of any secret is replaced by the masked one, so secrets don't
 * outlive delivery in the database.
 */
export async function markSent(tx: Tx, messages: { id: string; attempts: number }[], transport: string, keepSecrets: boolean) {
  if (messages.length === 0) return;
  const ids = messages.map((m) => m.id);
  const attempts = messages.map((m) => m.attempts);
  await sql`
    update outbox_messages m
       set state = 'sent', sent_at = now(), locked_until = null, last_error = null, transport = ${transport}
           ${keepSecrets ? sql`` : sql`, text_body = coalesce(m.redacted_text_body, m.text_body), html_body = coalesce(m.redacted_html_body, m.html_body)`}
      from unnest(${ids}::uuid[], ${attempts}::int[]) as claim(id, attempts)
     where m.id = claim.id and m.attempts = claim.attempts and m.state = 'sending'`.execute(tx);
}

export const recipientPrivileges = async (tx: Tx, organizationId: string, userIds: string[]) =>
  new Map(
    userIds.length === 0
      ? []
      : (await tx.selectFrom('users').select(['id', 'privilege']).where('organization_id', '=', organizationId).where('id', 'in', userIds).execute()).map(
          (u) => [u.id, u.privilege] as const,
        ),
  );

/** What a message's language is chosen from: the recipient's locale (when a user) and the organization's settings. */
export const localeSources = async (tx: Tx, organizationId: string, userId: string | undefined) => {
  const org = await tx.selectFrom('organizations').select('settings').where('id', '=', organizationId).executeTakeFirst();
  const user = userId
    ? await tx.selectFrom('users').select(['locale', 'privilege']).where('organization_id', '=', organizationId).where('id', '=', userId).executeTakeFirst()
    : undefined;
  return { userLocale: user?.locale ?? null, privilege: user?.privilege ?? null, settings: org?.settings ?? {} };
};

/** Messages whose last lease ran out on their final attempt: failed, not retried forever. */
export function failAbandoned(tx: Tx, maxAttempts: number) {
  return tx
    .updateTable('outbox_messages')
    .set({ state: 'failed', locked_until: null, last_error: 'delivery did not finish within its lease on the last attempt' })
    .where('state', '=', 'sending')
    .where('locked_until', '<', sql<Date>`now()`)
    .where('attempts', '>=', maxAttempts)
    .execute();
}

export function markFailed(tx: Tx, id: string, attempt: number, error: string, final: boolean, retryInMs: number) {
  return tx
    .updateTable('outbox_messages')
    .set({
      state: final ? 'failed' : 'queued',
      last_error: error.slice(0, 2000),
      locked_until: null,
      next_attempt_at: sql`now() + make_interval(secs => ${retryInMs / 1000})`,
    })
    .where('id', '=', id)
    .where('state', '=', 'sending')
    .where('attempts', '=', attempt)
    .execute();
}

export function listMessages(tx: Tx, organizationId: string, limit: number, before?: { createdAt: Date; id: string }, state?: string) {
  let q = tx.selectFrom('outbox_messages').selectAll().where('organization_id', '=', organizationId);
  if (state) q = q.where('state', '=', state as 'queued');
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', before.createdAt), eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)])]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export const findMessage = (tx: Tx, organizationId: string, id: string) =>
  tx.selectFrom('outbox_messages').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();

/** Latest delivery state per invitation, for showing whether an invite arrived. */
export const latestForInvitation = (tx: Tx, organizationId: string, invitationId: string) =>
  tx
    .selectFrom('outbox_messages')
    .select(['id', 'state', 'last_error', 'sent_at', 'created_at', 'attempts'])
    .where('organization_id', '=', organizationId)
    .where('invitation_id', '=', invitationId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();

/**
 * Backlog across all organizations, for the metrics endpoint: undelivered messages by state
 * and how long the oldest due one has been waiting. The predicate is the one of the partial
 * index outbox_due, so a scrape reads only the backlog, never the history of sent messages.
 */
export async function backlog(tx: Tx) {
  const { rows } = await sql<{ state: string; count: string; oldest_due_seconds: number | null }>`
    select state, count(*)::text as count,
           extract(epoch from now() - min(next_attempt_at) filter (where next_attempt_at <= now()))::float8 as oldest_due_seconds
      from outbox_messages
     where state in ('queued', 'sending')
     group by state`.execute(tx);
  return rows;
}
