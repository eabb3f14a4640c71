import type { Context, Tx } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { OrganizationRow, RecoveryPhoneCodeRow, RecoveryPhoneRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { boundHash, codeSecret, normalizeCode, stateAt, type CodeAlphabet } from '../../flows/index.js';
import { limiterOf, type Budget } from '../../limits/index.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import { safeEqual } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

/**
 * Verification codes are bound to the user under this purpose: the same digits sent for a
 * sign-in or a recovery never verify a phone, and the reverse.
 */
export const CODE_PURPOSE = 'phone-verify';
/** A verification code's lifetime. */
export const CODE_MINUTES = 10;
/** Wrong codes a verification code survives; then it is exhausted and a new one must be sent. */
export const MAX_CODE_ATTEMPTS = 5;
const ALPHABET: CodeAlphabet = { uppercase: false, lowercase: false, digits: true, length: 6 };

/**
 * Codes sent, on the shared limiter: each send counts, and at the limit sending stops for an
 * hour. Per user (someone can't make the server text a number over and over) and per client
 * address, a larger budget since people share addresses.
 */
export const SEND_BUDGET: Budget = { name: 'phone-send', maxFailures: 5, baseSeconds: 3600, maxSeconds: 3600, resetSeconds: 3600 };
export const SEND_ADDRESS_BUDGET: Budget = { ...SEND_BUDGET, name: 'phone-send-ip', maxFailures: 20 };

export type PhoneState = 'verified' | 'unverified';

/** A recovery phone as pages and the API show it. */
export interface RecoveryPhone {
  number: string;
  /** The number with all but its calling code and last two digits hidden. */
  masked: string;
  country: string;
  state: PhoneState;
  consentedAt: Date;
  verifiedAt: Date | null;
  updatedAt: Date;
}

export interface Meta {
  ip: string | null;
  userAgent: string | null;
}

/** The countries a number can be chosen for: every region libphonenumber-js knows, with its calling code and English name, by name. */
export interface Country {
  code: string;
  callingCode: string;
  name: string;
}

let countryList: Country[] | undefined;
/** All countries with calling codes, names from Intl.DisplayNames; built once. */
export async function countries(): Promise<Country[]> {
  if (countryList) return countryList;
  const { getCountries, getCountryCallingCode } = await import('libphonenumber-js');
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  countryList = getCountries()
    .map((code) => ({ code, callingCode: getCountryCallingCode(code), name: names.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return countryList;
}

const countryName = async (code: string) => (await countries()).find((c) => c.code === code);

/** `+41 •• ••• •• 67`: enough to recognize one's number, not enough to learn it. */
export function maskNumber(e164: string, callingCode?: string): string {
  const cc = callingCode ?? '';
  const rest = e164.slice(1 + cc.length);
  if (rest.length <= 2) return e164;
  return `+${cc}${cc ? ' ' : ''}${'•'.repeat(rest.length - 2)}${rest.slice(-2)}`;
}

async function present(row: RecoveryPhoneRow): Promise<RecoveryPhone> {
  const country = await countryName(row.country);
  return {
    number: row.number,
    masked: maskNumber(row.number, country?.callingCode),
    country: row.country,
    state: row.verified_at ? 'verified' : 'unverified',
    consentedAt: row.consented_at,
    verifiedAt: row.verified_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The user's recovery phone number (E.164) when the user proved it with a code, else
 * undefined. Every SMS that is not the verification code itself (recovery codes, second
 * factor codes, notices) goes to this number or to none: an unverified or absent phone
 * receives nothing. `db` may be the caller's transaction.
 */
export async function verifiedNumber(_ctx: Context, db: Tx, organizationId: string, userId: string): Promise<string | undefined> {
  return (await q.findVerifiedNumber(db, organizationId, userId))?.number;
}

/** The user's recovery phone, verified or not, or undefined; for the user's own pages. */
export async function ofUser(ctx: Context, organizationId: string, userId: string): Promise<RecoveryPhone | undefined> {
  const row = await q.find(ctx.db, organizationId, userId);
  return row ? present(row) : undefined;
}

/**
 * The country the form starts on: the one of the user's recovery phone, else the one of
 * their profile phone, else the organization's default (the United States unless set).
 */
export async function defaultCountry(ctx: Context, org: OrganizationRow, userId: string): Promise<string> {
  const row = await q.find(ctx.db, org.id, userId);
  if (row) return row.country;
  const user = await users.findById(ctx.db, org.id, userId);
  if (user?.phone) {
    const parsed = (await import('libphonenumber-js')).parsePhoneNumberFromString(user.phone);
    if (parsed?.country) return parsed.country;
  }
  const configured = effectiveSettings(org.settings).recoveryPhone.defaultCountry;
  return (await countryName(configured)) ? configured : 'US';
}

/** E.164 form of a number typed for a country, or an error that names the country. */
export async function normalizeNumber(country: string, typed: string): Promise<string> {
  const c = await countryName(country);
  if (!c) throw new AppError('recovery_phone.country_invalid');
  const { parsePhoneNumberFromString } = await import('libphonenumber-js');
  const parsed = typed.trim() ? parsePhoneNumberFromString(typed, c.code as never) : undefined;
  // Countries that share a calling code (+1) share a numbering plan: a number of one is
  // accepted under the other. Another calling code is another country.
  if (!parsed?.isValid() || parsed.countryCallingCode !== c.callingCode) {
    throw new AppError('recovery_phone.number_invalid', `This is not a valid phone number in ${c.name} (+${c.callingCode}). Check the number, or choose the country it belongs to.`, {
      field: 'number',
      country: c.code,
    });
  }
  return parsed.format('E.164');
}

async function signedInUser(tx: Tx, org: OrganizationRow, userId: string): Promise<UserRow> {
  const user = await users.findById(tx, org.id, userId);
  if (!user || user.status === 'disabled') throw new AppError('auth.required');
  return user;
}

const sendKeys = (org: OrganizationRow, userId: string, meta: Meta) => ({ user: [`${org.id}:${userId}`], address: meta.ip ? [meta.ip] : [] });

/** Refuses a send over either budget, else counts it. */
async function takeSend(ctx: Context, org: OrganizationRow, userId: string, meta: Meta) {
  const limiter = limiterOf(ctx);
  const keys = sendKeys(org, userId, meta);
  // Reserve-then-check: parallel sends can't all pass the check before the first is counted.
  const [user, address] = await Promise.all([limiter.reserve(SEND_BUDGET, keys.user), limiter.reserve(SEND_ADDRESS_BUDGET, keys.address)]);
  const wait = Math.max(user.wait, address.wait);
  if (wait > 0) {
    await Promise.all([user.refund(), address.refund()]);
    const minutes = Math.ceil(wait / 60);
    throw new AppError('recovery_phone.send_throttled', `Too many codes were sent. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds: wait });
  }
}

const recipientVars = (org: OrganizationRow, user: UserRow) => ({
  organization: { name: org.name, slug: org.slug },
  user: { username: user.username, displayName: users.displayName(user) },
});

/** Supersedes the user's earlier codes and texts a new one to `number`, in the caller's transaction. */
async function sendCode(ctx: Context, tx: Tx, org: OrganizationRow, user: UserRow, number: string): Promise<RecoveryPhoneCodeRow> {
  const now = ctx.clock.now();
  await q.supersedeCodes(tx, org.id, user.id, now);
  const code = codeSecret.newSecret(ALPHABET);
  const row = await q.insertCode(tx, {
    organization_id: org.id,
    user_id: user.id,
    number,
    code_hash: codeSecret.secretHash(ctx, { purpose: CODE_PURPOSE, subject: user.id }, code),
    expires_at: new Date(now.getTime() + CODE_MINUTES * 60_000),
  });
  await notifications.enqueueSms(tx, {
    organizationId: org.id,
    userId: user.id,
    kind: 'recovery_phone_verification',
    to: number,
    vars: { ...recipientVars(org, user), code, minutes: CODE_MINUTES },
    secrets: [code],
  });
  return row;
}

export interface SetInput extends Meta {
  country: string;
  number: string;
  consent: boolean;
}

/**
 * The signed-in user sets their own recovery phone (there is no way for anyone else to).
 * Consent is required; the number is validated for the country and stored E.164. A new
 * number starts unverified and a code is texted to it (superseding earlier codes); the same
 * number, verified already, stays verified and nothing is sent. A verified number replaced by
 * another is told to the person by email. Sends are throttled per user and per address.
 */
export async function setOwn(ctx: Context, actor: Actor, org: OrganizationRow, input: SetInput): Promise<{ phone: RecoveryPhone; codeSent: boolean; codeExpiresAt: Date | null }> {
  const userId = selfId(actor, org);
  if (!(await countryName(input.country))) throw new AppError('recovery_phone.country_invalid');
  const number = await normalizeNumber(input.country, input.number);
  if (!input.consent) throw new AppError('recovery_phone.consent_required', undefined, { field: 'consent' });
  const existing = await q.find(ctx.db, org.id, userId);
  const unchanged = existing?.number === number && existing.verified_at !== null;
  if (!unchanged) await takeSend(ctx, org, userId, input);
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const user = await signedInUser(tx, org, userId);
      const before = await q.findForUpdate(tx, org.id, userId);
      const now = ctx.clock.now();
      const row = await q.upsert(tx, { organization_id: org.id, user_id: userId, number, country: input.country, consented_at: now, now });
      if (row.verified_at) return { phone: await present(row), codeSent: false, codeExpiresAt: null };
      const code = await sendCode(ctx, tx, org, user, number);
      const phone = await present(row);
      // A verified number replaced by one not yet proved no longer receives codes: the person is told.
      if (before?.verified_at && before.number !== number) await notice(ctx, tx, org, user, 'recovery_phone_removed', await present(before), null);
      await audit.record(tx, actor, {
        organizationId: org.id,
        action: 'recovery_phone.set',
        target: { type: 'user', id: userId },
        data: { number: phone.masked, country: row.country, replaced: before ? (before.verified_at ? 'verified' : 'unverified') : null },
      });
      return { phone, codeSent: true, codeExpiresAt: code.expires_at };
    })
    .finally(() => ctx.wakeWorker());
}

/** Texts a new code to the user's unverified recovery phone; the earlier code stops working. Throttled like setOwn. */
export async function resendOwn(ctx: Context, actor: Actor, org: OrganizationRow, meta: Meta): Promise<{ phone: RecoveryPhone; codeExpiresAt: Date }> {
  const userId = selfId(actor, org);
  const existing = await q.find(ctx.db, org.id, userId);
  if (!existing) throw new AppError('recovery_phone.not_found');
  if (existing.verified_at) throw new AppError('recovery_phone.already_verified');
  await takeSend(ctx, org, userId, meta);
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const user = await signedInUser(tx, org, userId);
      const row = await q.findForUpdate(tx, org.id, userId);
      if (!row) throw new AppError('recovery_phone.not_found');
      if (row.verified_at) throw new AppError('recovery_phone.already_verified');
      const code = await sendCode(ctx, tx, org, user, row.number);
      return { phone: await present(row), codeExpiresAt: code.expires_at };
    })
    .finally(() => ctx.wakeWorker());
}

/** Why a code that took no more attempts no longer works, read again after the refused count. */
async function endedCode(ctx: Context, organizationId: string, userId: string, id: string): Promise<AppError> {
  const code = await q.latestCode(ctx.db, organizationId, userId);
  if (code?.id !== id) return new AppError('recovery_phone.code_expired', 'The code was replaced: send a new code.');
  if (code.state === 'accepted') return new AppError('recovery_phone.code_used');
  if (code.state === 'exhausted' || code.attempts >= MAX_CODE_ATTEMPTS) return new AppError('recovery_phone.code_exhausted');
  return new AppError('recovery_phone.code_expired');
}

/**
 * The user proves their recovery phone with the code texted to it. Every attempt is counted
 * on the code's row before the code is compared (at most MAX_CODE_ATTEMPTS are ever
 * compared), and after the last wrong one the code is exhausted; the right one is consumed
 * by one conditional UPDATE, so of parallel redemptions exactly one verifies and the others
 * are told the code was used. A code proves only the number it was sent to. The user is told
 * by email (NIST 800-63B-4: notify when an authenticator is bound).
 */
export async function verifyOwn(ctx: Context, actor: Actor, org: OrganizationRow, typed: string): Promise<RecoveryPhone> {
  const userId = selfId(actor, org);
  const phone = await q.find(ctx.db, org.id, userId);
  if (!phone) throw new AppError('recovery_phone.not_found');
  if (phone.verified_at) throw new AppError('recovery_phone.already_verified');
  const pending = await q.latestCode(ctx.db, org.id, userId);
  if (!pending || pending.number !== phone.number) throw new AppError('recovery_phone.code_expired', 'No code was sent to this number yet, or it was replaced: send a new code.');
  const now = ctx.clock.now();
  const state = stateAt(pending, now);
  if (state === 'exhausted') throw new AppError('recovery_phone.code_exhausted');
  if (state === 'accepted') throw new AppError('recovery_phone.code_used');
  if (state !== 'pending') throw new AppError('recovery_phone.code_expired');
  // Counted before it is compared: parallel guesses get no more comparisons than the code allows.
  const counted = await q.reserveAttempt(ctx.db, pending.id, MAX_CODE_ATTEMPTS, now);
  if (!counted) throw await endedCode(ctx, org.id, userId, pending.id);
  const given = boundHash(ctx.secret, { purpose: CODE_PURPOSE, subject: userId }, normalizeCode(ALPHABET, typed));
  if (!safeEqual(given.toString('hex'), pending.code_hash.toString('hex'))) {
    if (await q.exhaustSpent(ctx.db, pending.id, MAX_CODE_ATTEMPTS, now)) {
      await audit.record(ctx.db, actor, { organizationId: org.id, action: 'recovery_phone.code_exhausted', target: { type: 'user', id: userId }, data: { attempts: counted.attempts } });
      throw new AppError('recovery_phone.code_exhausted');
    }
    const left = MAX_CODE_ATTEMPTS - counted.attempts;
    throw new AppError('recovery_phone.code_invalid', `The code is not right: ${left} ${left === 1 ? 'try' : 'tries'} left before it stops working. Check the last text message, or send a new code.`, { attemptsLeft: left });
  }
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const consumed = await q.consumeCode(tx, org.id, userId, pending.id, phone.number, ctx.clock.now());
      if (!consumed) throw new AppError('recovery_phone.code_used');
      const user = await signedInUser(tx, org, userId);
      const row = await q.markVerified(tx, org.id, userId, consumed.number, ctx.clock.now());
      // The number changed in the meantime; the change superseded this code, so this is a lost race.
      if (!row) throw new AppError('recovery_phone.code_used');
      const shown = await present(row);
      await audit.record(tx, actor, { organizationId: org.id, action: 'recovery_phone.verified', target: { type: 'user', id: userId }, data: { number: shown.masked, country: row.country } });
      await notice(ctx, tx, org, user, 'recovery_phone_verified', shown, null);
      return shown;
    })
    .finally(() => ctx.wakeWorker());
}

/** The signed-in user removes their own recovery phone; pending codes end. */
export async function removeOwn(ctx: Context, actor: Actor, org: OrganizationRow): Promise<void> {
  const userId = selfId(actor, org);
  await removeIn(ctx, actor, org, userId, 'user');
}

async function removeIn(ctx: Context, actor: Actor, org: OrganizationRow, userId: string, by: 'user' | 'admin') {
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const user = await users.findById(tx, org.id, userId);
      if (!user) throw new AppError('user.not_found');
      const row = await q.remove(tx, org.id, userId);
      if (!row) throw new AppError('recovery_phone.not_found');
      await q.revokeCodes(tx, org.id, userId, ctx.clock.now());
      const shown = await present(row);
      await audit.record(tx, actor, {
        organizationId: org.id,
        action: 'recovery_phone.removed',
        target: { type: 'user', id: userId },
        data: { number: shown.masked, by, wasVerified: row.verified_at !== null },
      });
      await notice(ctx, tx, org, user, 'recovery_phone_removed', shown, by === 'admin' ? actor.label : null);
    })
    .finally(() => ctx.wakeWorker());
}

/** Emails the user about a change of their recovery phone, when they have an email. */
async function notice(ctx: Context, tx: Tx, org: OrganizationRow, user: UserRow, kind: 'recovery_phone_verified' | 'recovery_phone_removed', phone: RecoveryPhone, admin: string | null) {
  if (!user.email) return;
  await notifications.enqueueEmail(tx, {
    organizationId: org.id,
    userId: user.id,
    kind,
    to: user.email,
    vars: {
      ...recipientVars(org, user),
      number: phone.masked,
      changedAt: ctx.clock.now(),
      byAdmin: admin !== null,
      accountUrl: absoluteUrl(ctx, pageUrl.account(org.slug)),
    },
  });
}

/** The user an own-phone call acts for: the signed-in person of this organization, never an API token. */
function selfId(actor: Actor, org: OrganizationRow): string {
  if (actor.type !== 'user' || !actor.id || actor.organizationId !== org.id) throw new AppError('auth.session_required');
  return actor.id;
}

/** The organization of the signed-in person (self-service API). */
export async function organizationOf(ctx: Context, actor: Actor): Promise<OrganizationRow> {
  const org = actor.organizationId ? await organizations.findById(ctx, actor.organizationId) : undefined;
  if (!org) throw new AppError('auth.required');
  return org;
}

/**
 * An administrator reads a user's recovery phone (number, consent and verification times).
 * Needs `users.read` in the organization: a helpdesk may look, to help a caller.
 */
export async function getForAdmin(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<RecoveryPhone | null> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  const row = await q.find(ctx.db, org.id, userId);
  return row ? present(row) : null;
}

/**
 * An administrator removes a user's recovery phone (a lost phone, a number given up). Needs
 * `users.manage` over the user; audited with the administrator, and the user is emailed.
 * There is deliberately no way for an administrator to set one: only the holder of a number
 * can consent to it and prove it.
 */
export async function removeForAdmin(ctx: Context, actor: Actor, orgSlug: string, userId: string): Promise<void> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.manage');
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  users.assertCanManage(actor, user.privilege);
  await removeIn(ctx, actor, org, userId, 'admin');
}

/** Deletes the user's recovery phone and its codes in the caller's transaction (remove user identity); true when there was one. */
export async function removeAllOf(_ctx: Context, tx: Tx, organizationId: string, userId: string): Promise<boolean> {
  await q.deleteCodes(tx, organizationId, userId);
  return (await q.remove(tx, organizationId, userId)) !== undefined;
}
