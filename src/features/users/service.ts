import type { Context, Tx } from '../../context.js';
import type { OrganizationRow, Privilege, UserRow, UserStatus, UserType, UserUpdate } from '../../db/types.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import { cursorCodec, InvalidCursorError } from '../../lib/cursor.js';
import { ISSUED_STAGE, type OnboardingStage, type SecretState } from '../../flows/index.js';
import * as apiTokens from '../api-tokens/service.js';
import * as attributes from '../attributes/service.js';
import * as audit from '../audit/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import { type Actor, privilegeRank } from '../../access/index.js';
import * as organizations from '../organizations/service.js';
import type { InvitationMethod } from '../../db/types.js';
import * as notifications from '../notifications/service.js';
import * as sessions from '../sessions/service.js';
import * as loginThrottle from '../login/throttle.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import { displayName } from './display.js';
import * as q from './queries.js';

export interface User {
  id: string;
  organizationId: string;
  username: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, unknown>;
  roles: string[];
  groups: string[];
  privilege: Privilege;
  type: 'standard' | 'pin_holder';
  status: UserStatus;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
  /** After this the password must be replaced at sign-in (admin expiry or a temporary password's end). */
  passwordExpiresAt: Date | null;
  /** The chosen language of pages and messages (null: the browser's, then the organization's). */
  locale: string | null;
}

export function present(row: UserRow, groups: string[] = []): User {
  return {
    id: row.id,
    organizationId: row.organization_id,
    username: row.username,
    email: row.email,
    phone: row.phone,
    firstName: row.first_name,
    lastName: row.last_name,
    attributes: row.attributes,
    roles: row.roles,
    groups,
    privilege: row.privilege,
    type: row.type,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    passwordExpiresAt: row.password_expires_at,
    locale: row.locale ?? null,
  };
}

export { displayName } from './display.js';

/**
 * What users need from invitations: issuing one with a new user, and the summary shown with
 * a user. Invitations depend on users, so instead of importing them back (a cycle), the
 * invitations service registers itself here when it loads.
 */
export interface InvitationsPort {
  issue(ctx: Context, tx: Tx, actor: Actor, org: OrganizationRow, user: UserRow, opts: { method?: InvitationMethod; shareLink?: boolean; newUser?: boolean }): Promise<InvitationSummary & { viewUrl: string | null }>;
  summaryForUser(ctx: Context, organizationId: string, userId: string): Promise<InvitationSummary | null>;
}
/** An invitation as shown with its user. */
export interface InvitationSummary {
  id: string;
  userId: string;
  method: InvitationMethod;
  state: SecretState;
  createdAt: Date;
  expiresAt: Date | null;
  openedAt: Date | null;
  finishedAt: Date | null;
  stage: string;
  delivery: { state: string; attempts: number; lastError: string | null; sentAt: Date | null } | null;
}
let invitationsPort: InvitationsPort | undefined;
/** Wires the invitations service in (done by that module on load). */
export const useInvitations = (port: InvitationsPort) => {
  invitationsPort = port;
};
const invitations = (): InvitationsPort => {
  if (!invitationsPort) throw new Error('the invitations service is not loaded');
  return invitationsPort;
};

export interface UserInput {
  username: string;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  attributes?: Record<string, unknown>;
  roles?: string[];
  groups?: string[];
  privilege?: Privilege;
  /** ISO date-time after which the password must be changed; null clears it. */
  passwordExpiresAt?: string | null;
  /** One of the supported locales (the schema checks it); null follows the browser and the organization. */
  locale?: string | null;
}

async function withGroups(tx: Tx, organizationId: string, rows: UserRow[]): Promise<User[]> {
  const memberships = await q.groupsOf(tx, organizationId, rows.map((r) => r.id));
  return rows.map((r) => present(r, memberships.filter((m) => m.user_id === r.id).map((m) => m.name)));
}

async function findGroups(tx: Tx, organizationId: string, names: string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(names.map((n) => n.toLowerCase()))];
  if (unique.length === 0) return [];
  const found = await q.findGroupsByName(tx, organizationId, unique);
  const missing = unique.filter((n) => !found.some((g) => g.name.toLowerCase() === n));
  if (missing.length > 0) throw new AppError('group.not_found', `No such group: ${missing.join(', ')}`, { groups: missing });
  return found;
}

/** Nobody grants or manages a privilege above their own. */
function assertCanManage(actor: Actor, privilege: Privilege) {
  if (privilegeRank[privilege] > privilegeRank[actor.privilege ?? 'user']) throw new AppError('user.privilege_too_high');
}

/** The user, locked for the rest of the transaction so privilege checks can't go stale. */
async function load(tx: Tx, organizationId: string, id: string): Promise<UserRow> {
  const row = await q.findByIdForUpdate(tx, organizationId, id);
  if (!row) throw new AppError('user.not_found');
  return row;
}

/** E.164 form of a phone number, or a clear error. The metadata (~5 MiB) loads on first use. */
async function normalizePhone(phone: string): Promise<string> {
  const parsed = (await import('libphonenumber-js')).parsePhoneNumberFromString(phone);
  if (!parsed?.isValid()) throw new AppError('user.phone_invalid', `"${phone}" is not a valid phone number; use the international format, e.g. +41 79 123 45 67.`);
  return parsed.format('E.164');
}

/**
 * Sign-in accepts a username or an email, so neither may equal another user's username
 * or email: otherwise one person could shadow another's sign-in name.
 */
async function assertLoginNamesFree(tx: Tx, organizationId: string, userId: string | null, names: (string | null | undefined)[]) {
  const taken = await q.loginNameTaken(tx, organizationId, names.filter((n): n is string => !!n), userId);
  if (taken) throw new AppError('user.username_taken', `"${taken}" is already the username or email of another user.`);
}

/**
 * Refuses to add an active user beyond the subscription limit. The organization row is
 * locked first, so parallel creations are counted one after another.
 */
export async function assertUnderUserLimit(tx: Tx, org: OrganizationRow, adding: number): Promise<void> {
  const limit = effectiveSettings(org.settings).userLimit;
  if (limit === null) return;
  const count = await q.lockAndCountActive(tx, org.id);
  if (count + adding > limit) throw new AppError('organization.user_limit_reached', `The organization has reached its limit of ${limit} users.`, { userLimit: limit });
}

export interface ListOptions {
  search?: string;
  status?: UserStatus;
  type?: UserType;
  group?: string;
  mfa?: 'enrolled' | 'not_enrolled';
  lockout?: 'failure_cap' | 'now';
  stage?: OnboardingStage;
  sort?: q.ListSort;
  order?: 'asc' | 'desc';
  limit: number;
  cursor?: string;
}

/**
 * One page of the organization's users. A cursor belongs to its sort and direction: one made
 * for another order is refused (400) rather than silently skipping rows. A group that is not
 * the organization's is refused by name, so a filter never answers for another tenant.
 */
export async function list(ctx: Context, actor: Actor, orgSlug: string, f: ListOptions) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const sort = f.sort ?? 'username';
  const descending = f.order === 'desc';
  const after = f.cursor ? fromCursor(f.cursor, sort, descending) : undefined;
  if (f.group && !(await q.groupExists(ctx.db, org.id, f.group))) {
    throw new AppError('request.invalid', `No group with id ${f.group} in this organization; pass the id of one of its groups.`, { field: 'group' });
  }
  const rows = await q.list(ctx.db, {
    organizationId: org.id,
    search: f.search,
    status: f.status,
    type: f.type,
    groupId: f.group,
    mfaEnrolled: f.mfa === undefined ? undefined : f.mfa === 'enrolled',
    failureCapAt: f.lockout === 'failure_cap' ? ctx.config.loginFailureCap : undefined,
    lockedOut: f.lockout === 'now' ? { failureCapAt: ctx.config.loginFailureCap, throttledIds: (await loginThrottle.lockedOutUserIds(ctx, org.id)) ?? [] } : undefined,
    stage: f.stage,
    now: ctx.clock.now(),
    sort,
    descending,
    limit: f.limit + 1,
    after,
  });
  const page = rows.slice(0, f.limit);
  const items = await withGroups(ctx.db, org.id, page);
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > f.limit && last ? pageCursor.encode([`${sort}:${descending ? 'desc' : 'asc'}`, last.sort_key, last.id]) : null };
}

export async function get(ctx: Context, actor: Actor, orgSlug: string, id: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const row = await q.findById(ctx.db, org.id, id);
  if (!row) throw new AppError('user.not_found');
  const [user] = await withGroups(ctx.db, org.id, [row]);
  return { ...user!, invitation: await invitations().summaryForUser(ctx, org.id, id) };
}

/**
 * Creates a user; with `invite`, the invitation and its message are written in the same
 * transaction, so there is never a user whose invitation was lost or the reverse.
 */
export async function create(ctx: Context, actor: Actor, orgSlug: string, input: UserInput & { invite?: boolean; invitationMethod?: InvitationMethod; shareLink?: boolean }) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  assertCanManage(actor, input.privilege ?? 'user');
  const phone = input.phone ? await normalizePhone(input.phone) : null;
  return ctx.db.transaction().execute(async (tx) => {
    await attributes.validate(tx, org.id, input.attributes ?? {});
    await assertUnderUserLimit(tx, org, 1);
    await assertLoginNamesFree(tx, org.id, null, [input.username, input.email]);
    const row = await q
      .insert(tx, {
        organization_id: org.id,
        username: input.username,
        email: input.email ?? null,
        phone,
        first_name: input.firstName ?? null,
        last_name: input.lastName ?? null,
        locale: input.locale ?? null,
        attributes: JSON.stringify(input.attributes ?? {}),
        roles: input.roles ?? [],
        privilege: input.privilege ?? 'user',
      })
      .catch((err) => {
        throw isUniqueViolation(err) ? new AppError('user.username_taken') : err;
      });
    const groups = await findGroups(tx, org.id, input.groups ?? []);
    await q.addGroups(tx, org.id, row.id, groups.map((g) => g.id));
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'user.created',
      target: { type: 'user', id: row.id },
      data: { username: row.username, privilege: row.privilege, invite: !!input.invite },
    });
    const invitation = input.invite ? await invitations().issue(ctx, tx, actor, org, row, { method: input.invitationMethod, shareLink: input.shareLink, newUser: true }) : null;
    return { ...present(row, groups.map((g) => g.name).sort()), invitation };
  }).finally(() => ctx.wakeWorker());
}

export async function update(ctx: Context, actor: Actor, orgSlug: string, id: string, input: Partial<UserInput>) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  return ctx.db.transaction().execute(async (tx) => {
    const before = await load(tx, org.id, id);
    assertCanManage(actor, before.privilege);
    if (input.privilege !== undefined) {
      assertCanManage(actor, input.privilege);
      if (actor.id === id && input.privilege !== before.privilege) throw new AppError('user.cannot_modify_self');
    }
    await assertLoginNamesFree(tx, org.id, id, [input.username !== before.username ? input.username : null, input.email !== before.email ? input.email : null]);
    if (input.attributes !== undefined) await attributes.validate(tx, org.id, input.attributes);
    const phone = input.phone ? await normalizePhone(input.phone) : input.phone;
    const row = await q
      .update(tx, org.id, id, {
        ...(input.username !== undefined && { username: input.username }),
        ...(input.email !== undefined && { email: input.email }),
        ...(phone !== undefined && { phone }),
        ...(input.passwordExpiresAt !== undefined && { password_expires_at: input.passwordExpiresAt === null ? null : new Date(input.passwordExpiresAt) }),
        ...(input.firstName !== undefined && { first_name: input.firstName }),
        ...(input.lastName !== undefined && { last_name: input.lastName }),
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(input.attributes !== undefined && { attributes: JSON.stringify(input.attributes) }),
        ...(input.roles !== undefined && { roles: input.roles }),
        ...(input.privilege !== undefined && { privilege: input.privilege }),
      })
      .catch((err) => {
        throw isUniqueViolation(err) ? new AppError('user.username_taken') : err;
      });
    if (input.groups !== undefined) await q.setGroups(tx, org.id, id, (await findGroups(tx, org.id, input.groups)).map((g) => g.id));
    if (input.privilege !== undefined && input.privilege !== before.privilege) {
      await apiTokens.capCreatedBy(ctx, tx, org.id, id, input.privilege);
    }
    // Cached sessions carry the user's names and privilege.
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'user.updated',
      target: { type: 'user', id },
      data: {
        fields: Object.keys(input),
        ...(input.privilege !== undefined && input.privilege !== before.privilege && { privilege: { from: before.privilege, to: input.privilege } }),
      },
    });
    const [user] = await withGroups(tx, org.id, [row]);
    return user!;
  });
}

/**
 * A person's own choice of language for their pages and messages (null: the browser's, then
 * the organization's). Only supported locales reach here (the caller checks). Cached
 * sessions carry the locale, so they are invalidated like any change to the user.
 */
export async function setOwnLocale(ctx: Context, actor: Actor, organizationId: string, userId: string, locale: string | null): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    await q.update(tx, organizationId, userId, { locale });
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, { organizationId, action: 'user.locale_changed', target: { type: 'user', id: userId }, data: { locale } });
  });
}

/** Deletes the user with every credential and session (rows cascade). */
export async function remove(ctx: Context, actor: Actor, orgSlug: string, id: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.delete');
  if (actor.id === id) throw new AppError('user.cannot_modify_self');
  await ctx.db.transaction().execute(async (tx) => {
    const row = await load(tx, org.id, id);
    assertCanManage(actor, row.privilege);
    await apiTokens.capCreatedBy(ctx, tx, org.id, id, 'user');
    await q.remove(tx, org.id, id);
    await ctx.caches.invalidate(tx);
    await audit.record(tx, actor, { organizationId: org.id, action: 'user.deleted', target: { type: 'user', id }, data: { username: row.username } });
  });
}

/** Disabling ends every session at once; enabling restores active or pending. */
export async function setDisabled(ctx: Context, actor: Actor, orgSlug: string, id: string, disabled: boolean) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  if (actor.id === id) throw new AppError('user.cannot_modify_self');
  return ctx.db.transaction().execute(async (tx) => {
    const before = await load(tx, org.id, id);
    assertCanManage(actor, before.privilege);
    if (!disabled && before.status === 'disabled') await assertUnderUserLimit(tx, org, 1);
    const status: UserStatus = disabled ? 'disabled' : before.password_hash && !before.password_change_required ? 'active' : 'pending';
    const row = await q.update(tx, org.id, id, { status });
    if (disabled) {
      await sessions.endAllOfUser(ctx, tx, org.id, id);
      await apiTokens.capCreatedBy(ctx, tx, org.id, id, 'user');
    }
    await audit.record(tx, actor, { organizationId: org.id, action: disabled ? 'user.disabled' : 'user.enabled', target: { type: 'user', id } });
    const [user] = await withGroups(tx, org.id, [row]);
    return user!;
  });
}

/**
 * Admin "set password expiry": after `expiresAt` the user's password no longer signs in as
 * is; the next sign-in with it goes to the forced change (required action change_password),
 * the same path as the organization's maximum password age. Null clears the date. Setting a
 * date emails the user at once (in the same transaction, through the outbox) with the date
 * and how to set a new password. Audited as `user.password_expiry_set` with the date.
 */
export async function setPasswordExpiry(ctx: Context, actor: Actor, orgSlug: string, id: string, expiresAt: Date | null): Promise<User> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const before = await load(tx, org.id, id);
      assertCanManage(actor, before.privilege);
      const row = await q.update(tx, org.id, id, { password_expires_at: expiresAt });
      await audit.record(tx, actor, {
        organizationId: org.id,
        action: 'user.password_expiry_set',
        target: { type: 'user', id },
        data: { expiresAt: expiresAt?.toISOString() ?? null, previous: before.password_expires_at?.toISOString() ?? null, notified: !!(expiresAt && row.email) },
      });
      if (expiresAt && row.email) {
        await notifications.enqueueEmail(tx, {
          organizationId: org.id,
          kind: 'password_expiry',
          to: row.email,
          userId: row.id,
          vars: {
            organization: { name: org.name, slug: org.slug },
            user: { username: row.username, displayName: displayName(row) },
            expiresAt,
            loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)),
            accountPasswordUrl: absoluteUrl(ctx, pageUrl.accountPassword(org.slug)),
            forgotUrl: absoluteUrl(ctx, pageUrl.forgot(org.slug)),
          },
        });
      }
      const [user] = await withGroups(tx, org.id, [row]);
      return user!;
    })
    .finally(() => ctx.wakeWorker());
}

/** What a PIN sign-up gives the new user besides what the holder passes on. */
export interface LikenessInput {
  username: string;
  email: string;
  /** The argon2 hash of the temporary password, made before the transaction. */
  passwordHash: string;
  passwordExpiresAt: Date;
}

/**
 * Creates a user in the likeness of a PIN holder, in the caller's transaction: the holder's
 * groups, roles and inheritable attributes, never a privilege (the new user is a plain
 * `user` whatever the holder is), a temporary password that must be changed at the first
 * sign-in. The user limit is checked under the organization's lock, so parallel sign-ups
 * can't exceed it; a taken username or email is refused by name. Audited as `user.created`
 * by `actor` (the holder).
 */
export async function createInLikenessOf(ctx: Context, tx: Tx, actor: Actor, org: OrganizationRow, holder: UserRow, input: LikenessInput): Promise<User> {
  await assertLoginNamesFree(tx, org.id, null, [input.username, input.email]);
  await assertUnderUserLimit(tx, org, 1);
  const inherited = await attributes.inheritedFrom(tx, org.id, holder.attributes);
  const row = await q
    .insert(tx, {
      organization_id: org.id,
      username: input.username,
      email: input.email,
      attributes: JSON.stringify(inherited),
      roles: holder.roles,
      privilege: 'user',
      type: 'standard',
      password_hash: input.passwordHash,
      password_changed_at: ctx.clock.now(),
      password_change_required: 'temporary',
      password_expires_at: input.passwordExpiresAt,
    })
    .catch((err) => {
      throw isUniqueViolation(err) ? new AppError('user.username_taken') : err;
    });
  const groups = await q.groupsWithIdsOf(tx, org.id, holder.id);
  await q.addGroups(tx, org.id, row.id, groups.map((g) => g.id));
  await audit.record(tx, actor, {
    organizationId: org.id,
    action: 'user.created',
    target: { type: 'user', id: row.id },
    data: { username: row.username, privilege: row.privilege, via: 'pin_code', inheritedAttributes: Object.keys(inherited), groups: groups.map((g) => g.name), roles: holder.roles },
  });
  return present(row, groups.map((g) => g.name));
}

/** What an organization's identity provider says of an account that creates a user just in time. */
export interface SsoUserInput {
  username: string;
  /** Only a verified email; null without one. */
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/**
 * Creates a user just in time for a single sign-on (features/sso), in the caller's
 * transaction: a plain active `user` without a password (the identity provider proves them),
 * under the user limit (checked under the organization's lock); a taken username or email is
 * refused by name. Audited as `user.created` via `sso`.
 */
export async function createFromSso(tx: Tx, actor: Actor, org: OrganizationRow, input: SsoUserInput): Promise<UserRow> {
  await assertLoginNamesFree(tx, org.id, null, [input.username, input.email]);
  await assertUnderUserLimit(tx, org, 1);
  const row = await q
    .insert(tx, { organization_id: org.id, username: input.username, email: input.email, first_name: input.firstName, last_name: input.lastName, privilege: 'user', type: 'standard', status: 'active' })
    .catch((err) => {
      throw isUniqueViolation(err) ? new AppError('user.username_taken') : err;
    });
  await audit.record(tx, actor, { organizationId: org.id, action: 'user.created', target: { type: 'user', id: row.id }, data: { username: row.username, privilege: row.privilege, via: 'sso' } });
  return row;
}

/** Users by id (for lists other features keep, such as who a PIN created), with their groups. */
export async function presentMany(tx: Tx, organizationId: string, ids: string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  const rows = await q.findByIds(tx, organizationId, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return withGroups(tx, organizationId, ids.map((id) => byId.get(id)).filter((r): r is UserRow => !!r));
}

// ---- for other features' services ----

export const findByLogin = (ctx: Context, organizationId: string, login: string) => q.findByLogin(ctx.db, organizationId, login);
export const findById = (tx: Tx, organizationId: string, id: string) => q.findById(tx, organizationId, id);
export const findByIdForUpdate = (tx: Tx, organizationId: string, id: string) => q.findByIdForUpdate(tx, organizationId, id);
export const findByUsername = (ctx: Context, organizationId: string, username: string) => q.findByUsername(ctx.db, organizationId, username);
export { assertCanManage };
/** Row updates for other features; a user's status is changed only here (setDisabled, replacePassword). */
export const updateRow = (tx: Tx, organizationId: string, id: string, patch: Omit<UserUpdate, 'status'>) => q.update(tx, organizationId, id, patch);
/** updateRow, unexecuted, to join another write's statement (see sessions.start). */
export const updateRowQuery = (tx: Tx, organizationId: string, id: string, patch: Omit<UserUpdate, 'status'>) => q.updateQuery(tx, organizationId, id, patch);
export const anyPlatformAdmin = (tx: Tx) => q.hasAnyAdmin(tx);

/** Inserts a user without an actor check: bootstrap paths (CLI, setup link) only. */
export const insertRow = q.insert;

/** The users list continues after the sort key and id of the last row, in the order it was made for. */
const pageCursor = cursorCodec(['text', 'text', 'uuid']);
function fromCursor(cursor: string, sort: q.ListSort, descending: boolean) {
  const [order, key, id] = pageCursor.decode(cursor);
  if (order !== `${sort}:${descending ? 'desc' : 'asc'}`) throw new InvalidCursorError();
  // Date keys come back as PostgreSQL wrote them; anything else would fail the cast with a 500.
  if (sort !== 'username' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(key)) throw new InvalidCursorError();
  return { key, id };
}

// ---- bulk import (the imports feature owns the file; users own the rows) ----

/** One user to create from an import row, already validated. */
export interface ImportedUser {
  username: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  attributes: Record<string, unknown>;
  groupIds: string[];
  /** A hash from another identity server, verified at first sign-in and then replaced. */
  passwordHash: string | null;
  /** The previous server asked for a new password at the next sign-in. */
  changePassword: boolean;
  disabled: boolean;
}

/** Users whose username or email (case-insensitively) is one of `names`, both lowercased. */
export const findByLoginNames = (tx: Tx, organizationId: string, names: string[]) =>
  q.byLoginNames(tx, organizationId, [...new Set(names.map((n) => n.toLowerCase()))]);

/**
 * How many more non-disabled users the organization may have (null: no limit). The
 * organization row is locked until the transaction ends, so parallel imports and creations
 * are counted one after another, as `assertUnderUserLimit` does.
 */
export async function remainingUnderUserLimit(tx: Tx, org: OrganizationRow): Promise<number | null> {
  const limit = effectiveSettings(org.settings).userLimit;
  if (limit === null) return null;
  return Math.max(0, limit - (await q.lockAndCountActive(tx, org.id)));
}

/** The groups of these names (case-insensitively), created when missing if `create`. */
export async function groupsForImport(tx: Tx, actor: Actor, organizationId: string, names: string[], create: boolean) {
  if (!create) return (await q.findGroupsByName(tx, organizationId, names)).map((g) => ({ ...g, created: false }));
  const groups = await q.ensureGroups(tx, organizationId, names);
  for (const g of groups.filter((x) => x.created)) {
    await audit.record(tx, actor, { organizationId, action: 'group.created', target: { type: 'group', id: g.id }, data: { name: g.name, import: true } });
  }
  return groups;
}

/**
 * Creates the users of one import batch in the caller's transaction: one insert for the
 * users, one for their groups, one for their `user.created` events. The caller checked the
 * names are free, the rows valid and the user limit; the unique indexes still guard the
 * names (a violation rolls the batch back). A user with an imported password hash is
 * active; one without is pending (to be invited).
 */
/**
 * `invite`: the pending users are invited in the same transaction with this expiry; their
 * row starts at the stage the invitation will give it (the trigger of migration 0024 checks
 * it and writes only if it differs), so each imported user is written once, not twice.
 */
export async function insertImported(tx: Tx, actor: Actor, org: OrganizationRow, rows: ImportedUser[], importId: string, invite?: { expiresAt: Date | null }): Promise<UserRow[]> {
  if (rows.length === 0) return [];
  const now = new Date();
  const inserted = await q.insertMany(
    tx,
    rows.map((r) => ({
      organization_id: org.id,
      username: r.username,
      email: r.email,
      phone: r.phone,
      first_name: r.firstName,
      last_name: r.lastName,
      attributes: JSON.stringify(r.attributes),
      status: r.disabled ? 'disabled' : r.passwordHash ? 'active' : 'pending',
      password_hash: r.passwordHash,
      password_changed_at: r.passwordHash ? now : null,
      password_change_required: r.passwordHash && r.changePassword ? 'admin_reset' : null,
      ...(invite && !r.disabled && !r.passwordHash
        ? { onboarding_stage: ISSUED_STAGE, onboarding_expires_at: invite.expiresAt ?? 'infinity' }
        : { onboarding_stage: null, onboarding_expires_at: null }),
    })),
  );
  // Matched by name, not by position: RETURNING promises no order.
  const byName = new Map(rows.map((r) => [r.username.toLowerCase(), r]));
  const source = (u: UserRow) => byName.get(u.username.toLowerCase())!;
  await q.addMemberships(tx, org.id, inserted.flatMap((u) => source(u).groupIds.map((groupId) => ({ userId: u.id, groupId }))));
  await audit.recordMany(
    tx,
    actor,
    inserted.map((u) => ({
      organizationId: org.id,
      action: 'user.created',
      target: { type: 'user', id: u.id },
      data: { username: u.username, privilege: 'user', import: importId, passwordImported: !!source(u).passwordHash },
    })),
  );
  return inserted;
}
