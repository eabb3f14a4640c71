import type { Context, Tx } from '../context.js';
import { type Actor, privilegeRank } from '../access/index.js';
import type { LoginFlowRow, OrganizationRow, UserRow } from '../db/types.js';
import { AppError } from '../errors/app-error.js';
import { absoluteUrl, pageUrl, safeReturnTo } from '../lib/page-urls.js';
import { hashPassword, needsRehash } from '../lib/passwords.js';
import { signIns } from '../lib/metrics.js';
import { hashToken, newToken } from '../lib/tokens.js';
import * as audit from '../features/audit/service.js';
import * as devices from '../features/devices/service.js';
import * as invitations from '../features/invitations/service.js';
import * as loginFailures from '../features/login/service.js';
import * as mfa from '../features/mfa/service.js';
import * as throttle from '../features/login/throttle.js';
import * as organizations from '../features/organizations/service.js';
import { effectiveSettings } from '../features/organizations/settings.js';
import * as sessions from '../features/sessions/service.js';
import { passwordState, replacePassword } from '../features/users/passwords.js';
import * as users from '../features/users/service.js';
import { begin, identify, next, pauses, provedBy, type FlowState, type Method, type RequiredAction } from './flow.js';
import * as q from './queries.js';
import * as strategies from './strategies.js';

/** How long a paused sign-in waits for the browser to come back (NIST 800-63B: a short window). */
export const FLOW_TTL_MINUTES = 15;
/** Failed submissions at a paused flow's later steps (e.g. rejected new passwords) before it ends. */
export const MAX_FLOW_ATTEMPTS = 10;

export type SessionKind = sessions.SessionKind;
type Meta = {
  ip: string | null;
  userAgent: string | null;
  /** The browser's device identifier (features/devices, from its signed cookie); none: no device is remembered. */
  device?: string | undefined;
};

export interface LoginInput extends Meta {
  organization: string;
  login: string;
  password: string;
  /** The cookie of the session this browser already has, ended by a successful sign-in. */
  replaces?: string | undefined;
  /** Where the browser wants to go once signed in; kept only when it is a page of the organization. */
  returnTo?: string | undefined;
}

export interface OpenedSession {
  token: string;
  sessionId: string;
  aal: number;
  methods: string[];
  user: UserRow;
  org: OrganizationRow;
  /** The validated return address, if one was given. */
  returnTo: string | undefined;
}

/** A stored flow waiting for the browser, which keeps `handle` (its cookie) to come back with. */
export interface Paused {
  kind: 'paused';
  handle: string;
  step: 'second_factor' | 'required_action';
  requiredAction: RequiredAction | undefined;
  /** At the second-factor step: the methods the account may use, its default first. */
  secondFactors: Method[];
  user: UserRow;
  org: OrganizationRow;
}

/** A sign-in either opens a session at once, or pauses. */
export type SignInResult = ({ kind: 'session' } & OpenedSession) | Paused;

/** How a person proved who they are just before being signed in without typing their password again. */
export type ContinuedBy = 'invitation_link' | 'invitation_code' | 'password_change' | 'setup' | 'sso';

const CONTINUED_METHOD: Record<'invitation_link' | 'setup', Method> = { invitation_link: 'invitation_link', setup: 'setup_link' };
const ACTION_VIA: Record<'change_password' | 'set_password', ContinuedBy> = { change_password: 'password_change', set_password: 'invitation_code' };

/** The account the flow identifies: the user and its second factors, loaded once. */
const accountOf = async (ctx: Context, org: OrganizationRow, user: UserRow | undefined): Promise<strategies.Account | undefined> => {
  const factors = await mfa.accountOf(ctx, org, user?.id);
  return user ? { user, mfa: factors } : undefined;
};

/**
 * The `identified` event of an account, its second factors in the account's order of
 * preference (its default first), so the step asks for that one first.
 */
const identified = (account: strategies.Account | undefined) => {
  const e = identify(account, strategies.all);
  if (e.type !== 'identified' || !account) return e;
  const rank = (m: Method) => account.mfa.methods.indexOf(m as mfa.MfaMethod);
  return { ...e, secondFactors: [...e.secondFactors].sort((a, b) => rank(a) - rank(b)) };
};

/** What proving the first factor leaves to do because of the account's second factors. */
const enrollmentActions = (account: strategies.Account): RequiredAction[] => (mfa.mustEnroll(account.mfa) ? ['enroll_authenticator'] : []);

const actorOf = (org: OrganizationRow | undefined, user: UserRow | undefined, login: string, meta: Meta): Actor => ({
  type: user ? 'user' : 'anonymous',
  id: user?.id ?? null,
  label: user?.username ?? login.slice(0, 200),
  organizationId: org?.id ?? null,
  privilege: user?.privilege ?? null,
  ...meta,
});

/**
 * Password sign-in for the account pages ('account') or the admin console ('console'), run as
 * the step machine of ./flow.ts. Unknown organizations, unknown accounts and wrong secrets all
 * fail the same way. A flow that completes in this request stores nothing but its session;
 * one that pauses (a required action, a second factor) is stored, and the console refuses a
 * forced change with `password.change_required` instead.
 */
export async function signIn(ctx: Context, kind: SessionKind, input: LoginInput): Promise<SignInResult> {
  const org = await organizations.findPublic(ctx, input.organization).catch(() => undefined);
  const meta = { ip: input.ip, userAgent: input.userAgent };
  if (!org) {
    const attempt = await throttle.attempt(ctx, throttle.keysFor('none', input.login, input.ip));
    await strategies.burnVerification(ctx, input.password);
    await attempt.failed();
    throw new AppError('auth.invalid_credentials');
  }
  const actor = (user?: UserRow) => actorOf(org, user, input.login, meta);
  const refuse = async (user: UserRow, reason: string, err: AppError): Promise<never> => {
    signIns.inc({ outcome: 'refused' });
    await audit.record(ctx.db, actor(user), { organizationId: org.id, action: 'login.refused', target: { type: 'user', id: user.id }, data: { kind, reason } });
    throw err;
  };

  // Identify. The account is looked up first (the same query whether or not it exists), so
  // all of its login names share one budget.
  const user = await users.findByLogin(ctx, org.id, input.login);
  const keys = throttle.keysFor(org.id, input.login, input.ip, user?.id);
  const counted = await throttle.attempt(ctx, keys);

  // First factor: the password, or (pending account pages only) an invitation code typed as the password.
  // The account's second factors load while the password is checked (the same query for unknown accounts).
  const attempt = { org, user, secret: input.password, ...meta };
  let strategy: strategies.CredentialStrategy = strategies.password;
  let [proof, account] = await Promise.all([strategies.password.verify(ctx, attempt), accountOf(ctx, org, user)]);
  let state = next(begin(), identified(account))!;
  const capped = user !== undefined && user.failed_logins >= ctx.config.loginFailureCap;
  // A right password of a non-admin at the console is answered and counted as a wrong one:
  // anything else would confirm the password to whoever typed it.
  const notAdmin = kind === 'console' && user?.privilege === 'user';
  if (capped || notAdmin) proof = undefined;
  if (!proof && account && kind === 'account' && !capped && strategies.invitationCode.has(account)) {
    strategy = strategies.invitationCode;
    proof = await strategies.invitationCode.verify(ctx, attempt);
  }
  if (!user || !account || !proof) {
    const lockout = await counted.failed();
    const reason = !user ? 'unknown_account' : capped ? 'failure_cap' : notAdmin ? 'not_admin' : 'wrong_password';
    await loginFailures.recordFailure(ctx, { org, user, actor: actor(user), kind, login: input.login, reason, lockout });
    throw new AppError('auth.invalid_credentials');
  }

  // The secret is right: it is no failure, whatever is refused below.
  await counted.refund();
  // Enforced SSO: a right password (or invitation code) opens nothing, except for a platform
  // administrator, the documented break-glass way in when the upstream provider fails.
  const ssoEnforced = effectiveSettings(org.settings).ssoEnforced;
  if (ssoEnforced && user.privilege !== 'platform_admin') {
    return refuse(user, 'sso_enforced', new AppError('organization.sso_enforced', 'This organization signs in through its identity provider only: use the "Sign in with …" button on the sign-in page.'));
  }
  const requiredActions = [...proof.requiredActions];
  if (strategy === strategies.password) {
    // The password is right from here on, so saying why sign-in is refused reveals nothing.
    if (user.status === 'disabled') return refuse(user, 'disabled', new AppError('user.disabled'));
    const settings = effectiveSettings(org.settings);
    if (user.status === 'pending' && settings.invitation.lockUntilPasswordSet && (await invitations.hasLiveInvitation(ctx, org.id, user.id))) {
      return refuse(user, 'invitation_pending', new AppError('auth.invitation_pending'));
    }
    const pwd = passwordState(settings, user, ctx.clock.now());
    if (pwd === 'temporary_expired') return refuse(user, 'temporary_expired', new AppError('password.temporary_expired'));
    if (pwd === 'change_required') requiredActions.push('change_password');
  }
  // Devices: a new device over the account's limit is refused, now that the secret is proved.
  const overDeviceLimit = await devices.limitRefusal(ctx, org, user, input.device);
  if (overDeviceLimit) return refuse(user, 'device_limit', overDeviceLimit);
  requiredActions.push(...enrollmentActions(account));
  state = next(state, { type: 'factor_proved', method: strategy.method, factor: 'first', requiredActions })!;

  // The budgets are reset only once nothing is left to guess: a flow paused at its second
  // factor keeps the failures charged to it, or a known password would wipe the count of
  // wrong codes on every sign-in (proveSecondFactor resets when the code is right). A required
  // action is no guess: the factors it needed are proved.
  if (state.step !== 'second_factor') {
    await throttle.reset(ctx, keys);
    if (user.failed_logins > 0) await loginFailures.clearFailures(ctx, org.id, user.id);
  }
  if (pauses(state)) {
    if (kind === 'console' && state.step === 'required_action') return refuseConsoleAction(ctx, org, user, actor(user), state.requiredActions[0]!);
    signIns.inc({ outcome: state.step === 'second_factor' ? 'second_factor_required' : 'password_required' });
    if (ssoEnforced) await breakGlass(ctx, org, user, actor(user), kind);
    return pause(ctx, org, user, kind, state, { invitationId: proof.invitationId, returnTo: safeReturnTo(org.slug, input.returnTo), actor: actor(user) });
  }

  // A hash of the password as typed (before NFKC normalization) is replaced by a normalized one.
  const rehash = proof.upgrade || needsRehash(user.password_hash!, ctx.argon2) ? await hashPassword(input.password, ctx.argon2) : undefined;
  // Without an earlier session to end, the writes are one statement: no transaction needed.
  const open = (tx: Tx) => openSession(ctx, tx, org, user, kind, state, { ...meta, device: input.device, replaces: input.replaces, rehash });
  const session = input.replaces ? await ctx.db.transaction().execute(open) : await open(ctx.db);
  if (ssoEnforced) await breakGlass(ctx, org, user, actor(user), kind);
  signIns.inc({ outcome: 'succeeded' });
  return { kind: 'session', ...session, returnTo: safeReturnTo(org.slug, input.returnTo) };
}

/** A platform administrator signed in with a password where SSO is enforced: always audited, so every use of the way around is seen. */
const breakGlass = (ctx: Context, org: OrganizationRow, user: UserRow, actor: Actor, kind: SessionKind) =>
  audit.record(ctx.db, actor, { organizationId: org.id, action: 'login.break_glass', target: { type: 'user', id: user.id }, data: { kind, reason: 'sso_enforced' } });

/**
 * The console has no pages for required actions: a forced password change or enrollment is
 * refused with where to do it (the account pages' sign-in), and no flow is stored.
 */
async function refuseConsoleAction(ctx: Context, org: OrganizationRow, user: UserRow, actor: Actor, action: RequiredAction): Promise<never> {
  await users.updateRow(ctx.db, org.id, user.id, { last_login_at: ctx.clock.now() });
  const changeUrl = absoluteUrl(ctx, pageUrl.login(org.slug));
  if (action === 'enroll_authenticator') {
    await audit.record(ctx.db, actor, { organizationId: org.id, action: 'login.enrollment_required', target: { type: 'user', id: user.id }, data: { kind: 'console' } });
    throw new AppError('mfa.enrollment_required', `Sign in at ${changeUrl} to set up an authenticator app first.`, { changeUrl });
  }
  await audit.record(ctx.db, actor, { organizationId: org.id, action: 'login.password_change_required', target: { type: 'user', id: user.id }, data: { kind: 'console' } });
  throw new AppError('password.change_required', `Sign in at ${changeUrl} to set a new password first.`, { changeUrl });
}

/** The audit event of a sign-in that pauses: what the person is asked for next. */
const pauseEvent = (state: FlowState, invitationId: string | undefined) =>
  invitationId
    ? 'login.code_accepted'
    : state.step === 'second_factor'
      ? 'login.second_factor_required'
      : state.requiredActions[0] === 'enroll_authenticator'
        ? 'login.enrollment_required'
        : 'login.password_change_required';

/**
 * Stores a paused flow, with what pausing records: proving the first factor is a sign-in too
 * (last login), though no session exists yet. One transaction. Returns the browser's handle,
 * which is never stored (only its keyed hash).
 */
async function pause(
  ctx: Context,
  org: OrganizationRow,
  user: UserRow,
  kind: SessionKind,
  state: FlowState,
  opts: { invitationId: string | undefined; returnTo: string | undefined; actor: Actor },
): Promise<Paused> {
  const handle = newToken();
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await q.deleteEnded(tx, org.id, user.id, now);
    await users.updateRow(tx, org.id, user.id, { last_login_at: now });
    const action = pauseEvent(state, opts.invitationId);
    await audit.record(tx, opts.actor, { organizationId: org.id, action, target: { type: 'user', id: user.id }, data: opts.invitationId ? { invitationId: opts.invitationId } : { kind } });
    await q.insert(tx, {
      organization_id: org.id,
      kind,
      user_id: user.id,
      handle_hash: hashToken(ctx.secret, handle),
      step: state.step as 'second_factor' | 'required_action',
      required_actions: state.requiredActions,
      methods: state.methods,
      aal: state.aal,
      invitation_id: opts.invitationId ?? null,
      return_to: opts.returnTo ?? null,
      expires_at: new Date(now.getTime() + FLOW_TTL_MINUTES * 60_000),
    });
  });
  return { kind: 'paused', handle, step: state.step as Paused['step'], requiredAction: state.requiredActions[0], secondFactors: state.step === 'second_factor' ? state.secondFactors : [], user, org };
}

/**
 * "I have a code" on the recovery pages: an invitation code proves the person, who then sets a
 * password, as when the code is typed as the password at sign-in. A wrong code, an unknown
 * account and an account without a code fail alike (`invitation.code_invalid`). Guessing is
 * bounded twice: by the code's own attempt counter, and by the sign-in budgets of the account
 * and the address (the shared limiter), so codes sprayed over many accounts lock the address.
 */
export async function proveCode(ctx: Context, orgSlug: string, input: Meta & { login: string; code: string }): Promise<Paused> {
  const org = await organizations.findPublic(ctx, orgSlug);
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const user = input.login ? await users.findByLogin(ctx, org.id, input.login) : undefined;
  // The sign-in budgets: a code typed here costs what it costs typed as the password at sign-in.
  const keys = throttle.keysFor(org.id, input.login, input.ip, user?.id);
  const attempt = await throttle.attempt(ctx, keys);
  const proof = await strategies.invitationCode.verify(ctx, { org, user, secret: input.code, ...meta });
  if (!user || !proof) {
    await attempt.failed();
    throw new AppError('invitation.code_invalid');
  }
  await attempt.refund();
  await throttle.reset(ctx, keys);
  invitations.assertPasswordOnboarding(effectiveSettings(org.settings));
  const account = (await accountOf(ctx, org, user))!;
  const requiredActions = [...proof.requiredActions, ...enrollmentActions(account)];
  const state = next(next(begin(), identified(account))!, { type: 'factor_proved', method: strategies.invitationCode.method, factor: 'first', requiredActions })!;
  return pause(ctx, org, user, 'account', state, { invitationId: proof.invitationId, returnTo: undefined, actor: actorOf(org, user, user.username, meta) });
}

/**
 * The one way a session opens, for every flow that reaches done: last login (and a rehash),
 * the browser's earlier session ended, `login.succeeded` audited, the session started with the
 * flow's methods and assurance level. Last login, audit and session are one statement; with
 * an earlier session to end, `tx` must be a transaction.
 */
async function openSession(
  ctx: Context,
  tx: Tx,
  org: OrganizationRow,
  user: UserRow,
  kind: SessionKind,
  state: FlowState,
  o: Meta & { replaces?: string | undefined; rehash?: string | undefined; via?: ContinuedBy },
): Promise<Omit<OpenedSession, 'returnTo'>> {
  const meta = { ip: o.ip, userAgent: o.userAgent };
  const replaced = o.replaces ? await sessions.endReplaced(ctx, tx, o.replaces, kind) : undefined;
  // Devices: the browser is registered (or refused over the limit) and the session tied to it.
  const deviceId = await devices.register(ctx, tx, org, user.id, o.device, meta);
  const session = await sessions.start(ctx, tx, { organizationId: org.id, userId: user.id, kind, methods: state.methods, aal: state.aal, deviceId, ...meta }, [
    users.updateRowQuery(tx, org.id, user.id, { last_login_at: ctx.clock.now(), ...(o.rehash && { password_hash: o.rehash }) }),
    audit.recordQuery(tx, actorOf(org, user, user.username, meta), {
      organizationId: org.id,
      action: 'login.succeeded',
      target: { type: 'user', id: user.id },
      data: { kind, ...(o.via && { via: o.via }), ...(replaced && { replacedSession: replaced }) },
    }),
  ]);
  return { token: session.token, sessionId: session.id, aal: state.aal, methods: state.methods, user, org };
}

/** Whether a locked, current user row may have a session of this kind opened now. */
const maySignIn = (user: UserRow | undefined, kind: SessionKind): user is UserRow =>
  user !== undefined && user.status !== 'disabled' && user.status !== 'locked' && !(kind === 'console' && user.privilege === 'user');

/**
 * Signs a person in right after a one-time link proved them and they set their password
 * (invitation link, first admin setup): a flow done in one step, so nothing is stored. It is
 * an ordinary sign-in (see openSession), with `via`. A disabled or locked account gets none
 * (undefined): the person then signs in as usual. On the account pages, what the proof leaves
 * to do comes first, as after any first factor: where the organization requires a second
 * factor the flow pauses at enrolling an authenticator (the link opened a session without
 * one before), and an account with a second factor is asked for it.
 */
export async function continueSignedIn(
  ctx: Context,
  org: OrganizationRow,
  userId: string,
  kind: SessionKind,
  via: 'invitation_link' | 'setup',
  meta: Meta,
): Promise<OpenedSession | Paused | undefined> {
  if (kind === 'account') {
    const found = await users.findById(ctx.db, org.id, userId);
    if (!maySignIn(found, kind)) return undefined;
    const account = (await accountOf(ctx, org, found))!;
    const state = next(next(begin(), identified(account))!, { type: 'factor_proved', method: CONTINUED_METHOD[via], factor: 'first', requiredActions: enrollmentActions(account) })!;
    if (pauses(state)) return pause(ctx, org, found, kind, state, { invitationId: undefined, returnTo: undefined, actor: actorOf(org, found, found.username, meta) });
  }
  return ctx.db.transaction().execute(async (tx) => {
    // Locked, so a disable committed meanwhile is seen here or ends this session after.
    const user = await users.findByIdForUpdate(tx, org.id, userId);
    if (!maySignIn(user, kind)) return undefined;
    const session = await openSession(ctx, tx, org, user, kind, provedBy(CONTINUED_METHOD[via]), { ...meta, via });
    return { ...session, returnTo: undefined };
  });
}

export interface PausedFlow {
  flow: LoginFlowRow;
  user: UserRow;
  org: OrganizationRow;
  /** The account with its second factors as they are now. */
  account: strategies.Account;
  step: 'second_factor' | 'required_action';
  /** The required action the flow waits for (at the required-action step). */
  action: RequiredAction | undefined;
  /** The second factors the account may use (at the second-factor step), its default first. */
  secondFactors: Method[];
}

/**
 * The paused sign-in of `kind` behind a browser's handle, if it can still go on. An expired,
 * exhausted or finished one is refused with its reason (the page sends the browser back to
 * sign-in with it); no handle or an unknown one is `undefined`. The account's second factors
 * are read again, so a factor disabled meanwhile is no longer offered.
 */
export async function resume(ctx: Context, orgSlug: string, handle: string | undefined, kind: SessionKind = 'account'): Promise<PausedFlow | undefined> {
  if (!handle) return undefined;
  const org = await organizations.findPublic(ctx, orgSlug);
  const flow = await q.findByHandle(ctx.db, org.id, hashToken(ctx.secret, handle));
  // The pages go on with account sign-ins only, the console with its own: a console flow must
  // never end in an account cookie, nor the reverse.
  if (flow?.kind !== kind) return undefined;
  if (flow.completed_at) throw new AppError('login_flow.ended');
  if (flow.expires_at <= ctx.clock.now()) throw new AppError('login_flow.expired');
  if (flow.attempts >= MAX_FLOW_ATTEMPTS) throw new AppError('login_flow.exhausted');
  const user = await users.findById(ctx.db, org.id, flow.user_id);
  if (!user || flow.step === 'done') return undefined;
  const account = (await accountOf(ctx, org, user))!;
  const action = flow.required_actions[0] as RequiredAction | undefined;
  if (flow.step === 'required_action' && !action) return undefined;
  const secondFactors = flow.step === 'second_factor' ? identifiedFactors(account) : [];
  // The factors were reset or removed meanwhile: this sign-in can't go on; the next one starts afresh.
  if (flow.step === 'second_factor' && secondFactors.length === 0) throw new AppError('login_flow.ended');
  return { flow, user, org, account, step: flow.step, action, secondFactors };
}

const identifiedFactors = (account: strategies.Account) => {
  const e = identified(account);
  return e.type === 'identified' ? e.secondFactors : [];
};

const stateOf = (flow: LoginFlowRow, account?: strategies.Account): FlowState => ({
  step: flow.step === 'done' ? 'done' : flow.step,
  methods: flow.methods as Method[],
  aal: flow.aal as FlowState['aal'],
  requiredActions: flow.required_actions as RequiredAction[],
  secondFactors: account ? identifiedFactors(account) : [],
});

/**
 * Texts a code for the second-factor step of a paused flow to the account's verified recovery
 * phone (see mfa.sendSignInCode: bound to this flow, throttled per account). Returns the masked
 * number.
 */
export async function sendSmsCode(ctx: Context, paused: PausedFlow, meta: Meta): Promise<string> {
  if (paused.step !== 'second_factor' || !strategies.smsCode.has(paused.account)) throw new AppError('mfa.method_unavailable');
  return mfa.sendSignInCode(ctx, paused.org, paused.user, paused.flow.id, meta);
}

/** A flow that went on to its next required action: the browser is sent to that action's page. */
export interface NextAction {
  kind: 'next_action';
  org: OrganizationRow;
  action: RequiredAction;
}

/**
 * Proves the second factor a paused flow waits for (an authenticator-app code, a backup code,
 * an SMS code). A wrong code counts toward the sign-in budgets of the account and the address
 * (the shared limiter, as a wrong password does) and toward the flow's attempts, and is
 * audited as `login.failed`. Every code, right or wrong, is counted as an attempt of the flow
 * before it is compared, so at most MAX_FLOW_ATTEMPTS codes are ever compared. A right one
 * moves the flow on by one conditional UPDATE (one winner): to its required actions, or
 * done — the session opens at AAL2 with the methods used.
 * The console refuses what its pages can't do (a forced change, an enrollment).
 */
export async function proveSecondFactor(
  ctx: Context,
  paused: PausedFlow,
  input: Meta & { method: string; code: string; replaces?: string | undefined },
): Promise<({ kind: 'session' } & OpenedSession) | NextAction | undefined> {
  const { flow, org, user, account } = paused;
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const actor = actorOf(org, user, user.username, meta);
  if (paused.step !== 'second_factor') throw new AppError('login_flow.ended');
  const strategy = strategies.secondFactor(input.method);
  if (!strategy?.has(account)) throw new AppError('mfa.method_unavailable');
  const keys = throttle.keysFor(org.id, user.username, input.ip, user.id);
  const attempt = await throttle.attempt(ctx, keys);
  // The attempt is counted before the code is compared: parallel guesses can't all be
  // compared before any of them is counted.
  const attempts = await q.reserveSecondFactorAttempt(ctx.db, flow.id, MAX_FLOW_ATTEMPTS, ctx.clock.now());
  if (attempts === undefined) {
    await attempt.refund();
    throw await endedReason(ctx, org, flow.handle_hash);
  }
  const proof = input.code.trim() ? await strategy.verify(ctx, { org, user, secret: input.code, flowId: flow.id, ...meta }) : undefined;
  if (!proof) {
    const lockout = await attempt.failed();
    await loginFailures.recordFailure(ctx, { org, user, actor, kind: flow.kind, login: user.username, reason: `wrong_${strategy.method}`, lockout });
    if (attempts >= MAX_FLOW_ATTEMPTS) throw new AppError('login_flow.exhausted');
    throw new AppError('mfa.code_invalid');
  }
  await attempt.refund();
  await throttle.reset(ctx, keys);
  if (user.failed_logins > 0) await loginFailures.clearFailures(ctx, org.id, user.id);
  const state = next(stateOf(flow, account), { type: 'factor_proved', method: strategy.method, factor: 'second', requiredActions: proof.requiredActions });
  if (!state) throw new AppError('login_flow.ended');
  return ctx.db.transaction().execute(async (tx) => {
    const proved = await q.proveSecondFactor(tx, flow.id, strategy.method, MAX_FLOW_ATTEMPTS, ctx.clock.now());
    if (!proved) throw await endedReason(ctx, org, flow.handle_hash);
    if (proved.step !== 'done') {
      const action = proved.required_actions[0] as RequiredAction;
      if (flow.kind === 'console') return refuseConsoleAction(ctx, org, user, actor, action);
      return { kind: 'next_action' as const, org, action };
    }
    const current = await users.findByIdForUpdate(tx, org.id, user.id);
    if (!maySignIn(current, flow.kind)) return undefined;
    const session = await openSession(ctx, tx, org, current, flow.kind, { ...state, methods: proved.methods as Method[], aal: 2 }, { ...meta, device: input.device, replaces: input.replaces });
    return { kind: 'session' as const, ...session, returnTo: flow.return_to ?? undefined };
  });
}

/**
 * Completes the required action a paused flow waits for (setting the password after an
 * invitation code, or replacing one that must be replaced) and, when it was the last, opens
 * the session. Completing is one conditional UPDATE in the transaction that opens the
 * session, so of two parallel completions exactly one signs in; the other gets
 * `login_flow.ended`. Every submission is counted as an attempt of the flow before the new
 * password is judged, so at most MAX_FLOW_ATTEMPTS are ever judged; a rejected one keeps its count.
 * Returns undefined when the account may no longer sign in (disabled or locked meanwhile).
 */
export async function completeRequiredAction(
  ctx: Context,
  paused: PausedFlow,
  input: Meta & { password: string; confirm?: string; replaces?: string | undefined },
): Promise<OpenedSession | NextAction | undefined> {
  const { flow, org } = paused;
  const action = paused.action;
  if (paused.step !== 'required_action' || (action !== 'change_password' && action !== 'set_password')) throw new AppError('login_flow.ended');
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const finish = async (tx: Tx) => {
    const done = await q.finishAction(tx, flow.id, action, MAX_FLOW_ATTEMPTS, ctx.clock.now());
    if (!done) throw await endedReason(ctx, org, flow.handle_hash);
    return done;
  };
  // Counted before the new password is judged: parallel submissions get no more than the
  // flow's attempts. A rejected password keeps its count.
  const reserved = await q.reserveActionAttempt(ctx.db, flow.id, action, MAX_FLOW_ATTEMPTS, ctx.clock.now());
  if (reserved === undefined) throw await endedReason(ctx, org, flow.handle_hash);
  if (input.confirm !== undefined && input.confirm !== input.password) throw new AppError('password.mismatch');
  if (action === 'set_password') {
    // The invitation was deleted with its user, or withdrawn: this flow can't go on.
    if (!flow.invitation_id) throw new AppError('login_flow.ended');
    // The invitation is redeemed by its own single-use step; the flow completes right after.
    await invitations.accept(ctx, org.slug, { invitationId: flow.invitation_id }, { password: input.password, ...meta });
  }
  return await ctx.db.transaction().execute(async (tx) => {
    const done = await finish(tx);
    const user = await users.findByIdForUpdate(tx, org.id, flow.user_id);
    if (action === 'change_password') {
      if (!user || user.status === 'disabled') throw new AppError('auth.required');
      if (passwordState(effectiveSettings(org.settings), user, ctx.clock.now()) !== 'change_required') throw new AppError('auth.required');
      const actor: Actor = { ...actorOf(org, user, user.username, meta), type: 'user' };
      await audit.record(tx, actor, { organizationId: org.id, action: 'password.changed', target: { type: 'user', id: user.id }, data: { reason: user.password_change_required ?? 'expired' } });
      await replacePassword(ctx, tx, org, user, input.password, { changeRequired: null, expiresAt: null, actor, activate: true, endSessions: 'all' });
    }
    const state = next(stateOf(flow), { type: 'action_done', action });
    if (state && done.step !== 'done' && done.required_actions[0]) return { kind: 'next_action' as const, org, action: done.required_actions[0] as RequiredAction };
    if (state?.step !== 'done' || done.step !== 'done') return undefined;
    // Read again: setting the password may have activated the account.
    const current = action === 'set_password' ? user : await users.findById(tx, org.id, flow.user_id);
    if (!maySignIn(current, flow.kind)) return undefined;
    const session = await openSession(ctx, tx, org, current, flow.kind, state, { ...meta, device: input.device, replaces: input.replaces, via: ACTION_VIA[action] });
    return { ...session, returnTo: flow.return_to ?? undefined };
  });
}

/** Why a flow could not be completed: it was finished by someone else, expired or ran out of attempts. */
async function endedReason(ctx: Context, org: OrganizationRow, handleHash: Buffer): Promise<AppError> {
  const flow = await q.findByHandle(ctx.db, org.id, handleHash);
  if (!flow || flow.completed_at) return new AppError('login_flow.ended');
  if (flow.attempts >= MAX_FLOW_ATTEMPTS) return new AppError('login_flow.exhausted');
  // Open and in time, but at another step than the one this request completes.
  return new AppError(flow.expires_at <= ctx.clock.now() ? 'login_flow.expired' : 'login_flow.ended');
}

/**
 * Completes the required action `enroll_authenticator` of a paused flow: the first valid code
 * of the authenticator app shown on the page confirms it (see mfa.confirmTotp), and the flow
 * finishes that action by one conditional UPDATE in the same transaction (one winner). When
 * it was the last, the session opens. The new authenticator was bound on the first factor
 * alone, so the session stays at that factor's assurance level. Every code is counted as an
 * attempt of the flow before it is compared, so at most MAX_FLOW_ATTEMPTS are ever compared.
 */
export async function completeEnrollment(
  ctx: Context,
  paused: PausedFlow,
  input: Meta & { factorId: string; code: string; replaces?: string | undefined },
): Promise<OpenedSession | NextAction | undefined> {
  const { flow, org, user } = paused;
  if (paused.step !== 'required_action' || paused.action !== 'enroll_authenticator') throw new AppError('login_flow.ended');
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const actor = actorOf(org, user, user.username, meta);
  // Counted before the code is compared, and kept whatever the answer: parallel guesses get
  // no more comparisons than the flow's attempts (compare-then-count let all of them through).
  const reserved = await q.reserveActionAttempt(ctx.db, flow.id, 'enroll_authenticator', MAX_FLOW_ATTEMPTS, ctx.clock.now());
  if (reserved === undefined) throw await endedReason(ctx, org, flow.handle_hash);
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const done = await q.finishAction(tx, flow.id, 'enroll_authenticator', MAX_FLOW_ATTEMPTS, ctx.clock.now());
      if (!done) throw await endedReason(ctx, org, flow.handle_hash);
      await mfa.confirmTotp(ctx, tx, org, user, input.factorId, input.code, actor);
      if (done.step !== 'done') return { kind: 'next_action' as const, org, action: done.required_actions[0] as RequiredAction };
      const current = await users.findByIdForUpdate(tx, org.id, user.id);
      if (!maySignIn(current, flow.kind)) return undefined;
      const state = next(stateOf(flow), { type: 'action_done', action: 'enroll_authenticator' }) ?? stateOf(done);
      const session = await openSession(ctx, tx, org, current, flow.kind, state, { ...meta, device: input.device, replaces: input.replaces });
      return { ...session, returnTo: flow.return_to ?? undefined };
    });
  } finally {
    // The enrollment queued a notice.
    ctx.wakeWorker();
  }
}

/**
 * Signs in a person who proved themself by a recovery secret (`recovery_link` or
 * `recovery_code`) and set a new password: a first factor. Without a second factor the session
 * opens at once (AAL1); with one, the flow pauses at `second_factor`, as after a password; an
 * enrollment still due pauses at `enroll_authenticator`. A disabled or locked account is
 * refused with `auth.required`.
 */
export async function signInAfterRecovery(
  ctx: Context,
  org: OrganizationRow,
  userId: string,
  method: Method,
  meta: Meta,
): Promise<SignInResult> {
  const user = await users.findById(ctx.db, org.id, userId);
  if (!maySignIn(user, 'account')) throw new AppError('auth.required');
  const account = (await accountOf(ctx, org, user))!;
  const state = next(next(begin(), identified(account))!, { type: 'factor_proved', method, factor: 'first', requiredActions: enrollmentActions(account) })!;
  if (pauses(state)) return pause(ctx, org, user, 'account', state, { invitationId: undefined, returnTo: undefined, actor: actorOf(org, user, user.username, meta) });
  const session = await ctx.db.transaction().execute((tx) => openSession(ctx, tx, org, user, 'account', state, { ...meta }));
  return { kind: 'session', ...session, returnTo: undefined };
}

export interface SsoSignIn extends Meta {
  replaces?: string | undefined;
  returnTo?: string | undefined;
}

/**
 * Signs in a person the organization's upstream identity provider proved (single sign-on,
 * features/sso): a first factor, method `sso`, then the same gates as a password — a disabled
 * or locked account and a new device over the limit are refused (audited `login.refused`), a
 * second factor the account has is asked for, an enrollment due pauses the flow.
 */
export async function signInWithSso(ctx: Context, org: OrganizationRow, userId: string, input: SsoSignIn): Promise<SignInResult> {
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const user = await users.findById(ctx.db, org.id, userId);
  if (!user) throw new AppError('sso.no_matching_user', 'The account was deleted meanwhile: ask your administrator.');
  const actor = actorOf(org, user, user.username, meta);
  const refuse = async (reason: string, err: AppError): Promise<never> => {
    signIns.inc({ outcome: 'refused' });
    await audit.record(ctx.db, actor, { organizationId: org.id, action: 'login.refused', target: { type: 'user', id: user.id }, data: { kind: 'account', via: 'sso', reason } });
    throw err;
  };
  if (user.status === 'disabled') return refuse('disabled', new AppError('user.disabled'));
  // The upstream is chosen by the organization's admins: what it asserts never proves an
  // administrator, or one org admin could sign in as another, or as a platform admin.
  if (privilegeRank[user.privilege] >= privilegeRank.org_admin) {
    return refuse('administrator', new AppError('sso.no_matching_user', 'Administrators sign in with their password, not through the organization’s identity provider.'));
  }
  if (user.status === 'locked') return refuse('locked', new AppError('user.disabled', 'This account is locked: ask your administrator.'));
  const overDeviceLimit = await devices.limitRefusal(ctx, org, user, input.device);
  if (overDeviceLimit) return refuse('device_limit', overDeviceLimit);
  const account = (await accountOf(ctx, org, user))!;
  const state = next(next(begin(), identified(account))!, { type: 'factor_proved', method: 'sso', factor: 'first', requiredActions: enrollmentActions(account) })!;
  const returnTo = safeReturnTo(org.slug, input.returnTo);
  if (pauses(state)) {
    signIns.inc({ outcome: state.step === 'second_factor' ? 'second_factor_required' : 'password_required' });
    return pause(ctx, org, user, 'account', state, { invitationId: undefined, returnTo, actor });
  }
  const open = (tx: Tx) => openSession(ctx, tx, org, user, 'account', state, { ...meta, device: input.device, replaces: input.replaces, via: 'sso' });
  const session = input.replaces ? await ctx.db.transaction().execute(open) : await open(ctx.db);
  signIns.inc({ outcome: 'succeeded' });
  return { kind: 'session', ...session, returnTo };
}

/** The second factors a re-authentication accepts: SMS codes are bound to a stored sign-in flow. */
const REAUTH_FACTORS: readonly Method[] = ['otp', 'backup_code'];

/**
 * Step-up re-authentication of an open session (see sessions.assertRecentAuthentication): the
 * person enters the password again and, when the account has an authenticator app or backup
 * codes, one of those codes too. It draws on the sign-in budgets of the account and the
 * address (reserve-then-check, as signing in does) and a failure is audited as `login.failed`
 * (kind `reauthentication`), so a stolen session is no better place to guess than the sign-in
 * page. The second factor is checked only after the password is right, so a backup code is
 * never used up by a wrong password. Success records the time on the session.
 */
export async function reauthenticate(
  ctx: Context,
  org: OrganizationRow,
  session: { sessionId: string; userId: string; kind: SessionKind; impersonated?: boolean },
  input: Meta & { password: string; method?: string | undefined; code?: string | undefined },
): Promise<void> {
  // An administrator acting as the user never learns or types the user's secrets.
  if (session.impersonated) throw new AppError('impersonation.read_only');
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const user = await users.findById(ctx.db, org.id, session.userId);
  if (!maySignIn(user, session.kind)) throw new AppError('auth.required');
  const actor = actorOf(org, user, user.username, meta);
  const keys = throttle.keysFor(org.id, user.username, input.ip, user.id);
  const counted = await throttle.attempt(ctx, keys);
  const account = (await accountOf(ctx, org, user))!;
  const factors = identifiedFactors(account).filter((m) => REAUTH_FACTORS.includes(m));
  const password = await strategies.password.verify(ctx, { org, user, secret: input.password, ...meta });
  const method = factors.find((m) => m === input.method) ?? factors[0];
  const strategy = method ? strategies.secondFactor(method) : undefined;
  const second = !password || !strategy ? undefined : input.code?.trim() ? await strategy.verify(ctx, { org, user, secret: input.code, ...meta }) : undefined;
  if (!password || (strategy && !second)) {
    const lockout = await counted.failed();
    const reason = !password ? 'wrong_password' : `wrong_${strategy!.method}`;
    await loginFailures.recordFailure(ctx, { org, user, actor, kind: 'reauthentication', login: user.username, reason, lockout });
    throw new AppError('auth.invalid_credentials', strategy ? 'Wrong password or code.' : undefined);
  }
  await counted.refund();
  await throttle.reset(ctx, keys);
  const methods = ['pwd', ...(strategy ? [strategy.method] : [])];
  const marked = await ctx.db.transaction().execute((tx) => sessions.markReauthenticated(ctx, tx, actor, { organizationId: org.id, userId: user.id, sessionId: session.sessionId, methods }));
  if (!marked) throw new AppError('auth.required');
}

/** The second-factor methods a re-authentication of this account asks for (empty: the password alone), its default first. */
export async function reauthenticationFactors(ctx: Context, org: OrganizationRow, userId: string): Promise<Method[]> {
  const user = await users.findById(ctx.db, org.id, userId);
  const account = await accountOf(ctx, org, user);
  return account ? identifiedFactors(account).filter((m) => REAUTH_FACTORS.includes(m)) : [];
}
