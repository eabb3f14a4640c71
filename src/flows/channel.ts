import type { Context, Tx } from '../context.js';
import { boundHash, linkHash, newCode, newLinkToken, type Binding, type CodeAlphabet } from './secrets.js';

/**
 * One way of getting a one-time secret to a person: email link, email code, SMS code. A flow
 * picks a channel, and the channel decides the kind of secret and how its hash is bound; the
 * flow's own message (which template, which variables) is the `deliver` step.
 *
 * The printable sheet is not one of these: it makes no secret of its own kind for the person
 * and sends nothing. It is a one-time link secret of its own (a link token, consumed once)
 * that carries another flow's secret to the administrator who hands it over, beside or
 * instead of the channel (people without email).
 *
 * `R` is the recipient (e.g. a user row), `D` what delivery needs besides the secret.
 */
export interface DeliveryChannel<R, D> {
  /** `link`: a 256-bit token looked up by hash; `code`: a short code checked against one subject. */
  readonly secret: 'link' | 'code';
  /** Throws when the recipient lacks what this channel needs (an email, a phone). */
  check(recipient: R): void;
  newSecret(otp: CodeAlphabet): string;
  /** The keyed hash stored for the secret. */
  secretHash(ctx: Context, binding: Binding, secret: string): Buffer;
  /** Queues the message in the caller's transaction; the raw secret exists only in this call and the message. */
  deliver(ctx: Context, tx: Tx, d: D & { secret: string }): Promise<void>;
}

/** The secret-side half of a link channel: a 256-bit token, hashed unbound (see linkHash). */
export const linkSecret = { secret: 'link', newSecret: () => newLinkToken(), secretHash: (ctx: Context, _b: Binding, s: string) => linkHash(ctx.secret, s) } as const;
/** The secret-side half of a code channel: a code over the alphabet, hashed bound to purpose and subject. */
export const codeSecret = { secret: 'code', newSecret: (a: CodeAlphabet) => newCode(a), secretHash: (ctx: Context, b: Binding, s: string) => boundHash(ctx.secret, b, s) } as const;

/** Whether the channel can reach the recipient; throws its reason when it must. */
export function reachableBy<R>(channel: Pick<DeliveryChannel<R, unknown>, 'check'>, recipient: R, required: boolean): boolean {
  try {
    channel.check(recipient);
    return true;
  } catch (err) {
    if (required) throw err;
    return false;
  }
}
