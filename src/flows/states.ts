/**
 * The stored state of a one-time secret. `pending` is the only live state; each other state
 * is final and is reached from `pending` only, by one conditional UPDATE.
 */
export type StoredState = 'pending' | 'accepted' | 'superseded' | 'revoked' | 'exhausted';

/** What a secret is now: expiry is computed from `expires_at`, never stored, so it can't go stale. */
export type SecretState = StoredState | 'expired';

/** Why a pending secret ends, and the state each event leads to. */
export type SecretEvent = 'consume' | 'supersede' | 'revoke' | 'exhaust';

const NEXT: Record<SecretEvent, StoredState> = { consume: 'accepted', supersede: 'superseded', revoke: 'revoked', exhaust: 'exhausted' };

/**
 * The state after `event`, or undefined when the event doesn't apply: a finished secret never
 * changes again, and an expired one can still be superseded or revoked (which records why it
 * is gone) but never consumed or counted.
 */
export function transition(current: SecretState, event: SecretEvent): StoredState | undefined {
  if (current === 'pending') return NEXT[event];
  if (current === 'expired' && (event === 'supersede' || event === 'revoke')) return NEXT[event];
  return undefined;
}

/** The state of a stored secret at `now`. */
export function stateAt(s: { state: StoredState; expires_at: Date | null }, now: Date): SecretState {
  if (s.state === 'pending' && s.expires_at && s.expires_at <= now) return 'expired';
  return s.state;
}

/** Whether a secret can still be redeemed at `now`. */
export const isLive = (s: { state: StoredState; expires_at: Date | null }, now: Date) => stateAt(s, now) === 'pending';

/**
 * A wrong code's effect: the count goes up, and at `max` wrong codes the secret is exhausted
 * (the SQL twin is `countWrongCode` in ./store.ts).
 */
export function afterWrongCode(attempts: number, max: number): { attempts: number; state: 'pending' | 'exhausted' } {
  const next = attempts + 1;
  return { attempts: next, state: next >= max ? 'exhausted' : 'pending' };
}

/** When a secret issued at `now` with a lifetime of `minutes` ends; -1 means never. */
export const expiryFrom = (now: Date, minutes: number): Date | null => (minutes === -1 ? null : new Date(now.getTime() + minutes * 60_000));
