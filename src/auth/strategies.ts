import type { Context } from '../context.js';
import type { OrganizationRow, UserRow } from '../db/types.js';
import { AppError } from '../errors/app-error.js';
import { hashPassword, verifyPassword, verifyPasswordDetailed } from '../lib/passwords.js';
import * as invitations from '../features/invitations/service.js';
import * as mfa from '../features/mfa/service.js';
import type { Enrollment, Method, RequiredAction } from './flow.js';

/**
 * An account as the sign-in flow sees it: the user and its second factors, loaded once before
 * the flow identifies it, so the strategies answer `has` without I/O.
 */
export interface Account {
  user: UserRow;
  mfa: mfa.MfaAccount;
}

export interface Attempt {
  org: OrganizationRow;
  /** The account the login name resolved to; undefined costs the same work as a wrong secret. */
  user: UserRow | undefined;
  secret: string;
  ip: string | null;
  userAgent: string | null;
  /** The stored flow a second factor is proved in (SMS codes are bound to it). */
  flowId?: string;
}

/** What a right secret proved, and what it leaves the person to do. */
export interface Proof {
  requiredActions: RequiredAction[];
  /** The invitation a code belonged to: redeemed when the password is set. */
  invitationId?: string;
  /** The stored hash should be replaced by one of the same secret (older form or cost). */
  upgrade?: boolean;
}

/**
 * One way of proving who someone is. The flow asks the strategies an account `has` for the
 * second factor, and never learns how a secret is checked. A wrong secret is `undefined`,
 * never an error, so every strategy's failures look alike to the caller.
 */
export interface CredentialStrategy extends Enrollment<Account> {
  verify(ctx: Context, attempt: Attempt): Promise<Proof | undefined>;
}

let dummyHash: Promise<string> | undefined;
/** Unknown accounts cost one argon2 verification too, so timing doesn't tell them apart. */
export async function burnVerification(ctx: Context, secret: string) {
  dummyHash ??= hashPassword('not-a-real-password', ctx.argon2);
  await verifyPassword(await dummyHash, secret);
}

export const password: CredentialStrategy = {
  method: 'pwd',
  factor: 'first',
  has: ({ user }) => user.password_hash !== null,
  async verify(ctx, { user, secret }) {
    if (!user?.password_hash) {
      await burnVerification(ctx, secret);
      return undefined;
    }
    const { ok, legacy } = await verifyPasswordDetailed(user.password_hash, secret);
    // What a right password leaves to do (a forced change) depends on the organization's
    // rules, which the sign-in service checks after refusing accounts that may not sign in.
    return ok ? { requiredActions: [], upgrade: legacy } : undefined;
  },
};

/**
 * The code of an invitation sent by email or SMS, typed where the password goes: it proves
 * the person, who then sets a password before any session exists.
 */
export const invitationCode: CredentialStrategy = {
  method: 'invitation_code',
  factor: 'first',
  has: ({ user }) => user.status === 'pending',
  async verify(ctx, { org, user, secret, ip, userAgent }) {
    const invitation = await invitations.verifyCode(ctx, org, user, secret, { ip, userAgent }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'invitation.code_invalid') return undefined;
      throw err;
    });
    return invitation ? { requiredActions: ['set_password'], invitationId: invitation.id } : undefined;
  },
};

/**
 * A second factor the account can use now. None is asked for while the account must enroll a
 * new authenticator (after an authenticator reset): that enrollment is what comes next.
 */
const usable = (method: Method) => ({ mfa: a }: Account) => a.enrollRequired === null && a.methods.includes(method as mfa.MfaMethod);

/** An authenticator-app code (RFC 6238); a code whose time step was accepted before is refused. */
export const totp: CredentialStrategy = {
  method: 'otp',
  factor: 'second',
  has: usable('otp'),
  async verify(ctx, { org, user, secret }) {
    return user && (await mfa.verifyTotp(ctx, org, user.id, secret)) ? { requiredActions: [] } : undefined;
  },
};

/** One of the person's backup codes, or one an administrator issued: single use. */
export const backupCode: CredentialStrategy = {
  method: 'backup_code',
  factor: 'second',
  has: usable('backup_code'),
  async verify(ctx, { org, user, secret }) {
    return user && (await mfa.redeemBackupCode(ctx, ctx.db, org, user.id, secret)) ? { requiredActions: [] } : undefined;
  },
};

/**
 * A code texted to the verified recovery phone for this sign-in (a restricted authenticator,
 * only where the organization allows it): bound to the flow, single use, attempt-limited.
 */
export const smsCode: CredentialStrategy = {
  method: 'sms',
  factor: 'second',
  has: usable('sms'),
  async verify(ctx, { org, user, secret, flowId }) {
    return user && flowId && (await mfa.verifySignInCode(ctx, org, user.id, flowId, secret)) ? { requiredActions: [] } : undefined;
  },
};

/**
 * Every strategy the flow knows; an account that has a second-factor strategy is asked for
 * one after the first factor. A passkey is one more entry here.
 */
export const all: readonly CredentialStrategy[] = [password, invitationCode, totp, smsCode, backupCode];

/** The second-factor strategy of a method, if there is one. */
export const secondFactor = (method: string) => all.find((s) => s.factor === 'second' && s.method === method);
