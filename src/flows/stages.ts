import { sql, type RawBuilder } from 'kysely';
import type { StoredState } from './states.js';

/**
 * Where a secret that onboards a person stands for people (the onboarding funnel): its state,
 * then whether it was opened, then the delivery of its message. One table, read in order; the
 * first row that matches wins. Both the service (`stageOf`) and the SQL that filters and counts
 * in the database (`stageSql`) are built from it, so they can't disagree.
 */
export const STAGES = [
  { stage: 'activated', label: 'Activated', when: { state: 'accepted' } },
  { stage: 'revoked', label: 'Revoked', when: { state: 'revoked' } },
  { stage: 'superseded', label: 'Replaced by a newer one', when: { state: 'superseded' } },
  { stage: 'exhausted', label: 'Too many wrong tries', when: { state: 'exhausted' } },
  { stage: 'expired', label: 'Expired', when: { expired: true } },
  { stage: 'opened', label: 'Opened', when: { opened: true } },
  { stage: 'failed', label: 'Delivery failed', when: { delivery: 'failed' } },
  { stage: 'delivered', label: 'Delivered', when: { delivery: 'sent' } },
  { stage: 'queued', label: 'Waiting to be sent', when: {} },
] as const satisfies readonly { stage: string; label: string; when: { state?: StoredState; expired?: true; opened?: true; delivery?: string } }[];

/** The stages a pending secret is stored at (the rows below the expiry row): "expired" is one of them whose time has come. */
export const PENDING_STAGES = STAGES.slice(STAGES.findIndex((s) => 'expired' in s.when) + 1).map((s) => s.stage);

export type Stage = (typeof STAGES)[number]['stage'];
/** The stage of a secret just issued, its message waiting to be sent (the table's last row). */
export const ISSUED_STAGE: Stage = STAGES[STAGES.length - 1]!.stage;
/** A person who has no secret yet. */
export const NOT_INVITED = { stage: 'not_invited', label: 'Not invited' } as const;
export type OnboardingStage = Stage | typeof NOT_INVITED.stage;
export const ONBOARDING_STAGES: readonly OnboardingStage[] = [NOT_INVITED.stage, ...STAGES.map((s) => s.stage)];
export const stageLabel = (s: OnboardingStage): string => (s === NOT_INVITED.stage ? NOT_INVITED.label : STAGES.find((x) => x.stage === s)!.label);

type When = { state?: StoredState; expired?: true; opened?: true; delivery?: string };

/** The stage of one secret, given the state of its latest message (if any). */
export function stageOf(s: { state: StoredState; expires_at: Date | null; opened_at: Date | null }, delivery: string | undefined, now: Date): Stage {
  const expired = s.state === 'pending' && s.expires_at !== null && s.expires_at <= now;
  const matches = (w: When) =>
    (w.state === undefined || w.state === s.state) && (!w.expired || expired) && (!w.opened || s.opened_at !== null) && (w.delivery === undefined || w.delivery === delivery);
  return STAGES.find((r) => matches(r.when))!.stage;
}

/**
 * The SQL twin of stageOf over a secret row aliased `secret` (state, expires_at, opened_at)
 * and its latest message aliased `message` (state). The pending-and-expired test leans on
 * the rows above it: a finished secret has matched already.
 */
export function stageSql(now: Date, secret = 'i', message = 'm'): RawBuilder<Stage> {
  const col = (t: string, c: string) => sql.ref(`${t}.${c}`);
  const cond = (w: When) => {
    if (w.state) return sql`${col(secret, 'state')} = ${sql.lit(w.state)}`;
    if (w.expired) return sql`${col(secret, 'expires_at')} is not null and ${col(secret, 'expires_at')} <= ${now}`;
    if (w.opened) return sql`${col(secret, 'opened_at')} is not null`;
    if (w.delivery) return sql`${col(message, 'state')} = ${sql.lit(w.delivery)}`;
    return undefined;
  };
  const arms = STAGES.flatMap((r) => {
    const c = cond(r.when);
    return c ? [sql`when ${c} then ${sql.lit(r.stage)}`] : [];
  });
  const fallback = STAGES[STAGES.length - 1]!.stage;
  return sql<Stage>`case ${sql.join(arms, sql` `)} else ${sql.lit(fallback)} end`;
}

/**
 * The stage as the user row stores it (migration 0024, column `onboarding_stage`): the stage
 * of the latest secret with the expiry row left out, so a pending secret stays at its
 * delivery stage, plus `onboarding_expires_at` (while pending: its expiry, infinity for
 * none). Expiry is time, so it is judged here, at query time: the rows of STAGES above the
 * expiry row don't depend on it, "expired" is a pending one whose time has come, and the rows
 * below it are the stored stage of one still in time. `not_invited` is no stored stage.
 */
export function storedStageSql(stage: OnboardingStage, now: Date, table = 'users'): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${table}.${c}`);
  if (stage === NOT_INVITED.stage) return sql<boolean>`${col('onboarding_stage')} is null`;
  const expiredAt = STAGES.findIndex((s) => 'expired' in s.when);
  const at = STAGES.findIndex((s) => s.stage === stage);
  if (at === expiredAt) return sql<boolean>`${col('onboarding_expires_at')} <= ${now}`;
  if (at < expiredAt) return sql<boolean>`${col('onboarding_stage')} = ${sql.lit(stage)}`;
  return sql<boolean>`${col('onboarding_stage')} = ${sql.lit(stage)} and ${col('onboarding_expires_at')} > ${now}`;
}
