import { AppError } from '../../errors/app-error.js';
import type { OrganizationSettings } from '../organizations/settings.js';

/**
 * NIST 800-63B style: length limits and no identity inside; no composition rules.
 * Each failure names its rule so pages and API can say exactly what to fix.
 */
export function checkPassword(
  policy: OrganizationSettings['passwordPolicy'],
  password: string,
  identity: { username: string; email: string | null },
): void {
  const length = [...password].length;
  if (length < policy.minLength) {
    throw new AppError('password.too_short', `Use at least ${policy.minLength} characters.`, { rule: 'minLength', minLength: policy.minLength });
  }
  if (length > policy.maxLength) {
    throw new AppError('password.too_long', `Use at most ${policy.maxLength} characters.`, { rule: 'maxLength', maxLength: policy.maxLength });
  }
  const lower = password.toLowerCase();
  const parts = [identity.username, identity.email, identity.email?.split('@')[0]]
    .filter((p): p is string => !!p && p.length >= 3)
    .map((p) => p.toLowerCase());
  if (parts.some((p) => lower.includes(p))) {
    throw new AppError('password.contains_identity', 'The password must not contain your username or email.', { rule: 'identity' });
  }
}
