import type { Context, Tx } from '../../context.js';
import * as q from './queries.js';

/**
 * The user's recovery phone number (E.164) when the user proved it with a code, else
 * undefined. Every SMS that is not the verification code itself (recovery codes, second
 * factor codes, notices) goes to this number or to none: an unverified or absent phone
 * receives nothing. `db` may be the caller's transaction.
 */
export async function verifiedNumber(_ctx: Context, db: Tx, organizationId: string, userId: string): Promise<string | undefined> {
  return (await q.findVerifiedNumber(db, organizationId, userId))?.number;
}
