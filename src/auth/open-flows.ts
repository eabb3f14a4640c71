import type { Context, Tx } from '../context.js';
import * as q from './queries.js';

/**
 * Ends the user's paused sign-ins, in the caller's transaction. Called wherever a user's
 * password is replaced, all their sessions end or their authenticator is reset: a sign-in
 * paused at the second factor or at enrolling an authenticator was begun with the old
 * credentials, and finishing it later would undo the reset (a phished password paused at
 * enrollment would still get a session after the owner changed it).
 */
export async function endOpenFlows(ctx: Context, tx: Tx, organizationId: string, userId: string): Promise<void> {
  await q.endOpenFlows(tx, organizationId, userId, ctx.clock.now());
}
