import type { Tx } from '../../context.js';

export const discardUnused = (tx: Tx) => tx.deleteFrom('setup_tokens').where('used_at', 'is', null).execute();

export const insert = (tx: Tx, tokenHash: Buffer, expiresAt: Date) =>
  tx.insertInto('setup_tokens').values({ token_hash: tokenHash, expires_at: expiresAt }).execute();

export const findUsable = (tx: Tx, tokenHash: Buffer, now: Date) =>
  tx.selectFrom('setup_tokens').select('id').where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();

export const consume = (tx: Tx, tokenHash: Buffer, now: Date) =>
  tx
    .updateTable('setup_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();

export const findByHash = (tx: Tx, tokenHash: Buffer) =>
  tx.selectFrom('setup_tokens').select(['used_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
