import type { Context } from '../context.js';
import type { OrganizationRow, UserRow } from '../db/types.js';
import { AppError } from '../errors/app-error.js';
import { hashPassword, verifyPassword, verifyPasswordDetailed } from '../lib/passwords.js';
import * as invitations from '../features/invitations/service.js';
import type { Enrollment, RequiredAction } from './flow.js';

export interface Attempt {
  org: OrganizationRow;
  /** The account the login name resolved to; undefined costs the same work as a wrong secret. */
  user: UserRow | undefined;
  secret: string;
  ip: string | null;
  userAgent: string | null;
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
export interface CredentialStrategy extends Enrollment<UserRow> {
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
  has: (user) => user.password_hash !== null,
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
  has: (user) => user.status === 'pending',
  async verify(ctx, { org, user, secret, ip, userAgent }) {
    const invitation = await invitations.verifyCode(ctx, org, user, secret, { ip, userAgent }).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'invitation.code_invalid') return undefined;
      throw err;
    });
    return invitation ? { requiredActions: ['set_password'], invitationId: invitation.id } : undefined;
  },
};

/**
 * Every strategy the flow knows. Second-factor strategies (TOTP, backup codes, SMS codes) join
 * this list; an account that has one is asked for it after the first factor.
 */
export const all: readonly CredentialStrategy[] = [password, invitationCode];
