import { dictionary } from '@zxcvbn-ts/language-common';
import type { Context, Tx } from '../../context.js';
import type { UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import type { OrganizationSettings } from '../organizations/settings.js';
import * as q from './queries.js';

type Policy = OrganizationSettings['passwordPolicy'];

// ~49,000 most common passwords, shipped with the package: no network needed.
const common = new Set(dictionary['passwords-common']!.map((p) => String(p).toLowerCase()));

/**
 * NIST 800-63B rules: length limits, not a common password, no username or email inside;
 * no composition rules. Each failure names its rule so pages and API say what to fix.
 */
export function checkPassword(policy: Policy, password: string, identity: { username: string; email: string | null }): void {
  const length = [...password].length;
  if (length < policy.minLength) {
    throw new AppError('password.too_short', `Use at least ${policy.minLength} characters.`, { rule: 'minLength', minLength: policy.minLength });
  }
  if (length > policy.maxLength) {
    throw new AppError('password.too_long', `Use at most ${policy.maxLength} characters.`, { rule: 'maxLength', maxLength: policy.maxLength });
  }
  const lower = password.toLowerCase();
  if (common.has(lower)) throw new AppError('password.common', undefined, { rule: 'blocklist' });
  const parts = [identity.username, identity.email, identity.email?.split('@')[0]]
    .filter((p): p is string => !!p && p.length >= 3)
    .map((p) => p.toLowerCase());
  if (parts.some((p) => lower.includes(p))) {
    throw new AppError('password.contains_identity', 'The password must not contain your username or email.', { rule: 'identity' });
  }
}

/** Refuses the current password and, with a history rule, any of the last N. */
async function assertNotReused(tx: Tx, user: UserRow, password: string, historyCount: number): Promise<void> {
  const earlier = historyCount > 0 ? await q.recentPasswordHashes(tx, user.organization_id, user.id, historyCount) : [];
  const candidates = new Set([user.password_hash, ...earlier].filter((h): h is string => !!h));
  for (const hash of candidates) {
    if (await verifyPassword(hash, password)) {
      throw new AppError('password.reused', historyCount > 0 ? `Choose a password you have not used for your last ${historyCount} passwords.` : 'Choose a password different from the current one.', { rule: 'history', historyCount });
    }
  }
}

export interface SetPasswordOptions {
  /** Why the next sign-in must replace it; null when the user chose it. */
  changeRequired: 'temporary' | 'admin_reset' | null;
  expiresAt: Date | null;
  /** An admin sets it: the policy applies, the user's own history does not. */
  byAdmin?: boolean;
}

/**
 * Checks and stores a new password: policy, no reuse, argon2id hash, history row. Returns
 * the updated user row. The caller owns the transaction.
 */
export async function setPassword(ctx: Context, tx: Tx, settings: OrganizationSettings, user: UserRow, password: string, opts: SetPasswordOptions): Promise<UserRow> {
  checkPassword(settings.passwordPolicy, password, user);
  if (!opts.byAdmin) await assertNotReused(tx, user, password, settings.passwordPolicy.historyCount);
  const hash = await hashPassword(password, ctx.argon2);
  const now = ctx.clock.now();
  // History is of passwords people chose; an admin's temporary ones don't crowd them out.
  if (!opts.byAdmin) await q.insertPasswordHistory(tx, user.organization_id, user.id, hash);
  return q.update(tx, user.organization_id, user.id, {
    password_hash: hash,
    password_changed_at: now,
    password_change_required: opts.changeRequired,
    password_expires_at: opts.expiresAt,
    // A new password is the recovery that lifts the consecutive-failure cap.
    failed_logins: 0,
  });
}

export type PasswordState = 'ok' | 'change_required' | 'temporary_expired';

/** Whether a correct password may be used as is, must be replaced first, or is dead. */
export function passwordState(settings: OrganizationSettings, user: UserRow, now: Date): PasswordState {
  const expired = user.password_expires_at !== null && user.password_expires_at <= now;
  if (user.password_change_required === 'temporary' && expired) return 'temporary_expired';
  if (user.password_change_required || expired) return 'change_required';
  const maxAge = settings.passwordPolicy.maxAgeDays;
  if (maxAge > 0 && user.password_changed_at && user.password_changed_at.getTime() + maxAge * 86_400_000 <= now.getTime()) return 'change_required';
  return 'ok';
}
