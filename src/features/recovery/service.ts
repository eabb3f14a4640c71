import { type Actor, privilegeRank } from '../../access/index.js';
import type { Context, Tx } from '../../context.js';
import type { OrganizationRow, RecoveryChannel, RecoveryKind, RecoveryRequestRow, UserRow } from '../../db/types.js';
import { isUniqueViolation } from '../../db/errors.js';
import { endOpenFlows } from '../../auth/open-flows.js';
import { AppError } from '../../errors/app-error.js';
import { linkHash, newCode, normalizeCode, reachableBy, stateAt, store } from '../../flows/index.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';
import { safeEqual } from '../../lib/tokens.js';
import * as audit from '../audit/service.js';
import * as loginThrottle from '../login/throttle.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import * as mfa from '../mfa/service.js';
import * as recoveryPhone from '../recovery-phone/service.js';
import * as sessions from '../sessions/service.js';
import { effectiveSettings, type OrganizationSettings } from '../organizations/settings.js';
import { displayName } from '../users/display.js';
import { replacePassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import { bindingFor, channelFor, codeHash, HELPDESK_CODE_ALPHABET, helpdeskCodeHash, type Recipient } from './channels.js';
import * as q from './queries.js';
import * as requests from './throttle.js';

/** Wrong codes a reset request survives; then it is exhausted (8 digits: 1 in 20 million). */
export const MAX_CODE_ATTEMPTS = 5;

/** What the forgot page offers under the organization's reset options: the same for every visitor. */
export interface Offer {
  emailLink: boolean;
  emailCode: boolean;
  smsCode: boolean;
  /** "Reset my authenticator" (by SMS code to the verified recovery phone). */
  authenticator: boolean;
  /** A code must be typed: an emailed link alone does not reset. */
  requireCode: boolean;
}

/**
 * The forgot page's choices under the organization's reset options. They depend on the
 * organization only, never on the account, so the page tells nothing about who exists.
 */
export function offerOf(settings: OrganizationSettings): Offer {
  const r = settings.recovery;
  return { emailLink: r.email, emailCode: r.email, smsCode: r.sms, authenticator: r.sms, requireCode: r.requireCode };
}

/** Under enforced SSO nobody resets a password by themself: the identity provider proves them (SPEC C14). */
export function assertPasswordRecovery(settings: OrganizationSettings): void {
  if (settings.ssoEnforced) throw new AppError('organization.sso_enforced', 'This organization signs in through its identity provider only: passwords are reset there, not here.');
}

const offered = (offer: Offer, channel: RecoveryChannel, kind: RecoveryKind) =>
  kind === 'authenticator' ? channel === 'sms_code' && offer.authenticator : channel === 'email_link' ? offer.emailLink : channel === 'email_code' ? offer.emailCode : offer.smsCode;

const anonymous = (organizationId: string, userId: string | null, meta: Meta): Actor => ({ type: 'anonymous', id: userId, label: null, organizationId, privilege: null, ip: meta.ip, userAgent: meta.userAgent });
const asUser = (org: OrganizationRow, user: UserRow, meta: Meta): Actor => ({ type: 'user', id: user.id, label: user.username, organizationId: org.id, privilege: user.privilege, ip: meta.ip, userAgent: meta.userAgent });

/*
 * Work done after the answer has left. Asking for a reset answers the same page whether or
 * not an account matches; doing the sending (a transaction, a rendered message, an audit
 * event) before answering would make the answer for a real account measurably slower. So the
 * request is answered first and the message is queued right after, in its own transaction
 * (message, secret and audit event still commit together). Tracked per context, so closing
 * the application waits for it.
 */
const background = new WeakMap<Context, Set<Promise<void>>>();

/** Runs `work` now without waiting for it; failures are logged, never shown to the person. */
export function runInBackground(ctx: Context, work: () => Promise<unknown>): void {
  const set = background.get(ctx) ?? new Set<Promise<void>>();
  background.set(ctx, set);
  // Started on a later turn of the event loop: not even its first synchronous steps run in
  // the handler that finishes the response.
  const running: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(work)
    .then(() => undefined)
    .catch((err: unknown) => ctx.log.error({ err }, 'recovery: background work failed'))
    .finally(() => set.delete(running));
  set.add(running);
}

/**
 * How a caller has work run once its answer has left (the pages: after the response is
 * sent). Without one, the work starts at once, in the background.
 */
export type AfterAnswer = (work: () => Promise<unknown>) => void;

/** What a request to the recovery pages carries besides its form. */
export interface Meta {
  ip: string | null;
  userAgent: string | null;
  afterAnswer?: AfterAnswer | undefined;
}

const later = (ctx: Context, input: Meta): AfterAnswer => input.afterAnswer ?? ((work) => runInBackground(ctx, work));

/** Resolves once every piece of background work of this context has finished. */
export async function settled(ctx: Context): Promise<void> {
  const set = background.get(ctx);
  while (set && set.size > 0) await Promise.all([...set]);
}

/** The verified recovery phone of the account: the only number a reset SMS or notice may go to. */
const verifiedPhone = (ctx: Context, tx: Tx, org: OrganizationRow, user: UserRow) => recoveryPhone.verifiedNumber(ctx, tx, org.id, user.id);

export interface ResetRequest extends Meta {
  login: string;
  channel: RecoveryChannel;
  kind: RecoveryKind;
}

/**
 * "Forgot your password?" → a channel. Answers alike whether or not an account matches, has an
 * email or a verified phone: the same checks and the same budget spent, in the same order.
 * The sending runs once the answer is out (`afterAnswer`): it queues the message to an
 * account that can be reached that way, and nothing for any other. Each request costs one of
 * the account's and one of the address's reset budgets; a spent budget refuses with
 * `recovery.throttled` for known and unknown names alike.
 */
export async function request(ctx: Context, orgSlug: string, input: ResetRequest): Promise<{ org: OrganizationRow }> {
  const org = await organizations.findPublic(ctx, orgSlug);
  const settings = effectiveSettings(org.settings);
  if (input.kind === 'password') assertPasswordRecovery(settings);
  if (!input.login) throw new AppError('request.invalid', 'Enter your username or email.');
  if (!offered(offerOf(settings), input.channel, input.kind)) throw new AppError('recovery.channel_unavailable');
  const user = await users.findByLogin(ctx, org.id, input.login);
  await requests.spend(ctx, requests.keysFor(org.id, input.login, input.ip, user?.id));
  const actor = anonymous(org.id, user?.id ?? null, input);
  if (user) later(ctx, input)(() => issueOnce(ctx, org, user.id, input.channel, input.kind, actor));
  return { org };
}

/**
 * Issues a reset in one transaction: the user's earlier requests superseded, the new secret
 * stored as keyed hashes only (a link, a code, or with "require code" both), the message
 * queued and `recovery.requested` audited. Accounts that may not recover this way (disabled,
 * never activated, no email, no verified phone) get nothing; the audit says so.
 */
async function issue(ctx: Context, org: OrganizationRow, userId: string, channelName: RecoveryChannel, kind: RecoveryKind, actor: Actor): Promise<RecoveryRequestRow | undefined> {
  const settings = effectiveSettings(org.settings);
  const channel = channelFor(channelName);
  const row = await ctx.db.transaction().execute(async (tx) => {
    // Not locked: the one-pending index orders two requests of one user (see below), and a
    // lock would leave the account's row slower to read for the next requests.
    const user = await users.findById(tx, org.id, userId);
    if (!user) return undefined;
    const recipient: Recipient = { user, phone: await verifiedPhone(ctx, tx, org, user) };
    const target = { type: 'user', id: user.id };
    // A pending account has an invitation to use instead; a disabled one may not come back this way.
    const reason =
      user.status !== 'active'
        ? user.status
        : !reachableBy(channel, recipient, false)
          ? channelName === 'sms_code' ? 'no_verified_phone' : 'no_email'
          : kind === 'authenticator' && !(await mfa.accountOf(ctx, org, user.id)).methods.includes('otp')
            ? 'no_authenticator'
            : undefined;
    if (reason) {
      await audit.record(tx, actor, { organizationId: org.id, action: 'recovery.requested', target, data: { channel: channelName, kind, delivered: false, reason } });
      return undefined;
    }
    const now = ctx.clock.now();
    await q.supersedePending(tx, org.id, user.id, now);
    const secret = channel.newSecret(settings.recovery.otp);
    // With "require code", an emailed link carries a code too, typed on the page it opens.
    const code = channel.secret === 'link' && settings.recovery.requireCode ? newCode(settings.recovery.otp) : undefined;
    const binding = bindingFor(kind, user.id);
    const request = await q.insert(tx, {
      organization_id: org.id,
      user_id: user.id,
      kind,
      channel: channelName,
      link_hash: channel.secret === 'link' ? channel.secretHash(ctx, binding, secret) : null,
      code_hash: channel.secret === 'code' ? codeHash(ctx, kind, user.id, secret) : code ? codeHash(ctx, kind, user.id, code) : null,
      expires_at: new Date(now.getTime() + settings.recovery.expiryMinutes * 60_000),
    });
    await channel.deliver(ctx, tx, { org, recipient, request, code, secret });
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'recovery.requested',
      target,
      data: { requestId: request.id, channel: channelName, kind, delivered: true, codeRequired: request.code_hash !== null, expiresAt: request.expires_at },
    });
    return request;
  });
  if (row) ctx.wakeWorker();
  return row;
}

/** Issues, or nothing when a request of the same user issued at the same instant won: that one was sent. */
const issueOnce = (ctx: Context, org: OrganizationRow, userId: string, channel: RecoveryChannel, kind: RecoveryKind, actor: Actor) =>
  issue(ctx, org, userId, channel, kind, actor).catch((err: unknown) => {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  });

/**
 * An administrator's "password reset email" (helpdesk included, like resending an invitation):
 * sends the user a reset by the organization's reset options, by email when reset via email is
 * on (with the code when a code is required), else by SMS to the verified recovery phone. The
 * user's earlier reset requests stop working. Unlike the forgot page it says why it can't send.
 */
export async function sendByAdmin(ctx: Context, actor: Actor, orgSlug: string, userId: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  const settings = effectiveSettings(org.settings);
  assertPasswordRecovery(settings);
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('user.not_found');
  // Whoever receives the reset gets the account: only as strong as the sender.
  users.assertCanManage(actor, user.privilege);
  if (user.status !== 'active') throw new AppError('recovery.user_not_active');
  const phone = await verifiedPhone(ctx, ctx.db, org, user);
  const channel: 'email_link' | 'sms_code' | undefined = settings.recovery.email && user.email ? 'email_link' : settings.recovery.sms && phone ? 'sms_code' : undefined;
  if (!channel) {
    if (!settings.recovery.email && !settings.recovery.sms) throw new AppError('recovery.channel_unavailable');
    throw new AppError(settings.recovery.email ? 'user.email_required' : 'recovery.no_verified_phone');
  }
  const row = await issueOnce(ctx, org, user.id, channel, 'password', actor);
  if (!row) throw new AppError('recovery.user_not_active');
  return { requestId: row.id, userId: user.id, channel, codeRequired: row.code_hash !== null && row.channel === 'email_link', expiresAt: row.expires_at };
}

/** Why a request found by its link (or proved code) can't be used now, as the page says it. */
function assertUsable(r: RecoveryRequestRow, now: Date): void {
  const state = stateAt(r, now);
  if (state === 'expired') throw new AppError('recovery.expired');
  if (state === 'accepted') throw new AppError('recovery.used');
  if (state === 'superseded') throw new AppError('recovery.superseded');
  if (state !== 'pending') throw new AppError('recovery.link_invalid');
}

/** The live password reset behind an emailed link, with its user. */
async function byLink(ctx: Context, org: OrganizationRow, token: string) {
  const request = await q.findByLink(ctx.db, org.id, linkHash(ctx.secret, token));
  if (request?.kind !== 'password') throw new AppError('recovery.link_invalid');
  assertUsable(request, ctx.clock.now());
  const user = await users.findById(ctx.db, org.id, request.user_id);
  if (user?.status !== 'active') throw new AppError('recovery.link_invalid');
  return { request, user };
}

/**
 * Opens the page of an emailed reset link: the user it is for, and whether the page must also
 * ask for the code (a request issued with "require code to reset", or the organization
 * requires it now). Dead links throw their reason.
 */
export async function openLink(ctx: Context, orgSlug: string, token: string) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const { request, user } = await byLink(ctx, org, token);
  const settings = effectiveSettings(org.settings);
  return { org, user, needsCode: request.code_hash !== null || settings.recovery.requireCode, policy: settings.passwordPolicy };
}

export interface NewPassword extends Meta {
  password: string;
  confirm: string;
}

/** How a completed reset was proved, as the session records it (amr). */
export type RecoveryMethod = 'recovery_link' | 'recovery_code';

export interface Recovered {
  org: OrganizationRow;
  user: UserRow;
  method: RecoveryMethod;
}

/**
 * Redeems an emailed link with a new password. Under "require code to reset" the link alone is
 * refused (`recovery.code_required`) and the code from the same email must be typed; a wrong
 * one counts against the request and the account's sign-in budget. A link issued before the
 * organization turned the rule on has no code and can't be completed: the person asks again.
 */
export async function redeemLink(ctx: Context, orgSlug: string, token: string, input: NewPassword & { code: string }): Promise<Recovered> {
  const org = await organizations.findPublic(ctx, orgSlug);
  const settings = effectiveSettings(org.settings);
  assertPasswordRecovery(settings);
  const { request, user } = await byLink(ctx, org, token);
  if (request.code_hash === null && settings.recovery.requireCode) throw new AppError('recovery.link_invalid', 'This link was sent before your organization required a code: ask for a new one.');
  if (request.code_hash !== null) {
    if (!input.code.trim()) throw new AppError('recovery.code_required');
    const attempt = await loginThrottle.attempt(ctx, loginThrottle.keysFor(org.id, user.username, input.ip, user.id));
    const given = codeHash(ctx, request.kind, user.id, normalizeCode(settings.recovery.otp, input.code));
    if (!(await checkCode(ctx, org, request, given, input))) {
      await attempt.failed();
      throw new AppError('recovery.code_invalid');
    }
    await attempt.refund();
  }
  await complete(ctx, org, request, input);
  return { org, user, method: 'recovery_link' };
}

const NO_ROW = store.NO_ROW;
/** Compared against when there is no code, so that path costs one compare too. */
const NO_CODE = Buffer.alloc(32);

/**
 * Proves a reset code typed with a login name: the account's pending request of `kind`, if the
 * code is its code. Unknown accounts, accounts without a pending code and wrong codes do the
 * same work and get the same answer (`recovery.code_invalid`). Guessing is bounded by the
 * request's attempt limit and by the sign-in budgets of the account and the address (the
 * shared limiter), as invitation codes are. `from` says which codes count: those a message
 * carried, or the one a helpdesk read to the person (its own alphabet and binding).
 */
async function proveCode(ctx: Context, org: OrganizationRow, kind: RecoveryKind, input: Meta & { login: string; code: string }, from: 'message' | 'helpdesk' = 'message') {
  const settings = effectiveSettings(org.settings);
  const user = input.login ? await users.findByLogin(ctx, org.id, input.login) : undefined;
  const keys = loginThrottle.keysFor(org.id, input.login, input.ip, user?.id);
  const attempt = await loginThrottle.attempt(ctx, keys);
  const pending = await q.pendingForUser(ctx.db, org.id, user?.id ?? NO_ROW, kind);
  // A helpdesk code has its own alphabet and binding, and redeems only on its own page: the
  // message path would skip the second-factor reset that comes with it.
  const given =
    from === 'helpdesk'
      ? helpdeskCodeHash(ctx, user?.id ?? 'none', normalizeCode(HELPDESK_CODE_ALPHABET, input.code))
      : codeHash(ctx, kind, user?.id ?? 'none', normalizeCode(settings.recovery.otp, input.code));
  const isCode =
    pending !== undefined &&
    pending.code_hash !== null &&
    (from === 'helpdesk' ? pending.channel === 'helpdesk_code' : pending.channel !== 'email_link' && pending.channel !== 'helpdesk_code');
  if (!(await checkCode(ctx, org, isCode ? pending : undefined, given, input)) || !isCode) {
    await attempt.failed();
    throw new AppError('recovery.code_invalid');
  }
  await attempt.refund();
  await loginThrottle.reset(ctx, keys);
  // The code is right, so saying that it expired reveals nothing to a guesser.
  assertUsable(pending, ctx.clock.now());
  if (user?.status !== 'active') throw new AppError('recovery.code_invalid');
  return { request: pending, user };
}

/** Redeems a password reset code (by email or SMS) with a new password; see proveCode. */
export async function redeemCode(ctx: Context, orgSlug: string, input: NewPassword & { login: string; code: string }): Promise<Recovered> {
  const org = await organizations.findPublic(ctx, orgSlug);
  assertPasswordRecovery(effectiveSettings(org.settings));
  const { request, user } = await proveCode(ctx, org, 'password', input);
  if (request.channel === 'sms_code') await assertPhoneMayReplace(ctx, org, user, 'password');
  await complete(ctx, org, request, input);
  return { org, user, method: 'recovery_code' };
}

/**
 * "Reset my authenticator": the code sent to the verified recovery phone (see proveCode)
 * disables the account's authenticator app and backup codes and marks that the next sign-in
 * enrolls a new one before anything else (mfa.resetAuthenticator), ends every session of the
 * user and audits `recovery.completed` (the MFA feature sends the notice by email and to the
 * verified phone); one transaction, the request consumed by its single-use UPDATE. The password is unchanged:
 * the person signs in with it next.
 */
export async function resetAuthenticator(ctx: Context, orgSlug: string, input: Meta & { login: string; code: string }): Promise<{ org: OrganizationRow; user: UserRow }> {
  const org = await organizations.findPublic(ctx, orgSlug);
  const { request, user } = await proveCode(ctx, org, 'authenticator', input);
  await assertPhoneMayReplace(ctx, org, user, 'authenticator');
  const meta = { ip: input.ip, userAgent: input.userAgent };
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const consumed = await q.consumeById(tx, org.id, request.id, ctx.clock.now());
      if (!consumed) throw new AppError('recovery.used');
      const current = await users.findByIdForUpdate(tx, org.id, user.id);
      if (current?.status !== 'active') throw new AppError('recovery.code_invalid');
      const actor = asUser(org, current, meta);
      await mfa.resetAuthenticator(ctx, tx, { org, userId: current.id, actor, reason: 'recovery by SMS code to the verified recovery phone' });
      await sessions.endAllOfUser(ctx, tx, org.id, current.id);
      // A sign-in paused at enrolling an authenticator would bind the holder's app after the reset.
      await endOpenFlows(ctx, tx, org.id, current.id);
      await audit.record(tx, actor, { organizationId: org.id, action: 'recovery.completed', target: { type: 'user', id: current.id }, data: { requestId: consumed.id, channel: consumed.channel, kind: consumed.kind } });
    })
    .finally(() => ctx.wakeWorker());
  return { org, user };
}

/**
 * Redeems a helpdesk recovery code with a new password ("I have a code from the helpdesk"):
 * proved like a message code (see proveCode: unknown accounts and wrong codes do the same work
 * and get the same answer, guesses bounded by the code's attempts and the sign-in budgets),
 * then `complete`, which also resets the authenticator when the account has a second factor
 * or the organization requires one, so the next sign-in enrolls a new one first. Audited as
 * `recovery_code.redeemed` besides `recovery.completed` and `password.changed`.
 */
export async function redeemHelpdeskCode(ctx: Context, orgSlug: string, input: NewPassword & { login: string; code: string }): Promise<Recovered> {
  const org = await organizations.findPublic(ctx, orgSlug);
  const { request, user } = await proveCode(ctx, org, 'password', input, 'helpdesk');
  await complete(ctx, org, request, input);
  return { org, user, method: 'recovery_code' };
}

export interface IssuedRecoveryCode {
  requestId: string;
  userId: string;
  /** Shown once, to the helpdesk that issued it; only its keyed hash is stored. */
  code: string;
  expiresAt: Date;
}

/** A helpdesk code takes over the account it is for: only toward a lower privilege, as impersonation. */
function assertMayIssueFor(actor: Actor, privilege: UserRow['privilege']) {
  if (privilegeRank[privilege] >= privilegeRank[actor.privilege ?? 'user']) throw new AppError('recovery_code.privilege_not_lower');
}

/**
 * Helpdesk recovery code (`recoveryCodes.issue`): for a caller whose identity the helpdesk
 * verified (`note` says how, and is audited), a one-time code the helpdesk reads to them. A
 * reset request of the flow core: stored as a keyed hash bound to its purpose and user,
 * single use, HELPDESK_RECOVERY_CODE_MINUTES long, MAX_CODE_ATTEMPTS wrong codes; it ends
 * every earlier pending reset of the user (and a later one ends it). Only toward an active
 * user of a lower privilege (helpdesk: plain users), never oneself. The account's temporary
 * sign-in lockout is lifted, so the caller can redeem it at once. Audited as
 * `recovery_code.issued` with the note, never the code; the code is returned once and is
 * never readable again.
 */
export async function issueRecoveryCode(ctx: Context, actor: Actor, orgSlug: string, userId: string, input: { note: string }): Promise<IssuedRecoveryCode> {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'recovery_codes.issue');
  const note = input.note.trim();
  if (note.length < 3) throw new AppError('recovery_code.note_required');
  if (actor.id === userId) throw new AppError('user.cannot_modify_self');
  const code = newCode(HELPDESK_CODE_ALPHABET);
  const row = await ctx.db.transaction().execute(async (tx) => {
    const user = await users.findByIdForUpdate(tx, org.id, userId);
    if (!user) throw new AppError('user.not_found');
    assertMayIssueFor(actor, user.privilege);
    if (user.status !== 'active') throw new AppError('recovery.user_not_active');
    const now = ctx.clock.now();
    await q.supersedePending(tx, org.id, user.id, now);
    const request = await q.insert(tx, {
      organization_id: org.id,
      user_id: user.id,
      kind: 'password',
      channel: 'helpdesk_code',
      link_hash: null,
      code_hash: helpdeskCodeHash(ctx, user.id, code),
      expires_at: new Date(now.getTime() + ctx.config.helpdeskRecoveryCodeMinutes * 60_000),
      issued_by: actor.type === 'user' ? actor.id : null,
    });
    await audit.record(tx, actor, {
      organizationId: org.id,
      action: 'recovery_code.issued',
      target: { type: 'user', id: user.id },
      data: { requestId: request.id, note: note.slice(0, 500), expiresAt: request.expires_at.toISOString() },
    });
    return request;
  });
  await loginThrottle.reset(ctx, loginThrottle.keysFor(org.id, '', null, userId));
  return { requestId: row.id, userId, code: `${code.slice(0, 5)}-${code.slice(5)}`, expiresAt: row.expires_at };
}

/**
 * The recovery phone may replace one factor, never both (NIST SP 800-63B-4: recovery must
 * not let one authenticator stand in for all of them): whoever holds the phone alone could
 * otherwise reset the authenticator app, then the password (or the reverse), and enroll an
 * app of their own. So a password reset by SMS is refused while an authenticator reset by
 * recovery still waits for its re-enrollment, and an authenticator reset by SMS is refused
 * when the password was last reset by SMS and no two-factor sign-in has happened since.
 * Checked only after the code is proved, so only the phone's holder learns it; the request
 * stays pending, and email or an administrator is the way on.
 */
async function assertPhoneMayReplace(ctx: Context, org: OrganizationRow, user: UserRow, factor: 'password' | 'authenticator'): Promise<void> {
  if (factor === 'password') {
    if ((await mfa.accountOf(ctx, org, user.id)).enrollRequired === 'recovery') throw new AppError('recovery.other_factor_reset');
    return;
  }
  const reset = await q.lastSmsPasswordReset(ctx.db, org.id, user.id);
  if (reset?.finished_at && !(await sessions.hadTwoFactorSessionSince(ctx, org.id, user.id, reset.finished_at))) throw new AppError('recovery.other_factor_reset');
}

/**
 * Compares a typed code with the request's, counting first: the attempt is reserved by one
 * conditional UPDATE under the limit, and only a reserved attempt compares against the real
 * code, so parallel guesses can't outrun the count (at most MAX_CODE_ATTEMPTS compare, ever).
 * A wrong code keeps its attempt and exhausts the request at the limit; a right one gives it
 * back. Without a request (an unknown account, no pending code) the same statements run
 * against an id no row has and the compare is against NO_CODE: the same work, the same answer.
 * The audit event is written after the answer, so a real account's wrong code costs what an
 * unknown one's does.
 */
async function checkCode(ctx: Context, org: OrganizationRow, request: RecoveryRequestRow | undefined, given: Buffer, meta: Meta): Promise<boolean> {
  const reserved = await q.reserveAttemptUnflushed(ctx.db, request?.id ?? NO_ROW, MAX_CODE_ATTEMPTS);
  const counted = request !== undefined && reserved !== undefined;
  const expected = counted && request.code_hash ? request.code_hash : NO_CODE;
  const right = safeEqual(given.toString('hex'), expected.toString('hex')) && counted && request.code_hash !== null;
  const settled = await q.settleAttemptUnflushed(ctx.db, counted ? request.id : NO_ROW, right, MAX_CODE_ATTEMPTS, ctx.clock.now());
  if (right || !counted) return right;
  later(ctx, meta)(() =>
    audit.record(ctx.db, anonymous(org.id, request.user_id, meta), {
      organizationId: org.id,
      action: settled ? 'recovery.exhausted' : 'recovery.code_rejected',
      target: { type: 'user', id: request.user_id },
      data: { requestId: request.id, channel: request.channel, kind: request.kind, attempts: reserved.attempts },
    }),
  );
  return false;
}

/**
 * The new password, in one transaction: the request consumed by its single-use UPDATE (of
 * parallel redemptions exactly one wins; the others get `recovery.used`), the password checked
 * against the organization's policy and stored, every session of the user ended, the
 * account's sign-in lockouts lifted, `recovery.completed` and `password.changed` audited, and
 * the "your password was changed" notice queued by email and to the verified recovery phone.
 * A password the policy refuses rolls all of it back: the link or code still works.
 */
async function complete(ctx: Context, org: OrganizationRow, request: RecoveryRequestRow, input: NewPassword): Promise<void> {
  if (input.password !== input.confirm) throw new AppError('password.mismatch');
  const meta = { ip: input.ip, userAgent: input.userAgent };
  // A helpdesk code stands in for both factors (the helpdesk verified the person, not their
  // authenticator): an account with a second factor, or in an organization that requires
  // one, enrolls a new authenticator at its next sign-in before anything else.
  const resetSecondFactor =
    request.channel === 'helpdesk_code' &&
    (await mfa.accountOf(ctx, org, request.user_id).then((a) => a.policyRequired || a.methods.some((m) => m !== 'backup_code')));
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const consumed = await q.consumeById(tx, org.id, request.id, ctx.clock.now());
      if (!consumed) throw new AppError('recovery.used');
      const user = await users.findByIdForUpdate(tx, org.id, request.user_id);
      if (user?.status !== 'active') throw new AppError('recovery.link_invalid');
      const actor = asUser(org, user, meta);
      await replacePassword(ctx, tx, org, user, input.password, { changeRequired: null, expiresAt: null, actor, activate: false, endSessions: 'all' });
      // A sign-in paused with the old password (at its second factor or at enrolling an
      // authenticator) must not finish after the owner replaced that password.
      await endOpenFlows(ctx, tx, org.id, user.id);
      const target = { type: 'user', id: user.id };
      await audit.record(tx, actor, { organizationId: org.id, action: 'recovery.completed', target, data: { requestId: consumed.id, channel: consumed.channel, kind: consumed.kind } });
      await audit.record(tx, actor, { organizationId: org.id, action: 'password.changed', target, data: { reason: 'recovery' } });
      if (consumed.channel === 'helpdesk_code') {
        if (resetSecondFactor) await mfa.resetAuthenticator(ctx, tx, { org, userId: user.id, actor, reason: 'helpdesk recovery code' });
        await audit.record(tx, actor, {
          organizationId: org.id,
          action: 'recovery_code.redeemed',
          target,
          data: { requestId: consumed.id, issuedBy: consumed.issued_by, secondFactorReset: resetSecondFactor },
        });
      }
      await notifyChanged(ctx, tx, org, user);
    })
    .finally(() => ctx.wakeWorker());
  const user = await users.findById(ctx.db, org.id, request.user_id);
  // The temporary sign-in lockout goes with the old password, as the failure cap does.
  if (user) await loginThrottle.reset(ctx, loginThrottle.keysFor(org.id, user.username, null, user.id));
}

/**
 * The notice after every recovery (NIST 800-63B-4: the subscriber is told of every change to
 * their authenticators): by email when the account has one, and by SMS to the verified
 * recovery phone, never to an unverified number.
 */
async function notifyChanged(ctx: Context, tx: Tx, org: OrganizationRow, user: UserRow) {
  const vars = {
    organization: { name: org.name, slug: org.slug },
    user: { username: user.username, displayName: displayName(user) },
    changedAt: ctx.clock.now(),
    loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)),
    recovered: true,
    what: 'password',
  };
  if (user.email) await notifications.enqueueEmail(tx, { organizationId: org.id, kind: 'password_changed', to: user.email, userId: user.id, vars });
  const phone = await verifiedPhone(ctx, tx, org, user);
  if (phone) await notifications.enqueueSms(tx, { organizationId: org.id, kind: 'password_changed_sms', to: phone, userId: user.id, vars });
}

/** Ends every pending reset (link, code, helpdesk code) of a user in the caller's transaction, as revoked; how many. */
export async function revokePendingOf(ctx: Context, tx: Tx, organizationId: string, userId: string): Promise<number> {
  return (await q.revokePending(tx, organizationId, userId, ctx.clock.now())).length;
}
