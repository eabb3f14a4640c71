import { sql, type Insertable } from 'kysely';
import type { Tx } from '../context.js';
import type { LoginFlowRow, LoginFlowsTable } from '../db/types.js';

export const insert = (tx: Tx, row: Insertable<LoginFlowsTable>) => tx.insertInto('login_flows').values(row).returning('id').executeTakeFirstOrThrow();

/** A flow by the hash of the browser's handle, finished or not: the service says which. */
export const findByHandle = (tx: Tx, organizationId: string, handleHash: Buffer) =>
  tx.selectFrom('login_flows').selectAll().where('organization_id', '=', organizationId).where('handle_hash', '=', handleHash).executeTakeFirst();

/**
 * Marks one required action done, in one conditional UPDATE: only while the flow is open,
 * unexpired, at its required-action step (never from the second-factor step or any other),
 * within its attempt limit (the attempt of this submission is already counted, see
 * reserveActionAttempt) and still waiting for that action. The last action completes the flow
 * (step done, completed_at) in the same statement, so of any number of concurrent completions
 * exactly one gets the row back.
 */
export async function finishAction(tx: Tx, id: string, action: string, maxAttempts: number, now: Date): Promise<LoginFlowRow | undefined> {
  const left = sql<string[]>`array_remove(required_actions, ${action})`;
  return tx
    .updateTable('login_flows')
    .set({
      required_actions: left,
      step: sql`case when cardinality(${left}) = 0 then 'done' else step end`,
      completed_at: sql`case when cardinality(${left}) = 0 then ${now}::timestamptz else null end`,
    })
    .where('id', '=', id)
    .where('step', '=', 'required_action')
    .where('completed_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<=', maxAttempts)
    .where(sql<boolean>`${action} = any(required_actions)`)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Counts one submission at a required action before it is checked (a code compared, a new
 * password judged), in one conditional UPDATE: only while the flow is open, unexpired, at its
 * required-action step with `action` the next one to do, and under `maxAttempts`. Of any
 * number of parallel submissions at most the attempts left get a count back, so no more codes
 * are ever compared than the flow allows. Undefined: no attempt is left, or the flow is not
 * waiting for this action.
 */
export const reserveActionAttempt = async (tx: Tx, id: string, action: string, maxAttempts: number, now: Date) =>
  (
    await tx
      .updateTable('login_flows')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('step', '=', 'required_action')
      .where(sql<boolean>`required_actions[1] = ${action}`)
      .where('completed_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', maxAttempts)
      .returning('attempts')
      .executeTakeFirst()
  )?.attempts;

/** A user's finished and expired flows are deleted when a new one is stored, so ended flows don't pile up. */
export const deleteEnded = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx
    .deleteFrom('login_flows')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('completed_at', 'is not', null), eb('expires_at', '<=', now)]))
    .execute();

/**
 * Counts one second-factor attempt before its code is compared, in one conditional UPDATE:
 * only while the flow is open, unexpired, waiting for a second factor and under `maxAttempts`.
 * Of any number of parallel attempts at most the attempts left get a count back, so no more
 * codes are ever compared than the flow allows. Undefined: no attempt is left.
 */
export const reserveSecondFactorAttempt = async (tx: Tx, id: string, maxAttempts: number, now: Date) =>
  (
    await tx
      .updateTable('login_flows')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('step', '=', 'second_factor')
      .where('completed_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', maxAttempts)
      .returning('attempts')
      .executeTakeFirst()
  )?.attempts;

/**
 * Records a proved second factor, in one conditional UPDATE: only while the flow is open,
 * unexpired, within its attempt limit (the attempt of this code is already counted, see
 * reserveSecondFactorAttempt) and waiting for a second factor. The flow reaches AAL2
 * and moves on to its required actions, or is done when none is left (completed_at), so of
 * concurrent proofs exactly one gets the row back.
 */
export async function proveSecondFactor(tx: Tx, id: string, method: string, maxAttempts: number, now: Date): Promise<LoginFlowRow | undefined> {
  const none = sql<boolean>`cardinality(required_actions) = 0`;
  return tx
    .updateTable('login_flows')
    .set({
      methods: sql`array_append(methods, ${method}::text)`,
      aal: 2,
      step: sql`case when ${none} then 'done' else 'required_action' end`,
      completed_at: sql`case when ${none} then ${now}::timestamptz else null end`,
    })
    .where('id', '=', id)
    .where('step', '=', 'second_factor')
    .where('completed_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<=', maxAttempts)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Ends every open flow of a user (completed now, step left as it was, so resuming says it
 * ended): a paused sign-in must not outlive the password, factors or sessions it was begun under.
 */
export const endOpenFlows = (tx: Tx, organizationId: string, userId: string, now: Date) =>
  tx.updateTable('login_flows').set({ completed_at: now }).where('organization_id', '=', organizationId).where('user_id', '=', userId).where('completed_at', 'is', null).execute();
