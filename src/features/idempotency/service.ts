import { createHmac } from 'node:crypto';
import type { Context } from '../../context.js';
import { AppError } from '../../errors/app-error.js';
import { decrypt, encrypt } from '../../lib/crypto.js';
import * as q from './queries.js';

export type { Scope } from './queries.js';

/** How long a key and its first answer are kept. */
export const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const PURPOSE = 'idempotency-response';

export interface StoredResponse {
  status: number;
  contentType: string | undefined;
  body: string;
}

export type Outcome = { kind: 'proceed' } | { kind: 'replay'; response: StoredResponse };

/**
 * HMAC-SHA256 (server key) over a canonical form (sorted keys) of what identifies the
 * request. Keyed, because a body can hold a password: a plain hash of it could be guessed.
 */
export function requestHash(secret: Buffer, parts: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  return createHmac('sha256', secret).update(JSON.stringify(canonical(parts) ?? null)).digest('hex');
}

/**
 * Starts a request that carries an Idempotency-Key. `proceed`: this request holds the key
 * and must end with complete() or release(). `replay`: the first answer, to send as is.
 * Refused with idempotency.key_reused when the key came with another request, and with
 * idempotency.in_progress while the first request with it is still running (no waiting:
 * a retry a moment later gets the answer).
 */
export async function begin(ctx: Context, scope: q.Scope, hash: string): Promise<Outcome> {
  const now = ctx.clock.now();
  // A request still "in progress" after twice the request timeout was lost with its node.
  const staleBefore = new Date(now.getTime() - Math.max(60_000, 2 * ctx.config.requestTimeoutMs));
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await q.claim(ctx.db, scope, hash, now, new Date(now.getTime() + KEY_TTL_MS), staleBefore)) return { kind: 'proceed' };
    const row = await q.find(ctx.db, scope);
    if (!row) continue; // released between the two statements: try to claim again
    if (row.request_hash !== hash) {
      throw new AppError('idempotency.key_reused', 'This Idempotency-Key was already used with a different request; use a new key for a new request.');
    }
    if (row.state === 'in_progress' || !row.response) {
      throw new AppError('idempotency.in_progress', 'A request with this Idempotency-Key is still being processed; retry shortly to get its answer.', { retryAfterSeconds: 1 });
    }
    return { kind: 'replay', response: JSON.parse(decrypt(ctx.secret, PURPOSE, row.response)) as StoredResponse };
  }
  throw new AppError('idempotency.in_progress', undefined, { retryAfterSeconds: 1 });
}

/** Keeps the first answer, encrypted with the server key: it may hold a token or a password. */
export async function complete(ctx: Context, scope: q.Scope, hash: string, response: StoredResponse): Promise<void> {
  await q.complete(ctx.db, scope, hash, encrypt(ctx.secret, PURPOSE, JSON.stringify(response)));
}

export async function release(ctx: Context, scope: q.Scope, hash: string): Promise<void> {
  await q.release(ctx.db, scope, hash);
}

/** Deletes keys past their 24 hours; returns how many. */
export async function purgeExpired(ctx: Context): Promise<number> {
  return q.purgeExpired(ctx.db, ctx.clock.now());
}
