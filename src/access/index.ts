import type { Privilege } from '../db/types.js';
import { AppError } from '../errors/app-error.js';

/** Who is acting: an admin (console session or API token), an end user, or the system. */
export interface Actor {
  type: 'user' | 'api_token' | 'system' | 'anonymous';
  id: string | null;
  label: string | null;
  organizationId: string | null;
  privilege: Privilege | null;
  ip: string | null;
  userAgent: string | null;
  /** The administrator acting as this user during an impersonation; audited with both. */
  impersonator?: { id: string; label: string | null } | null;
}

export const systemActor = (label = 'system'): Actor => ({
  type: 'system',
  id: null,
  label,
  organizationId: null,
  privilege: 'platform_admin',
  ip: null,
  userAgent: null,
});

/** Every permission, as the API reports them (so clients can be typed against the list). */
export const PERMISSIONS = [
  'organizations.create',
  'organizations.read',
  'settings.manage',
  'users.read',
  'users.manage',
  'users.delete',
  'sessions.manage',
  'invitations.send',
  'api_tokens.manage',
  'audit.read',
  'outbox.read',
  'recovery_codes.issue',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Signing a user out and forgetting a device take access away and show no secret: support work.
// The one secret a helpdesk handles is a short-lived recovery code for a caller it verified,
// shown once and read to them (SPEC C2), never a password it could choose or read back.
const helpdesk: Permission[] = ['organizations.read', 'users.read', 'invitations.send', 'sessions.manage', 'audit.read', 'outbox.read', 'recovery_codes.issue'];
const orgAdmin: Permission[] = [...helpdesk, 'settings.manage', 'users.manage', 'users.delete', 'api_tokens.manage'];

const grants: Record<Privilege, ReadonlySet<Permission>> = {
  platform_admin: new Set([...orgAdmin, 'organizations.create']),
  org_admin: new Set(orgAdmin),
  helpdesk: new Set(helpdesk),
  user: new Set(),
};

// Sorted once: /auth/me reports them on every session check. Shared, so never modified.
const sortedGrants = Object.fromEntries(Object.entries(grants).map(([p, set]) => [p, [...set].sort()])) as Record<Privilege, Permission[]>;

/** Privileges ranked, so nobody can grant or manage more than they hold. */
export const privilegeRank: Record<Privilege, number> = { user: 0, helpdesk: 1, org_admin: 2, platform_admin: 3 };

/** Everything a privilege allows, for clients that show only what the caller may do. */
export function permissionsOf(privilege: Privilege | null): Permission[] {
  return privilege === null ? [] : sortedGrants[privilege];
}

export function can(actor: Actor, permission: Permission): boolean {
  return actor.privilege !== null && grants[actor.privilege].has(permission);
}

/**
 * Checks privilege and organization together. Another organization's resources answer
 * "not found", exactly as a missing one would, so an admin can't even detect them.
 */
export function authorize(actor: Actor, organizationId: string, permission: Permission): void {
  if (actor.privilege !== 'platform_admin' && actor.organizationId !== organizationId) {
    throw new AppError('organization.not_found');
  }
  if (!can(actor, permission)) throw new AppError('auth.forbidden');
}

/**
 * The one rule for secrets (passwords, invitation links and codes): only organization
 * administrators and above see or choose them. A helpdesk may resend invitations and
 * reset passwords by sending them to the user, but never reads the secret (outbox bodies
 * stay masked) nor makes a sheet or share link with it: otherwise it could choose a
 * pending user's first password, or read an account's link and take it over.
 */
export function maySeeSecrets(actor: Actor): boolean {
  return actor.privilege !== null && privilegeRank[actor.privilege] >= privilegeRank.org_admin;
}

export function assertMaySeeSecrets(actor: Actor): void {
  if (!maySeeSecrets(actor)) throw new AppError('auth.secrets_forbidden');
}
