import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, Tx } from '../../context.js';
import { type Actor, assertMaySeeSecrets } from '../../access/index.js';
import type { MfaFactorRow, MfaMethod, OrganizationRow, Privilege, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { boundHash, newCode, normalizeCode, store, type CodeAlphabet } from '../../flows/index.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import { groupedKey, matchingStep, newTotpSecret, totpUri } from '../../lib/totp.js';
import * as audit from '../audit/service.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import * as recoveryPhone from '../recovery-phone/service.js';
import { limiterOf, type Budget } from '../../limits/index.js';
import { effectiveSettings } from '../organizations/settings.js';
import * as users from '../users/service.js';
import * as q from './queries.js';

export type { MfaMethod };

/** Encryption purpose of TOTP keys: its own key, derived from the server secret. */
const TOTP_PURPOSE = 'mfa-totp';
/** How long an unfinished enrollment (key shown, no code yet) may be confirmed. */
export const ENROLLMENT_TTL_MINUTES = 15;
export const BACKUP_CODE_COUNT = 10;
/** An administrator's backup code for a locked-out person is short-lived. */
export const ISSUED_CODE_TTL_MINUTES = 60;
const BACKUP_ALPHABET: CodeAlphabet = { uppercase: true, lowercase: false, digits: true, length: 10 };
const NO_USER = '00000000-0000-0000-0000-000000000000';

/** SMS sign-in codes: 6 digits, a few minutes, a few tries (the flow core's rules). */
const SMS_ALPHABET: CodeAlphabet = { uppercase: false, lowercase: false, digits: true, length: 6 };
export const SMS_CODE_MINUTES = 5;
export const SMS_CODE_ATTEMPTS = 5;
/** Texts sent per account: each send draws on this budget of the shared limiter (SMS cost money and annoy). */
export const SMS_SEND_BUDGET: Budget = { name: 'mfa-sms-send', maxFailures: 5, baseSeconds: 900, maxSeconds: 3600, resetSeconds: 3600 };
const smsCodes: store.SecretTable = { table: 'mfa_sms_codes', hash: 'code_hash', lifecycle: { kind: 'state' } };
const smsHash = (ctx: Context, flowId: string, code: string) => boundHash(ctx.secret, { purpose: 'mfa-sms', subject: flowId }, normalizeCode(SMS_ALPHABET, code));

const backupCodes: store.SecretTable = { table: 'mfa_backup_codes', hash: 'code_hash', lifecycle: { kind: 'used', column: 'used_at' }, supersede: 'expire' };
const backupHash = (ctx: Context, userId: string, code: string) => boundHash(ctx.secret, { purpose: 'mfa-backup', subject: userId }, normalizeCode(BACKUP_ALPHABET, code));
/** Codes are shown in two groups of five, as people read them out and type them. */
const shown = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/** What sign-in needs of an account's second factors; loaded once, before the flow identifies the account. */
export interface MfaAccount {
  /** The second-factor methods the account can use now, its default first. */
  methods: MfaMethod[];
  defaultMethod: MfaMethod | null;
  /** Why the next sign-in must enroll a new authenticator app (whatever the policy); null when it needn't. */
  enrollRequired: 'recovery' | 'reset' | null;
  /** The organization requires a second factor. */
  policyRequired: boolean;
  backupCodesLeft: number;
}

const ORDER: MfaMethod[] = ['otp', 'sms', 'backup_code'];

/**
 * The account's second factors as sign-in sees them. An unknown account (undefined) costs the
 * same query and has none. SMS counts only where the organization allows it.
 */
export async function accountOf(ctx: Context, org: OrganizationRow, userId: string | undefined): Promise<MfaAccount> {
  const settings = effectiveSettings(org.settings);
  const s = await q.summary(ctx.db, org.id, userId ?? NO_USER, ctx.clock.now());
  const has = new Set<MfaMethod>();
  if (s.kinds.includes('totp')) has.add('otp');
  // Only a verified recovery phone ever receives a code, and only where SMS is allowed.
  if (s.kinds.includes('sms') && settings.mfa.smsAllowed && userId && (await recoveryPhone.verifiedNumber(ctx, ctx.db, org.id, userId))) has.add('sms');
  if (s.backup_codes > 0) has.add('backup_code');
  const preferred = s.default_method && has.has(s.default_method) ? s.default_method : undefined;
  const methods = ORDER.filter((m) => has.has(m)).sort((a, b) => Number(b === preferred) - Number(a === preferred));
  return { methods, defaultMethod: s.default_method, enrollRequired: s.enroll_required_reason, policyRequired: settings.mfa.policy === 'required', backupCodesLeft: s.backup_codes };
}

/**
 * Whether the next sign-in must enroll an authenticator app before a session opens: after an
 * authenticator reset (whatever the policy), or when the organization requires a second
 * factor and the account has none it could sign in with.
 */
export const mustEnroll = (a: MfaAccount) => a.enrollRequired !== null || (a.policyRequired && !a.methods.some((m) => m !== 'backup_code'));

/**
 * Checks an authenticator-app code of the account's active factor and accepts its time step
 * in one conditional UPDATE: a step accepted before (a replayed code) is refused, and of two
 * parallel uses of one code exactly one is accepted. Wrong, replayed and no factor look alike.
 */
export async function verifyTotp(ctx: Context, org: OrganizationRow, userId: string, code: string): Promise<boolean> {
  const factor = await q.activeFactor(ctx.db, org.id, userId, 'totp');
  if (!factor?.encrypted_secret) return false;
  const step = matchingStep(decrypt(ctx.secret, TOTP_PURPOSE, factor.encrypted_secret), code, ctx.clock.now());
  if (step === undefined) return false;
  if (factor.last_used_step !== null && Number(factor.last_used_step) >= step) return false;
  return q.acceptStep(ctx.db, org.id, factor.id, step);
}

/**
 * Redeems one backup code (of the person's set, or one an administrator issued) by one
 * conditional UPDATE: of any number of parallel uses exactly one wins. Returns the kind of
 * code redeemed, or undefined for a wrong, used or ended one.
 */
export async function redeemBackupCode(ctx: Context, tx: Tx, org: OrganizationRow, userId: string, code: string): Promise<'set' | 'issued' | undefined> {
  const row = await store.consume<{ kind: 'set' | 'issued' }>(tx, backupCodes, { hash: backupHash(ctx, userId, code) }, { organization_id: org.id, user_id: userId }, ctx.clock.now());
  return row?.kind;
}

export interface TotpEnrollment {
  factorId: string;
  /** The key, grouped by four for typing into an app. Shown only while enrollment is unfinished. */
  key: string;
  uri: string;
  /** The QR code of the URI as a data: URL (rendered here, never by an outside service). */
  qr: string;
}

const qrCode = async (text: string) => (await import('qrcode')).default.toDataURL(text, { margin: 1, width: 220 });

async function presentEnrollment(ctx: Context, org: OrganizationRow, user: UserRow, factor: MfaFactorRow): Promise<TotpEnrollment> {
  const key = decrypt(ctx.secret, TOTP_PURPOSE, factor.encrypted_secret!);
  const uri = totpUri(key, org.name, user.username);
  return { factorId: factor.id, key: groupedKey(key), uri, qr: await qrCode(uri) };
}

/**
 * The unfinished authenticator-app enrollment of the person: the one started in the last
 * minutes (so a reload shows the key that may already be scanned), else a new key. The key is
 * stored encrypted and is shown only until the first code confirms it. The pages call this on
 * GET, so it never ends an enrollment that can still be confirmed: only ones past their
 * minutes are marked abandoned (two pages opened at once may each start one; either works).
 */
export async function beginTotpEnrollment(ctx: Context, org: OrganizationRow, user: UserRow): Promise<TotpEnrollment> {
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - ENROLLMENT_TTL_MINUTES * 60_000);
  const existing = await q.pendingFactor(ctx.db, org.id, user.id, 'totp', since);
  if (existing) return presentEnrollment(ctx, org, user, existing);
  const factor = await ctx.db.transaction().execute(async (tx) => {
    await q.disableFactors(tx, org.id, user.id, { kinds: ['totp'], unconfirmedOnly: true, createdBy: since, reason: 'abandoned', by: null, now });
    return q.insertFactor(tx, { organization_id: org.id, user_id: user.id, kind: 'totp', label: 'Authenticator app', encrypted_secret: encrypt(ctx.secret, TOTP_PURPOSE, newTotpSecret()), created_at: now });
  });
  return presentEnrollment(ctx, org, user, factor);
}

/**
 * Confirms an enrollment with its first valid code, in the caller's transaction: the factor
 * becomes active, an earlier authenticator app is disabled as replaced (kept as a record),
 * and a required re-enrollment is cleared. A wrong code or an ended enrollment throws.
 */
export async function confirmTotp(ctx: Context, tx: Tx, org: OrganizationRow, user: UserRow, factorId: string, code: string, actor: Actor): Promise<void> {
  const now = ctx.clock.now();
  const factor = await q.findFactor(tx, org.id, user.id, factorId);
  const since = new Date(now.getTime() - ENROLLMENT_TTL_MINUTES * 60_000);
  if (factor?.kind !== 'totp' || factor.confirmed_at || factor.disabled_at || factor.created_at <= since) throw new AppError('mfa.enrollment_not_found');
  const step = matchingStep(decrypt(ctx.secret, TOTP_PURPOSE, factor.encrypted_secret!), code, now);
  if (step === undefined) throw new AppError('mfa.code_invalid');
  const replaced = await q.disableFactors(tx, org.id, user.id, { kinds: ['totp'], confirmedOnly: true, reason: 'replaced', by: actor.id, now });
  if (!(await q.confirmFactor(tx, org.id, factor.id, step, now))) throw new AppError('mfa.enrollment_not_found');
  // Keys shown on other pages opened meanwhile end with this one: none can replace it later.
  await q.disableFactors(tx, org.id, user.id, { kinds: ['totp'], unconfirmedOnly: true, reason: 'abandoned', by: null, now });
  await q.upsertSettings(tx, org.id, user.id, { enroll_required_at: null, enroll_required_reason: null }, now);
  await audit.record(tx, actor, {
    organizationId: org.id,
    action: 'mfa.totp_enrolled',
    target: { type: 'user', id: user.id },
    data: { factorId: factor.id, replaced: replaced.map((r) => r.id) },
  });
  // Binding an authenticator is told to the person (NIST SP 800-63B-4), like removing one.
  await noticeChanged(ctx, tx, org, user, 'added', false);
}

/**
 * A new set of backup codes for the person, shown once: only keyed hashes bound to the
 * person are stored, and the previous set stops working in the same transaction. Needs an
 * active second factor for the codes to stand in for.
 */
export async function generateBackupCodes(ctx: Context, org: OrganizationRow, userId: string, actor: Actor): Promise<string[]> {
  const account = await accountOf(ctx, org, userId);
  if (!account.methods.some((m) => m !== 'backup_code')) throw new AppError('mfa.factor_required');
  const now = ctx.clock.now();
  const codes = Array.from({ length: BACKUP_CODE_COUNT }, () => newCode(BACKUP_ALPHABET));
  const setId = randomUUID();
  await ctx.db.transaction().execute(async (tx) => {
    await store.supersede(tx, backupCodes, { organization_id: org.id, user_id: userId, kind: 'set' }, now);
    await q.insertBackupCodes(tx, codes.map((c) => ({ organization_id: org.id, user_id: userId, kind: 'set' as const, set_id: setId, code_hash: backupHash(ctx, userId, c) })));
    await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.backup_codes_generated', target: { type: 'user', id: userId }, data: { setId, count: codes.length } });
  });
  return codes.map(shown);
}

/** How many codes of the person's current set are left. */
export const backupCodesLeft = (ctx: Context, org: OrganizationRow, userId: string) => q.countLiveBackupCodes(ctx.db, org.id, userId, 'set', ctx.clock.now());

/** The person's own choice of the second factor offered first at sign-in. */
export async function setDefaultMethod(ctx: Context, org: OrganizationRow, userId: string, method: MfaMethod, actor: Actor): Promise<void> {
  const account = await accountOf(ctx, org, userId);
  if (!account.methods.includes(method)) throw new AppError('mfa.method_unavailable');
  await ctx.db.transaction().execute(async (tx) => {
    await q.upsertSettings(tx, org.id, userId, { default_method: method }, ctx.clock.now());
    await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.default_method_changed', target: { type: 'user', id: userId }, data: { method } });
  });
}

/**
 * The person removes their authenticator app (kept disabled as a record); backup codes end
 * with it when nothing else is left. The person is told (by email, and by text to a verified
 * recovery phone), so a stolen session can't strip the factor unnoticed.
 */
export async function removeTotp(ctx: Context, org: OrganizationRow, userId: string, actor: Actor): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const removed = await q.disableFactors(tx, org.id, userId, { kinds: ['totp'], reason: 'removed', by: actor.id, now });
      if (removed.length === 0) return;
      const left = await q.summary(tx, org.id, userId, now);
      if (left.kinds.length === 0) await store.supersede(tx, backupCodes, { organization_id: org.id, user_id: userId, kind: 'set' }, now);
      await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.totp_removed', target: { type: 'user', id: userId }, data: { factorIds: removed.map((r) => r.id) } });
      const user = await users.findById(tx, org.id, userId);
      if (user) await noticeChanged(ctx, tx, org, user, 'removed', false);
    })
    .finally(() => ctx.wakeWorker());
}

export interface FactorView {
  id: string;
  kind: string;
  label: string;
  state: 'active' | 'pending' | 'disabled';
  createdAt: Date;
  confirmedAt: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
}

/** An account's factors as anyone may see them: never a secret. */
export async function factorsOf(ctx: Context, org: OrganizationRow, userId: string) {
  const [rows, account, setLeft] = await Promise.all([q.listFactors(ctx.db, org.id, userId), accountOf(ctx, org, userId), backupCodesLeft(ctx, org, userId)]);
  const factors: FactorView[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: r.label,
    state: r.disabled_at ? 'disabled' : r.confirmed_at ? 'active' : 'pending',
    createdAt: r.created_at,
    confirmedAt: r.confirmed_at,
    disabledAt: r.disabled_at,
    disabledReason: r.disabled_reason,
  }));
  return { factors, methods: account.methods, defaultMethod: account.defaultMethod, enrollRequired: account.enrollRequired !== null || mustEnroll(account), backupCodesLeft: setLeft };
}

/** What the notice of a changed authenticator says happened. */
const CHANGE_WORDS: Record<'added' | 'removed' | 'sms_removed' | 'recovery' | 'reset', string> = {
  added: 'A new authenticator app was turned on',
  removed: 'Your authenticator app was removed as a second factor',
  sms_removed: 'Text messages to your recovery phone were turned off as a second factor',
  recovery: 'Your authenticator app was reset by a code sent to your recovery phone',
  reset: 'An administrator reset the second factors (authenticator app and backup codes)',
};

async function noticeChanged(ctx: Context, tx: Tx, org: OrganizationRow, user: UserRow, reason: keyof typeof CHANGE_WORDS, enrollNext: boolean) {
  const vars = {
    organization: { name: org.name, slug: org.slug },
    user: { username: user.username, displayName: users.displayName(user) },
    what: CHANGE_WORDS[reason],
    // The localized templates say what changed in their own words, by reason.
    reason,
    enrollNext,
    changedAt: ctx.clock.now(),
    loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)),
  };
  if (user.email) await notifications.enqueueEmail(tx, { organizationId: org.id, kind: 'authenticator_changed', to: user.email, userId: user.id, vars });
  const phone = await recoveryPhone.verifiedNumber(ctx, tx, org.id, user.id);
  if (phone) await notifications.enqueueSms(tx, { organizationId: org.id, kind: 'authenticator_changed_sms', to: phone, userId: user.id, vars });
}

/**
 * Authenticator reset (recovery by SMS): disables the account's authenticator app factors
 * (kept as the record of what was bound) and its backup codes, marks that the next sign-in
 * must enroll a new authenticator app before anything else (required action
 * `enroll_authenticator`, whatever the organization policy), audits `mfa.authenticator_reset`
 * and queues the "your authenticator was changed — not you?" notice by email, all in `tx`.
 * The caller ends the sessions.
 */
export async function resetAuthenticator(ctx: Context, tx: Tx, input: { org: OrganizationRow; userId: string; actor: Actor; reason: string }): Promise<void> {
  const { org, userId, actor } = input;
  const now = ctx.clock.now();
  const user = await users.findById(tx, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  const disabled = await q.disableFactors(tx, org.id, userId, { kinds: ['totp'], reason: 'recovery', by: actor.id, now });
  const codes = await store.supersede(tx, backupCodes, { organization_id: org.id, user_id: userId }, now);
  await q.upsertSettings(tx, org.id, userId, { enroll_required_at: now, enroll_required_reason: 'recovery' }, now);
  await audit.record(tx, actor, {
    organizationId: org.id,
    action: 'mfa.authenticator_reset',
    target: { type: 'user', id: userId },
    data: { reason: input.reason.slice(0, 200), factorIds: disabled.map((d) => d.id), backupCodesEnded: codes },
  });
  await noticeChanged(ctx, tx, org, user, 'recovery', true);
}

// ---- Administrators' actions -------------------------------------------------------------

/** The user to act on, in the actor's organization, and not above the actor's privilege. */
async function target(ctx: Context, actor: Actor, orgSlug: string, userId: string, permission: 'users.read' | 'users.manage') {
  const org = await organizations.resolve(ctx, actor, orgSlug, permission);
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  if (permission === 'users.manage') users.assertCanManage(actor, user.privilege as Privilege);
  return { org, user };
}

/** A user's factors for an administrator (helpdesk included): kinds, states, dates, never a secret. */
export async function adminFactors(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  const { org } = await target(ctx, actor, orgSlug, userId, 'users.read');
  return factorsOf(ctx, org, userId);
}

/** Admin "change second factor": the method offered first at the user's sign-in. */
export async function adminSetDefaultMethod(ctx: Context, actor: Actor, orgSlug: string, userId: string, method: MfaMethod) {
  const { org } = await target(ctx, actor, orgSlug, userId, 'users.manage');
  await setDefaultMethod(ctx, org, userId, method, actor);
  return factorsOf(ctx, org, userId);
}

/**
 * Admin "reset MFA": every factor disabled (kept as the record), every backup code ended,
 * the user told. When the organization requires a second factor, the next sign-in enrolls a
 * new one (the policy does that by itself: the account has none left).
 */
export async function adminReset(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  const { org, user } = await target(ctx, actor, orgSlug, userId, 'users.manage');
  const now = ctx.clock.now();
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const disabled = await q.disableFactors(tx, org.id, userId, { reason: 'reset', by: actor.id, now });
      const codes = await store.supersede(tx, backupCodes, { organization_id: org.id, user_id: userId }, now);
      await q.upsertSettings(tx, org.id, userId, { default_method: null, enroll_required_at: null, enroll_required_reason: null }, now);
      await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.reset', target: { type: 'user', id: userId }, data: { factorIds: disabled.map((d) => d.id), backupCodesEnded: codes } });
      if (disabled.some((d) => d.confirmed_at)) await noticeChanged(ctx, tx, org, user, 'reset', effectiveSettings(org.settings).mfa.policy === 'required');
    })
    .finally(() => ctx.wakeWorker());
  return factorsOf(ctx, org, userId);
}

/**
 * Admin "generate backup code" for a user locked out of their factor: one code, shown once to
 * the administrator (who must be allowed to see secrets), single use, valid for
 * ISSUED_CODE_TTL_MINUTES; a newer one ends the older.
 */
export async function adminIssueBackupCode(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  assertMaySeeSecrets(actor);
  const { org } = await target(ctx, actor, orgSlug, userId, 'users.manage');
  const account = await accountOf(ctx, org, userId);
  if (!account.methods.some((m) => m !== 'backup_code')) throw new AppError('mfa.not_enrolled');
  const now = ctx.clock.now();
  const code = newCode(BACKUP_ALPHABET);
  const expiresAt = new Date(now.getTime() + ISSUED_CODE_TTL_MINUTES * 60_000);
  await ctx.db.transaction().execute(async (tx) => {
    await store.supersede(tx, backupCodes, { organization_id: org.id, user_id: userId, kind: 'issued' }, now);
    await q.insertBackupCodes(tx, [{ organization_id: org.id, user_id: userId, kind: 'issued', set_id: randomUUID(), code_hash: backupHash(ctx, userId, code), issued_by: actor.id, expires_at: expiresAt }]);
    await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.backup_code_issued', target: { type: 'user', id: userId }, data: { expiresAt: expiresAt.toISOString() } });
  });
  return { code: shown(code), expiresAt };
}


/** Codes an unfinished enrollment on the account page or API allows before it is abandoned. */
export const ENROLLMENT_ATTEMPTS = 10;

/**
 * The person confirms their own enrollment (account page or API): confirmTotp in its own
 * transaction, after the code's attempt is counted (reserveConfirmAttempt, committed on its
 * own so a wrong code's rollback keeps it): at most ENROLLMENT_ATTEMPTS codes are ever
 * compared, however many arrive at once. An enrollment out of attempts is abandoned, so the
 * page shows a new key. (Inside a sign-in, the flow's own attempts bound an enrollment.)
 */
export async function confirmOwnTotp(ctx: Context, org: OrganizationRow, user: UserRow, factorId: string, code: string, actor: Actor): Promise<void> {
  const abandon = () => ctx.db.transaction().execute((tx) => q.disableFactors(tx, org.id, user.id, { id: factorId, unconfirmedOnly: true, reason: 'abandoned', by: null, now: ctx.clock.now() }));
  const reserved = await q.reserveConfirmAttempt(ctx.db, org.id, user.id, factorId, ENROLLMENT_ATTEMPTS);
  if (reserved === undefined) {
    await abandon();
    throw new AppError('mfa.enrollment_not_found');
  }
  await ctx.db
    .transaction()
    .execute((tx) => confirmTotp(ctx, tx, org, user, factorId, code, actor))
    .catch(async (err: unknown) => {
      if (err instanceof AppError && err.code === 'mfa.code_invalid' && reserved >= ENROLLMENT_ATTEMPTS) await abandon();
      throw err;
    })
    .finally(() => ctx.wakeWorker());
}

/**
 * Texts a sign-in code to the account's verified recovery phone, for the paused flow `flowId`:
 * the code is bound to that flow, single use, valid SMS_CODE_MINUTES, and a newer one ends the
 * older. Each send draws on the account's SMS budget of the shared limiter. Returns the masked
 * number it went to.
 */
export async function sendSignInCode(ctx: Context, org: OrganizationRow, user: UserRow, flowId: string, meta: { ip: string | null; userAgent: string | null }): Promise<string> {
  if (!effectiveSettings(org.settings).mfa.smsAllowed) throw new AppError('mfa.sms_not_allowed');
  const key = [`${org.id}:${user.id}`];
  const limiter = limiterOf(ctx);
  // Reserve-then-check: parallel sends can't all pass the check before the first is counted.
  const reserved = await limiter.reserve(SMS_SEND_BUDGET, key);
  if (reserved.wait > 0) throw new AppError('mfa.sms_throttled', undefined, { retryAfterSeconds: reserved.wait });
  const now = ctx.clock.now();
  const number = await ctx.db
    .transaction()
    .execute(async (tx) => {
      const to = await recoveryPhone.verifiedNumber(ctx, tx, org.id, user.id);
      if (!to) throw new AppError('mfa.phone_required');
      await store.supersede(tx, smsCodes, { organization_id: org.id, user_id: user.id }, now);
      const code = newCode(SMS_ALPHABET);
      await q.insertSmsCode(tx, { organization_id: org.id, user_id: user.id, login_flow_id: flowId, code_hash: smsHash(ctx, flowId, code), expires_at: new Date(now.getTime() + SMS_CODE_MINUTES * 60_000) });
      await notifications.enqueueSms(tx, {
        organizationId: org.id,
        userId: user.id,
        kind: 'mfa_sms_code',
        to,
        vars: { organization: { name: org.name, slug: org.slug }, code, minutes: SMS_CODE_MINUTES },
        secrets: [code],
      });
      await audit.record(tx, { type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ...meta }, { organizationId: org.id, action: 'mfa.sms_code_sent', target: { type: 'user', id: user.id }, data: { flowId } });
      return to;
    })
    .catch(async (err: unknown) => {
      // Nothing was sent: the send is not counted.
      await reserved.refund();
      throw err;
    })
    .finally(() => ctx.wakeWorker());
  return recoveryPhone.maskNumber(number);
}

/**
 * Checks an SMS sign-in code of the flow `flowId`: every attempt is counted on the newest
 * pending code before it is compared in constant time (at most SMS_CODE_ATTEMPTS are ever
 * compared; the code is exhausted after the last wrong one); a right one is consumed by one
 * conditional UPDATE (one winner).
 */
export async function verifySignInCode(ctx: Context, org: OrganizationRow, userId: string, flowId: string, typed: string): Promise<boolean> {
  const now = ctx.clock.now();
  const row = await q.pendingSmsCode(ctx.db, org.id, flowId, now);
  if (!row || row.user_id !== userId) return false;
  // Counted before it is compared: parallel guesses get no more comparisons than the code allows.
  const reserved = await store.reserveAttempt(ctx.db, smsCodes, row.id, SMS_CODE_ATTEMPTS, now);
  if (!reserved) return false;
  const hash = smsHash(ctx, flowId, typed);
  if (!timingSafeEqual(hash, row.code_hash)) {
    await store.exhaustSpent(ctx.db, smsCodes, row.id, SMS_CODE_ATTEMPTS, now);
    return false;
  }
  return (await store.consume(ctx.db, smsCodes, { id: row.id }, { organization_id: org.id, user_id: userId }, now)) !== undefined;
}

/**
 * The person uses their verified recovery phone as a second factor (SMS, a restricted
 * authenticator), where the organization allows it: recorded as a factor of kind sms.
 */
export async function enableSms(ctx: Context, org: OrganizationRow, userId: string, actor: Actor): Promise<void> {
  if (!effectiveSettings(org.settings).mfa.smsAllowed) throw new AppError('mfa.sms_not_allowed');
  await ctx.db.transaction().execute(async (tx) => {
    if (!(await recoveryPhone.verifiedNumber(ctx, tx, org.id, userId))) throw new AppError('mfa.phone_required');
    if (await q.activeFactor(tx, org.id, userId, 'sms')) return;
    const now = ctx.clock.now();
    const factor = await q.insertFactor(tx, { organization_id: org.id, user_id: userId, kind: 'sms', label: 'Text message to the recovery phone', encrypted_secret: null, confirmed_at: now, created_at: now });
    await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.sms_enabled', target: { type: 'user', id: userId }, data: { factorId: factor.id } });
  });
}

/** The person stops using SMS as a second factor (the factor is kept, disabled); they are told, as when the app is removed. */
export async function disableSms(ctx: Context, org: OrganizationRow, userId: string, actor: Actor): Promise<void> {
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const removed = await q.disableFactors(tx, org.id, userId, { kinds: ['sms'], reason: 'removed', by: actor.id, now: ctx.clock.now() });
      if (removed.length === 0) return;
      await audit.record(tx, actor, { organizationId: org.id, action: 'mfa.sms_disabled', target: { type: 'user', id: userId }, data: { factorIds: removed.map((r) => r.id) } });
      const user = await users.findById(tx, org.id, userId);
      if (user) await noticeChanged(ctx, tx, org, user, 'sms_removed', false);
    })
    .finally(() => ctx.wakeWorker());
}

/** Words for each method, as the pages and the console show them. */
export const METHOD_TEXT: Record<MfaMethod, string> = { otp: 'Authenticator app', sms: 'Text message (SMS)', backup_code: 'Backup code' };

/** The signed-in person behind a console session (self-service API): their organization and user row. */
export async function self(ctx: Context, actor: Actor): Promise<{ org: OrganizationRow; user: UserRow }> {
  const org = actor.organizationId ? await organizations.findById(ctx, actor.organizationId) : undefined;
  const user = org && actor.id ? await users.findById(ctx.db, org.id, actor.id) : undefined;
  if (!org || !user) throw new AppError('auth.required');
  return { org, user };
}

/**
 * Deletes every second factor of a user in the caller's transaction (remove user identity):
 * authenticator apps, backup codes, SMS sign-in codes and the user's MFA choices. No notice:
 * the caller audits the removal as a whole.
 */
export const removeAllOf = (_ctx: Context, tx: Tx, organizationId: string, userId: string) => q.deleteAllOf(tx, organizationId, userId);
