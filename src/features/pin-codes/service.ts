import type { Context, Tx } from '../../context.js';
import type { OrganizationRow, PinCodeRow, UserRow } from '../../db/types.js';
import { isUniqueViolation } from '../../db/errors.js';
import { AppError } from '../../errors/app-error.js';
import { boundHash, newCode, normalizeCode, type CodeAlphabet } from '../../flows/index.js';
import { type Actor, assertMaySeeSecrets, maySeeSecrets } from '../../access/index.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import { hashPassword } from '../../lib/passwords.js';
import { limiterOf, type Budget } from '../../limits/index.js';
import * as audit from '../audit/service.js';
import * as invitations from '../invitations/service.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as temporaryPasswords from '../temporary-passwords/service.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

/**
 * Ten characters of A–Z and 0–9 (about 52 bits): a PIN is looked up among every holder of
 * the organization, so it must stay unguessable across all of them, not only one.
 */
export const PIN_ALPHABET: CodeAlphabet = { uppercase: true, lowercase: false, digits: true, length: 10 };
const PURPOSE = 'pin_sign_up';
const ENCRYPTION_PURPOSE = 'pin-code';

/**
 * A PIN is bound to its purpose and organization, not to a holder: the sign-up form names no
 * holder, so the PIN alone must find its row.
 */
const pinHash = (ctx: Context, organizationId: string, pin: string) => boundHash(ctx.secret, { purpose: PURPOSE, subject: organizationId }, normalizeCode(PIN_ALPHABET, pin));

/**
 * The PIN budgets on the shared limiter. A wrong PIN names no holder, so it counts on the
 * client address and (larger) on the organization, which bounds guessing spread over many
 * addresses. A right PIN whose sign-up is refused for what was typed (a taken username or
 * email, bad input) counts on its holder: a holder can't use the form to test which emails
 * have accounts faster than the budget allows. A reached quota doesn't count: it tells
 * nothing about other accounts, and counting it would answer a holder's last legitimate
 * sign-ups, racing the quota, with a lockout instead of the quota's reason.
 */
const addressBudget = (ctx: Context): Budget => ({
  name: 'pin_ip',
  maxFailures: ctx.config.loginMaxFailures,
  baseSeconds: ctx.config.loginLockoutBaseSeconds,
  maxSeconds: ctx.config.loginLockoutMaxSeconds,
  resetSeconds: ctx.config.loginFailureResetSeconds,
});
const organizationBudget = (ctx: Context): Budget => ({ ...addressBudget(ctx), name: 'pin_org', maxFailures: ctx.config.loginIpMaxFailures });
const holderBudget = (ctx: Context): Budget => ({ ...addressBudget(ctx), name: 'pin_holder', maxFailures: ctx.config.loginMaxFailures * 2 });

export interface PinCode {
  holderId: string;
  /** The PIN itself: only for those who may see secrets (never a helpdesk). */
  pin?: string;
  quota: number | null;
  used: number;
  expiresAt: Date | null;
  expired: boolean;
  createdAt: Date;
  regeneratedAt: Date;
  signUpUrl: string;
}

function present(ctx: Context, actor: Actor | null, org: OrganizationRow, row: PinCodeRow): PinCode {
  const now = ctx.clock.now();
  return {
    holderId: row.holder_id,
    ...(actor && maySeeSecrets(actor) && { pin: decrypt(ctx.secret, ENCRYPTION_PURPOSE, row.encrypted_pin) }),
    quota: row.quota,
    used: row.used_count,
    expiresAt: row.expires_at,
    expired: row.expires_at !== null && row.expires_at <= now,
    createdAt: row.created_at,
    regeneratedAt: row.regenerated_at,
    signUpUrl: absoluteUrl(ctx, pageUrl.pinSignUp(org.slug)),
  };
}

async function holderFor(tx: Tx, actor: Actor, org: OrganizationRow, userId: string): Promise<UserRow> {
  const holder = await users.findByIdForUpdate(tx, org.id, userId);
  if (!holder) throw new AppError('user.not_found');
  // Whoever holds the PIN creates users in their likeness: only as strong as the admin.
  users.assertCanManage(actor, holder.privilege);
  return holder;
}

export interface AssignInput {
  /** Users this PIN may create in all (null = no limit); omitted keeps the current quota. */
  quota?: number | null;
  /** ISO date-time after which the PIN is refused (null = never); omitted keeps the current expiry. */
  expiresAt?: string | null;
  /** false: change quota or expiry only and keep the PIN (default true: a new random PIN). */
  regenerate?: boolean;
}

/**
 * Gives a user a random PIN, or a new one in place of theirs (the old one stops working at
 * once; the count of users created is kept). The PIN is stored encrypted, so it can be
 * emailed again, and as a keyed hash for lookup; only administrators who may see secrets
 * assign or read it. The user's type becomes `pin_holder`. Audited (`pin_code.assigned`,
 * `pin_code.regenerated`, `pin_code.updated`), never with the PIN.
 */
export async function assign(ctx: Context, actor: Actor, orgSlug: string, userId: string, input: AssignInput): Promise<PinCode> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  assertMaySeeSecrets(actor);
  invitations.assertPasswordOnboarding(effectiveSettings(org.settings));
  const expiresAt = input.expiresAt === undefined ? undefined : input.expiresAt === null ? null : new Date(input.expiresAt);
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.db.transaction().execute(async (tx) => {
        const holder = await holderFor(tx, actor, org, userId);
        if (holder.status === 'disabled') throw new AppError('user.disabled', 'Enable the user before giving them a PIN.');
        const before = await q.findByHolder(tx, org.id, holder.id);
        const limits = { quota: input.quota === undefined ? (before?.quota ?? null) : input.quota, expires_at: expiresAt === undefined ? (before?.expires_at ?? null) : expiresAt };
        let row: PinCodeRow;
        if (before && input.regenerate === false) {
          row = await q.updateLimits(tx, org.id, holder.id, limits);
        } else {
          const pin = newCode(PIN_ALPHABET);
          row = await q.upsert(tx, {
            organization_id: org.id,
            holder_id: holder.id,
            pin_hash: pinHash(ctx, org.id, pin),
            encrypted_pin: encrypt(ctx.secret, ENCRYPTION_PURPOSE, pin),
            ...limits,
            created_by: actor.type === 'user' ? actor.id : null,
          });
        }
        if (holder.type !== 'pin_holder') await users.updateRow(tx, org.id, holder.id, { type: 'pin_holder' });
        const action = !before ? 'pin_code.assigned' : input.regenerate === false ? 'pin_code.updated' : 'pin_code.regenerated';
        await audit.record(tx, actor, { organizationId: org.id, action, target: { type: 'user', id: holder.id }, data: { quota: row.quota, expiresAt: row.expires_at, used: row.used_count } });
        return present(ctx, actor, org, row);
      });
    } catch (err) {
      // Another holder's PIN drew the same characters (1 in 36^10 per holder): draw again.
      if (!isUniqueViolation(err) || attempt >= 3) throw err;
    }
  }
}

/** The user's PIN (the PIN itself only for those who may see secrets) and the users it created. */
export async function get(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  const row = await q.findByHolder(ctx.db, org.id, userId);
  if (!row) throw new AppError('pin_code.not_assigned');
  return { ...present(ctx, actor, org, row), createdUsers: await createdUsers(ctx, org.id, userId) };
}

async function createdUsers(ctx: Context, organizationId: string, holderId: string) {
  const created = await q.createdBy(ctx.db, organizationId, holderId, 200);
  const list = await users.presentMany(ctx.db, organizationId, created.map((c) => c.user_id));
  return list.map((u) => ({ id: u.id, username: u.username, email: u.email, status: u.status, createdAt: u.createdAt }));
}

/** Takes the PIN away: it stops working at once; the user is a standard user again; created users stay. */
export async function revoke(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  await ctx.db.transaction().execute(async (tx) => {
    const holder = await holderFor(tx, actor, org, userId);
    const removed = await q.remove(tx, org.id, holder.id);
    if (Number(removed.numDeletedRows) === 0) throw new AppError('pin_code.not_assigned');
    await users.updateRow(tx, org.id, holder.id, { type: 'standard' });
    await audit.record(tx, actor, { organizationId: org.id, action: 'pin_code.revoked', target: { type: 'user', id: holder.id } });
  });
}

/**
 * Emails the PIN (template `pincode`) to its holder, or to another address (a requester the
 * admin verified). Sending it elsewhere hands the PIN to someone else, so only those who may
 * see secrets may; a helpdesk may send it to the holder's own address. Audited with the
 * recipient, never the PIN.
 */
export async function email(ctx: Context, actor: Actor, orgSlug: string, userId: string, input: { to?: string }): Promise<{ to: string; messageId: string }> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const holder = await holderFor(tx, actor, org, userId);
      const row = await q.findByHolder(tx, org.id, holder.id);
      if (!row) throw new AppError('pin_code.not_assigned');
      const other = input.to !== undefined && input.to.toLowerCase() !== holder.email?.toLowerCase();
      if (other) assertMaySeeSecrets(actor);
      const to = input.to ?? holder.email;
      if (!to) throw new AppError('user.email_required', 'The holder has no email address: give another address to send the PIN to.');
      const pin = decrypt(ctx.secret, ENCRYPTION_PURPOSE, row.encrypted_pin);
      const messageId = await notifications.enqueueEmail(tx, {
        organizationId: org.id,
        kind: 'pincode',
        to,
        userId: holder.id,
        secrets: [pin],
        vars: {
          organization: { name: org.name, slug: org.slug },
          user: { username: holder.username, displayName: users.displayName(holder) },
          pin,
          signUpUrl: absoluteUrl(ctx, pageUrl.pinSignUp(org.slug)),
          quota: row.quota,
          used: row.used_count,
          expiresAt: row.expires_at ?? null,
        },
      });
      await audit.record(tx, actor, { organizationId: org.id, action: 'pin_code.emailed', target: { type: 'user', id: holder.id }, data: { to, toHolder: !other } });
      return { to, messageId };
    })
    .finally(() => ctx.wakeWorker());
}

/** What a holder sees on their account page: their PIN's use and the users it created. */
export async function forHolder(ctx: Context, organizationId: string, holderId: string) {
  const row = await q.findByHolder(ctx.db, organizationId, holderId);
  if (!row) return null;
  const now = ctx.clock.now();
  return {
    quota: row.quota,
    used: row.used_count,
    expiresAt: row.expires_at,
    expired: row.expires_at !== null && row.expires_at <= now,
    createdUsers: await createdUsers(ctx, organizationId, holderId),
  };
}

export interface SignUpInput {
  pin: string;
  email: string;
  username: string;
  ip: string | null;
  userAgent: string | null;
}

const USERNAME = /^[\p{L}\p{N}._@+-]{1,100}$/u;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/**
 * A PIN holder creates a user (the sign-in page, or the API for other clients). Refused
 * when the organization has PIN sign-up off, from the API under `web_only`, and under
 * enforced SSO. A wrong, expired or disabled holder's PIN gets one answer ("wrong or
 * expired PIN") and counts on the address and organization budgets; with a right PIN the
 * new user inherits the holder's groups, roles and inheritable attributes as a plain user,
 * the PIN's quota is drawn by one conditional UPDATE (parallel sign-ups never exceed it),
 * the user limit is checked under lock, and a temporary password is emailed (`password_new`)
 * that must be changed at the first sign-in — all in one transaction. Audited with the
 * holder as actor and the new user as target.
 */
export async function signUp(ctx: Context, orgSlug: string, client: 'web' | 'api', input: SignUpInput) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const settings = effectiveSettings(org.settings);
  if (settings.login.pinSignUp === 'off') throw new AppError('pin_code.sign_up_off');
  if (client === 'api' && settings.login.pinSignUp === 'web_only') throw new AppError('pin_code.web_only');
  invitations.assertPasswordOnboarding(settings);
  const limiter = limiterOf(ctx);
  const address = input.ip ? [input.ip] : [];
  // Reserve-then-check: the attempt counts as a wrong PIN of the address and the organization
  // before the PIN is looked up, so parallel guesses get no more lookups than the budgets allow.
  const reserved = await Promise.all([limiter.reserve(addressBudget(ctx), address), limiter.reserve(organizationBudget(ctx), [org.id])]);
  const refund = () => Promise.all(reserved.map((r) => r.refund()));
  const wait = Math.max(...reserved.map((r) => r.wait));
  if (wait > 0) await refund();
  assertNotThrottled(wait);

  const meta = { ip: input.ip, userAgent: input.userAgent };
  const anonymous: Actor = { type: 'anonymous', id: null, label: null, organizationId: org.id, privilege: null, ...meta };
  const hash = pinHash(ctx, org.id, input.pin);
  const found = await q.findByHash(ctx.db, org.id, hash);
  const now = ctx.clock.now();
  const holder = found ? await users.findById(ctx.db, org.id, found.holder_id) : undefined;
  const expired = !!found?.expires_at && found.expires_at <= now;
  if (!found || !holder || holder.status === 'disabled' || expired) {
    if (holder) await limiter.fail(holderBudget(ctx), [holder.id]);
    await audit.record(ctx.db, anonymous, {
      organizationId: org.id,
      action: 'pin_code.refused',
      ...(holder && { target: { type: 'user', id: holder.id } }),
      data: { reason: !found ? 'wrong_pin' : expired ? 'expired' : 'holder_disabled', username: input.username.slice(0, 100) },
    });
    throw new AppError('pin_code.invalid');
  }
  // The PIN is right: no failure of the address or the organization.
  await refund();
  assertNotThrottled(await limiter.check(holderBudget(ctx), [holder.id]));
  const actor: Actor = { type: 'user', id: holder.id, label: holder.username, organizationId: org.id, privilege: holder.privilege, ...meta };
  const refused = async (err: AppError): Promise<never> => {
    if (err.code !== 'pin_code.quota_reached') await limiter.fail(holderBudget(ctx), [holder.id]);
    await audit.record(ctx.db, actor, { organizationId: org.id, action: 'pin_code.refused', target: { type: 'user', id: holder.id }, data: { reason: err.code, username: input.username.slice(0, 100) } });
    throw err;
  };

  const username = input.username.trim();
  const email = input.email.trim();
  if (!USERNAME.test(username)) return refused(new AppError('pin_code.username_invalid'));
  if (email.length > 254 || !EMAIL.test(email)) return refused(new AppError('pin_code.email_invalid'));
  if (found.quota !== null && found.used_count >= found.quota) return refused(quotaReached(found.quota));

  // Made and hashed before the transaction: the PIN's row stays locked only for the writes.
  const password = await temporaryPasswords.generateTemporaryPassword(org, { username, email });
  const passwordHash = await hashPassword(password, ctx.argon2);
  const passwordExpiresAt = temporaryPasswords.temporaryExpiry(ctx, settings);
  try {
    return await ctx.db
      .transaction()
      .execute(async (tx) => {
        const drawn = await q.draw(tx, org.id, hash, now);
        if (!drawn) throw quotaReached(found.quota);
        const user = await users.createInLikenessOf(ctx, tx, actor, org, holder, { username, email, passwordHash, passwordExpiresAt });
        await q.recordSignUp(tx, { organization_id: org.id, user_id: user.id, holder_id: holder.id });
        await notifications.enqueueEmail(tx, {
          organizationId: org.id,
          kind: 'password_new',
          to: email,
          userId: user.id,
          secrets: [password],
          vars: {
            organization: { name: org.name, slug: org.slug },
            user: { username: user.username, displayName: user.username },
            password,
            expiresAt: passwordExpiresAt,
            loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)),
            holder: { displayName: users.displayName(holder) },
          },
        });
        return { username: user.username, email, createdAt: user.createdAt, pin: { used: drawn.used_count, quota: drawn.quota } };
      })
      .finally(() => ctx.wakeWorker());
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return refused(err);
    throw err;
  }
}

const quotaReached = (quota: number | null) => new AppError('pin_code.quota_reached', `This PIN has created all ${quota} users it may: ask your administrator for more.`, { quota });

function assertNotThrottled(wait: number): void {
  if (wait <= 0) return;
  const minutes = Math.ceil(wait / 60);
  throw new AppError('auth.throttled', `Too many wrong PINs. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: wait });
}

/** Takes the user's PIN away in the caller's transaction (remove user identity); true when they held one. The users it created stay. */
export async function removeOfHolder(_ctx: Context, tx: Tx, organizationId: string, holderId: string): Promise<boolean> {
  const removed = await q.remove(tx, organizationId, holderId);
  if (Number(removed.numDeletedRows) === 0) return false;
  await users.updateRow(tx, organizationId, holderId, { type: 'standard' });
  return true;
}
