import type { Context, Tx } from '../../context.js';
import type { Actor } from '../../access/index.js';
import type { InvitationMethod, InvitationRow, OrganizationRow, UserRow } from '../../db/types.js';
import { AppError } from '../../errors/app-error.js';
import { expiryFrom, linkHash, normalizeCode, reachableBy, stageOf, stateAt, store, type Stage } from '../../flows/index.js';
import { safeEqual } from '../../lib/tokens.js';
import { cursorCodec } from '../../lib/cursor.js';
import * as audit from '../audit/service.js';
import * as notifications from '../notifications/service.js';
import * as organizations from '../organizations/service.js';
import { effectiveSettings, type OrganizationSettings } from '../organizations/settings.js';
import { replacePassword } from '../users/passwords.js';
import * as users from '../users/service.js';
import { channelFor, codeBinding, codeHash, invitationLink, invitationMessage, recipientVars } from './channels.js';
import * as sheets from '../onboarding-sheets/service.js';
import * as q from './queries.js';
import { absoluteUrl, pageUrl } from '../../lib/page-urls.js';

/** Wrong codes an invitation survives; then it is exhausted (1 in 200,000 for 6 digits). */
export const MAX_CODE_ATTEMPTS = 5;

export type { Stage };

/** Expiry is computed from expires_at, never stored as a state, so it can't go stale. */
const lifecycle = (i: InvitationRow, now: Date) => stateAt(i, now);

/** Where the invitation stands for people (the onboarding funnel), delivery included. */
const stage = (i: InvitationRow, delivery: string | undefined, now: Date): Stage => stageOf(i, delivery, now);

function present(i: InvitationRow, now: Date) {
  return {
    id: i.id,
    userId: i.user_id,
    method: i.method,
    state: lifecycle(i, now),
    createdAt: i.created_at,
    expiresAt: i.expires_at,
    openedAt: i.opened_at,
    finishedAt: i.finished_at,
  };
}

/** Password onboarding is refused when the organization signs in through SSO only. */
export function assertPasswordOnboarding(settings: OrganizationSettings): void {
  if (settings.ssoEnforced) throw new AppError('organization.sso_enforced');
}

/**
 * Issues a new invitation for a pending user inside the caller's transaction: earlier
 * pending invitations of the user stop working, the secret is stored only as a keyed hash,
 * and the message is queued in the same transaction.
 */
export async function issue(ctx: Context, tx: Tx, actor: Actor, org: OrganizationRow, user: UserRow, opts: IssueOptions = {}) {
  const settings = effectiveSettings(org.settings);
  if (!settings.invitation.enabled) throw new AppError('invitation.disabled');
  assertPasswordOnboarding(settings);
  // An expiry of 0 would deliver a secret that is dead on arrival: refuse instead of sending it.
  if (settings.invitation.expiryMinutes === 0) throw new AppError('invitation.expires_immediately');
  // A resend keeps the way the person was reached before (an SMS-only user stays on SMS).
  const previous = opts.newUser || opts.method ? undefined : await q.latestForUser(tx, org.id, user.id);
  const chosen = opts.method ?? previous?.method ?? settings.invitation.method;
  const channel = channelFor(chosen);
  // With a printable sheet the sheet can be the only delivery (people without email).
  const reachable = reachableBy(channel, user, !opts.shareLink);
  const now = ctx.clock.now();
  // A user created in this transaction has nothing earlier to supersede.
  if (!opts.newUser) await q.supersedePending(tx, org.id, user.id, now);
  const secret = channel.newSecret(settings.invitation.otp);
  const invitation = await q.insert(tx, {
    organization_id: org.id,
    user_id: user.id,
    method: chosen,
    secret_hash: channel.secretHash(ctx, codeBinding(user.id), secret),
    expires_at: expiryFrom(now, settings.invitation.expiryMinutes),
    created_by: actor.type === 'user' ? actor.id : null,
  });
  if (reachable) await channel.deliver(ctx, tx, { org, user, invitation, secret });
  const viewUrl = opts.shareLink
    ? await sheets.create(ctx, tx, actor, {
        organizationId: org.id,
        orgSlug: org.slug,
        userId: user.id,
        kind: chosen === 'email_link' ? 'invitation_link' : 'invitation_code',
        secret: chosen === 'email_link' ? invitationLink(ctx, org.slug, secret) : secret,
      })
    : opts.newUser
      ? null
      : await sheets.discardUnviewed(ctx, tx, org.id, user.id).then(() => null);
  await audit.record(tx, actor, {
    organizationId: org.id,
    action: 'invitation.sent',
    target: { type: 'user', id: user.id },
    data: { invitationId: invitation.id, method: chosen, expiresAt: invitation.expires_at, delivered: reachable, sheet: !!viewUrl },
  });
  return {
    ...present(invitation, now),
    stage: 'queued' as Stage,
    delivery: reachable ? { state: 'queued', attempts: 0, lastError: null, sentAt: null } : null,
    viewUrl,
  };
}

/**
 * Whether this organization can invite at all, and by which method and contact: checked
 * once before a bulk action (an import), which then reports each person the method can't
 * reach instead of failing. Throws the reason invitations can't be sent.
 */
export function invitationPlan(org: OrganizationRow, method?: InvitationMethod): { method: InvitationMethod; needs: 'email' | 'phone' } {
  const settings = effectiveSettings(org.settings);
  if (!settings.invitation.enabled) throw new AppError('invitation.disabled');
  assertPasswordOnboarding(settings);
  if (settings.invitation.expiryMinutes === 0) throw new AppError('invitation.expires_immediately');
  const chosen = method ?? settings.invitation.method;
  return { method: chosen, needs: chosen === 'sms_otp' ? 'phone' : 'email' };
}

/**
 * Invites many users created in the caller's transaction (an import), as `issue` does one:
 * one insert for the invitations, their messages rendered and queued in one insert (the
 * workers deliver them at their own pace), one insert for the `invitation.sent` events.
 * Every user must be reachable by the method (see `invitationPlan`). Returns how many.
 */
/** When an invitation issued now expires, by the organization's settings (null: never). */
export const expiryOfNew = (ctx: Context, org: OrganizationRow): Date | null => expiryFrom(ctx.clock.now(), effectiveSettings(org.settings).invitation.expiryMinutes);

/** `expiresAt`: computed by the caller beforehand (expiryOfNew), when it needs to know it. */
export async function issueMany(ctx: Context, tx: Tx, actor: Actor, org: OrganizationRow, newUsers: UserRow[], method?: InvitationMethod, expiresAt: Date | null = expiryOfNew(ctx, org)): Promise<number> {
  if (newUsers.length === 0) return 0;
  const plan = invitationPlan(org, method);
  const settings = effectiveSettings(org.settings);
  const channel = channelFor(plan.method);
  for (const u of newUsers) channel.check(u);
  const secrets = new Map(newUsers.map((u) => [u.id, channel.newSecret(settings.invitation.otp)]));
  const rows = await q.insertMany(
    tx,
    newUsers.map((u) => ({
      organization_id: org.id,
      user_id: u.id,
      method: plan.method,
      secret_hash: channel.secretHash(ctx, codeBinding(u.id), secrets.get(u.id)!),
      expires_at: expiresAt,
      created_by: actor.type === 'user' ? actor.id : null,
    })),
  );
  const byId = new Map(newUsers.map((u) => [u.id, u]));
  await notifications.enqueueMany(
    tx,
    rows.map((invitation) => invitationMessage(ctx, plan.method, { org, user: byId.get(invitation.user_id)!, invitation, secret: secrets.get(invitation.user_id)! })),
  );
  await audit.recordMany(
    tx,
    actor,
    rows.map((i) => ({
      organizationId: org.id,
      action: 'invitation.sent',
      target: { type: 'user', id: i.user_id },
      data: { invitationId: i.id, method: plan.method, expiresAt: i.expires_at, delivered: true, sheet: false },
    })),
  );
  return rows.length;
}

export interface IssueOptions {
  /** Without one, a resend uses the method of the user's latest invitation, else the organization's default. */
  method?: InvitationMethod;
  /** Also make a one-time link to a printable sheet with the invitation link or code. */
  shareLink?: boolean;
  /** The user was created in the same transaction: no earlier invitation or sheet exists. */
  newUser?: boolean;
}

async function resendInOrg(ctx: Context, actor: Actor, org: OrganizationRow, userId: string, opts: IssueOptions = {}) {
  return ctx.db
    .transaction()
    .execute(async (tx) => {
      const user = await users.findById(tx, org.id, userId);
      if (!user) throw new AppError('user.not_found');
      // Whoever receives the invitation gets the account: only as strong as the sender.
      users.assertCanManage(actor, user.privilege);
      if (user.status !== 'pending') throw new AppError('invitation.user_not_pending');
      return issue(ctx, tx, actor, org, user, opts);
    })
    .finally(() => ctx.wakeWorker());
}

/** Sends a fresh invitation to a user who has not set a password yet; earlier ones stop working. */
export async function resend(ctx: Context, actor: Actor, orgSlug: string, userId: string, opts: IssueOptions = {}) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  return resendInOrg(ctx, actor, org, userId, opts);
}

/** Resend addressed by username, as the WSO2-compatible endpoint does. */
export async function resendByUsername(ctx: Context, actor: Actor, orgSlug: string, username: string, method: InvitationMethod) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  const user = await users.findByUsername(ctx, org.id, username);
  if (!user) throw new AppError('user.not_found');
  return resendInOrg(ctx, actor, org, user.id, { method });
}

/**
 * Resends to many pending users; reports each outcome instead of failing as a whole. Each
 * keeps its own latest method unless `method` is given for all.
 */
export async function bulkResend(ctx: Context, actor: Actor, orgSlug: string, userIds: string[], method?: InvitationMethod) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  const results = [];
  for (const userId of userIds) {
    try {
      const invitation = await resendInOrg(ctx, actor, org, userId, { method });
      results.push({ userId, ok: true, invitationId: invitation.id, method: invitation.method, code: null, message: null });
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      results.push({ userId, ok: false, invitationId: null, method: null, code: err.code, message: err.message });
    }
  }
  return results;
}

export async function revoke(ctx: Context, actor: Actor, orgSlug: string, invitationId: string) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'invitations.send');
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.revoke(tx, org.id, invitationId, ctx.clock.now());
    if (!row) {
      const existing = await q.findById(tx, org.id, invitationId);
      throw new AppError(existing ? 'invitation.not_pending' : 'invitation.not_found');
    }
    await audit.record(tx, actor, { organizationId: org.id, action: 'invitation.revoked', target: { type: 'user', id: row.user_id }, data: { invitationId, reason: 'admin' } });
    return present(row, ctx.clock.now());
  });
}

/**
 * Ends every pending invitation of a user because another credential replaced them
 * (`reason`, e.g. a temporary password), each recorded as `invitation.revoked`.
 */
export async function revokeAllOfUser(ctx: Context, tx: Tx, organizationId: string, userId: string, actor: Actor, reason: 'temporary_password' | 'password_set_by_admin') {
  const revoked = await q.revokeAllOfUser(tx, organizationId, userId, ctx.clock.now());
  for (const row of revoked) {
    await audit.record(tx, actor, { organizationId, action: 'invitation.revoked', target: { type: 'user', id: userId }, data: { invitationId: row.id, reason } });
  }
  return revoked.length;
}

/** The latest invitation of a user with the delivery state of its message, for admins. */
export async function summaryForUser(ctx: Context, organizationId: string, userId: string) {
  const row = await q.latestForUser(ctx.db, organizationId, userId);
  if (!row) return null;
  const message = await notifications.deliveryOfInvitation(ctx, organizationId, row.id);
  const now = ctx.clock.now();
  return {
    ...present(row, now),
    stage: stage(row, message?.state, now),
    delivery: message ? { state: message.state, attempts: message.attempts, lastError: message.last_error, sentAt: message.sent_at } : null,
  };
}

/** Pending users with where their invitation stands, and the organization's funnel. */
export async function onboarding(ctx: Context, actor: Actor, orgSlug: string, f: { stage?: string; limit: number; cursor?: string }) {
  const org = await organizations.resolve(ctx, actor, orgSlug, 'users.read');
  const now = ctx.clock.now();
  const before = f.cursor ? fromCursor(f.cursor) : undefined;
  const rows = await q.onboarding(ctx.db, org.id, now, { stage: f.stage, limit: f.limit + 1, before });
  const items = rows.slice(0, f.limit).map((r) => ({
    userId: r.user_id,
    username: r.username,
    email: r.email,
    phone: r.phone,
    userCreatedAt: r.user_created_at,
    invitationId: r.invitation_id,
    method: r.method,
    stage: r.stage,
    sentAt: r.sent_at,
    expiresAt: r.expires_at,
    openedAt: r.opened_at,
    deliveryError: r.delivery_error,
    ageSeconds: r.sent_at ? Math.max(0, Math.round((now.getTime() - r.sent_at.getTime()) / 1000)) : null,
  }));
  const last = rows.length > f.limit ? items[items.length - 1] : undefined;
  return {
    items,
    nextCursor: last ? onboardingCursor.encode([last.userCreatedAt, last.userId]) : null,
    funnel: await q.funnel(ctx.db, org.id, now),
  };
}

/** The onboarding list continues before the creation time and id of the last user. */
const onboardingCursor = cursorCodec(['date', 'uuid']);
function fromCursor(cursor: string) {
  const [createdAt, id] = onboardingCursor.decode(cursor);
  return { createdAt, id };
}

/** The usable (pending, unexpired) invitation behind a link token. */
async function findByLink(ctx: Context, org: OrganizationRow, token: string) {
  const invitation = await q.findBySecret(ctx.db, org.id, linkHash(ctx.secret, token));
  if (invitation?.method !== 'email_link') throw new AppError('invitation.not_found');
  return usable(ctx, org, invitation);
}

async function usable(ctx: Context, org: OrganizationRow, invitation: InvitationRow) {
  const state = lifecycle(invitation, ctx.clock.now());
  if (state === 'expired') throw new AppError('invitation.expired');
  if (state === 'accepted') throw new AppError('invitation.used');
  if (state === 'exhausted') throw new AppError('invitation.code_invalid');
  if (state === 'revoked') throw new AppError('invitation.revoked');
  if (state !== 'pending') throw new AppError('invitation.superseded');
  const user = await users.findById(ctx.db, org.id, invitation.user_id);
  if (!user) throw new AppError('invitation.not_found');
  if (user.status === 'disabled') throw new AppError('user.disabled');
  return { invitation, user };
}

const anonymous = (organizationId: string, userId: string | null, meta: Meta): Actor => ({
  type: 'anonymous',
  id: userId,
  label: null,
  organizationId,
  privilege: null,
  ...meta,
});

type Meta = { ip: string | null; userAgent: string | null };

async function markOpened(ctx: Context, org: OrganizationRow, invitation: InvitationRow, meta: Meta) {
  if (invitation.opened_at) return;
  await q.markOpened(ctx.db, invitation.id, ctx.clock.now());
  await audit.record(ctx.db, anonymous(org.id, invitation.user_id, meta), {
    organizationId: org.id,
    action: 'invitation.opened',
    target: { type: 'user', id: invitation.user_id },
    data: { invitationId: invitation.id },
  });
}

/** Opens the password setup page of a link: checks it and records that it was opened. */
export async function open(ctx: Context, orgSlug: string, token: string, meta: Meta) {
  const org = await organizations.findPublic(ctx, orgSlug);
  // An invitation sent before SSO was enforced sets no password now.
  assertPasswordOnboarding(effectiveSettings(org.settings));
  const { invitation, user } = await findByLink(ctx, org, token);
  await markOpened(ctx, org, invitation, meta);
  return { org, user, invitation, policy: effectiveSettings(org.settings).passwordPolicy };
}

const NO_ROW = store.NO_ROW;
/** Compared against when there is no code, so that path costs one compare too. */
const NO_CODE = Buffer.alloc(32);

/**
 * Checks a code a person typed for a user's pending code invitation, counting first: the
 * attempt is reserved by one conditional UPDATE under MAX_CODE_ATTEMPTS, and only a reserved
 * attempt is compared with the real code, so parallel guesses can't outrun the count (at most
 * MAX_CODE_ATTEMPTS are ever compared). A wrong code keeps its attempt and exhausts the
 * invitation at the limit; a right one gives it back. Unknown users, users without a code
 * and wrong codes all get the same answer.
 */
export async function verifyCode(ctx: Context, org: OrganizationRow, user: UserRow | undefined, typed: string, meta: Meta): Promise<InvitationRow> {
  const settings = effectiveSettings(org.settings);
  // Unknown accounts, accounts without a code and wrong codes do the same work (one lookup,
  // the same two UPDATEs against an id no row has, one compare), so timing tells nothing.
  const pending = await q.pendingForUser(ctx.db, org.id, user?.id ?? NO_ROW);
  const code = normalizeCode(settings.invitation.otp, typed);
  const given = codeHash(ctx, user?.id ?? 'none', code);
  const isCode = pending !== undefined && pending.method !== 'email_link';
  const reserved = await q.reserveAttemptUnflushed(ctx.db, isCode ? pending.id : NO_ROW, MAX_CODE_ATTEMPTS);
  const counted = isCode && reserved !== undefined;
  const expected = counted ? pending.secret_hash : NO_CODE;
  const right = safeEqual(given.toString('hex'), expected.toString('hex')) && counted;
  const settled = await q.settleAttemptUnflushed(ctx.db, counted ? pending.id : NO_ROW, right, MAX_CODE_ATTEMPTS, ctx.clock.now());
  if (!right) {
    if (pending && counted && settled?.state === 'exhausted') {
      await audit.record(ctx.db, anonymous(org.id, pending.user_id, meta), {
        organizationId: org.id,
        action: 'invitation.exhausted',
        target: { type: 'user', id: pending.user_id },
        data: { invitationId: pending.id, attempts: settled.attempts },
      });
    }
    throw new AppError('invitation.code_invalid');
  }
  // The code is right, so saying that it expired reveals nothing to a guesser.
  const { invitation } = await usable(ctx, org, pending);
  await markOpened(ctx, org, invitation, meta);
  return invitation;
}

/**
 * Redeems an invitation: sets the password, activates the account and consumes the
 * invitation in one transaction. Of several concurrent redemptions exactly one wins.
 * `by` is the link token, or the id of an invitation whose code was verified.
 */
export async function accept(
  ctx: Context,
  orgSlug: string,
  by: { token: string } | { invitationId: string },
  input: { password: string; confirm?: string } & Meta,
) {
  const org = await organizations.findPublic(ctx, orgSlug);
  assertPasswordOnboarding(effectiveSettings(org.settings));
  const { invitation, user } =
    'token' in by ? await findByLink(ctx, org, by.token) : await usable(ctx, org, (await q.findById(ctx.db, org.id, by.invitationId)) ?? fail());
  if (input.confirm !== undefined && input.confirm !== input.password) throw new AppError('password.mismatch');
  const settings = effectiveSettings(org.settings);
  const actor: Actor = { ...anonymous(org.id, user.id, input), type: 'user', label: user.username };
  const now = ctx.clock.now();
  await ctx.db
    .transaction()
    .execute(async (tx) => {
      const consumed = await q.consumeById(tx, org.id, invitation.id, now);
      if (!consumed) {
        // Lost a race or expired meanwhile: report what the invitation is now.
        await usable(ctx, org, (await q.findById(tx, org.id, invitation.id))!);
        throw new AppError('invitation.used');
      }
      // Locked, and checked again: the user may have been disabled while the password hashed.
      const current = await users.findByIdForUpdate(tx, org.id, user.id);
      if (!current || current.status === 'disabled') throw new AppError('user.disabled');
      await audit.record(tx, actor, { organizationId: org.id, action: 'invitation.accepted', target: { type: 'user', id: user.id }, data: { invitationId: consumed.id, method: consumed.method } });
      await replacePassword(ctx, tx, org, current, input.password, { changeRequired: null, expiresAt: null, actor, activate: true, endSessions: 'all' });
      if (settings.invitation.sendActivationNotice && user.email) {
        await notifications.enqueueEmail(tx, {
          organizationId: org.id,
          kind: 'account_activated',
          to: user.email,
          userId: user.id,
          vars: { ...recipientVars(org, user), loginUrl: absoluteUrl(ctx, pageUrl.login(org.slug)) },
        });
      }
    })
    .finally(() => ctx.wakeWorker());
  return { org, user };
}

const fail = (): never => {
  throw new AppError('invitation.not_found');
};

/** Whether a pending, unexpired invitation stands for this user (lock-until-set). */
export async function hasLiveInvitation(ctx: Context, organizationId: string, userId: string): Promise<boolean> {
  const pending = await q.pendingForUser(ctx.db, organizationId, userId);
  return !!pending && lifecycle(pending, ctx.clock.now()) === 'pending';
}

/**
 * Sends the one reminder of every invitation that is now within its organization's
 * reminder window. Claiming and queueing happen in one transaction: once per invitation.
 */
export async function sendDueReminders(ctx: Context): Promise<number> {
  const sent = await ctx.db.transaction().execute(async (tx) => {
    const due = await q.claimDueReminders(tx, ctx.clock.now());
    for (const r of due) {
      const user = await users.findById(tx, r.organization_id, r.user_id);
      const org = await organizations.findById(ctx, r.organization_id);
      if (!user?.email || !org) continue;
      await notifications.enqueueEmail(tx, {
        organizationId: org.id,
        kind: 'invitation_reminder',
        to: user.email,
        userId: user.id,
        vars: {
          ...recipientVars(org, user),
          method: r.method,
          expiresAt: r.expires_at,
          sentAt: r.created_at,
        },
      });
      await audit.record(tx, { ...anonymous(org.id, null, { ip: null, userAgent: null }), type: 'system', label: 'reminders' }, {
        organizationId: org.id,
        action: 'invitation.reminded',
        target: { type: 'user', id: user.id },
        data: { invitationId: r.id },
      });
    }
    return due.length;
  });
  if (sent > 0) ctx.wakeWorker();
  return sent;
}

/** What a person holding a link that no longer works should do next. */
export type NextStep =
  | 'not_found'
  | 'expired'
  | 'exhausted'
  | 'used'
  | 'disabled'
  | 'temporary_password'
  | 'withdrawn'
  | 'newer_link'
  | 'newer_email_code'
  | 'newer_sms_code'
  | 'newer_sheet';

/**
 * Why an invitation link no longer works, in terms of what its holder can do now: the
 * newer invitation that replaced it (and how it was delivered), a temporary password that
 * replaced it, an account already set up, or nothing but asking the administrator. Only
 * someone holding the link's secret learns this; an unknown token learns nothing.
 */
export async function nextStepForLink(ctx: Context, orgSlug: string, token: string) {
  const org = await organizations.findPublic(ctx, orgSlug);
  const found = await q.findBySecret(ctx.db, org.id, linkHash(ctx.secret, token));
  const user = found && found.method === 'email_link' ? await users.findById(ctx.db, org.id, found.user_id) : undefined;
  if (!found || !user) return { org, next: 'not_found' as NextStep, contact: null };
  const inviter = found.created_by ? await users.findById(ctx.db, org.id, found.created_by) : undefined;
  const result = (next: NextStep) => ({ org, next, contact: inviter?.email ? { email: inviter.email, username: user.username } : null });
  const now = ctx.clock.now();
  if (found.state === 'accepted') return result('used');
  if (user.status === 'disabled') return result('disabled');
  if (user.password_hash && user.password_change_required === 'temporary') return result('temporary_password');
  if (user.status === 'active') return result('used');
  const latest = found.state === 'superseded' ? ((await q.latestForUser(ctx.db, org.id, user.id)) ?? found) : found;
  const state = lifecycle(latest, now);
  if (state === 'pending' && latest.id !== found.id) {
    const message = await notifications.deliveryOfInvitation(ctx, org.id, latest.id);
    if (!message) return result('newer_sheet');
    return result(latest.method === 'email_link' ? 'newer_link' : latest.method === 'email_otp' ? 'newer_email_code' : 'newer_sms_code');
  }
  if (state === 'accepted') return result('used');
  if (state === 'revoked') return result('withdrawn');
  if (state === 'exhausted') return result('exhausted');
  return result('expired');
}

// Users create invitations with new users and show them; they reach this module through a port (no import cycle).
users.useInvitations({ issue, summaryForUser });
