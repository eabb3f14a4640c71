import type { Tx } from '../../context.js';
import { store } from '../../flows/index.js';

/** Setup links as the flow core sees them: used once; a newer link deletes the unused ones. */
export const TABLE: store.SecretTable = { table: 'setup_tokens', hash: 'token_hash', lifecycle: { kind: 'used', column: 'used_at' }, supersede: 'delete' };

export const discardUnused = (tx: Tx, now: Date) => store.supersede(tx, TABLE, {}, now);

export const insert = (tx: Tx, tokenHash: Buffer, expiresAt: Date) =>
  tx.insertInto('setup_tokens').values({ token_hash: tokenHash, expires_at: expiresAt }).execute();

export const findUsable = (tx: Tx, tokenHash: Buffer, now: Date) =>
  tx.selectFrom('setup_tokens').select('id').where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();

/** The single-use step: of parallel redemptions exactly one gets the row. */
export const consume = (tx: Tx, tokenHash: Buffer, now: Date) => store.consume<{ id: string }>(tx, TABLE, { hash: tokenHash }, {}, now);

export const findByHash = (tx: Tx, tokenHash: Buffer) =>
  tx.selectFrom('setup_tokens').select(['used_at', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
